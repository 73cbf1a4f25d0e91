"""Counts nobody can inflate alone: one address's day cap, held supports, the count's split."""

from datetime import datetime

from assembly.extensions import db
from assembly.needs.models import Support
from assembly.trace.operations import events_for
from tests.helpers import Auth, post

HELD_MESSAGE = "L’équipe va le vérifier, puis le compter"


def browser(app, address="127.0.0.1"):
    """A new browser, with no cookie yet, at `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def supports(app, need_id):
    """(counted, held) "moi aussi" rows of a need."""
    with app.app_context():
        rows = db.session.scalars(db.select(Support).filter_by(need_id=need_id)).all()
        return sum(not r.held for r in rows), sum(r.held for r in rows)


def cap(app) -> int:
    return app.config["SUPPORTS_PER_ADDRESS_PER_DAY"]


def test_thirty_cookieless_posts_from_one_address_add_the_cap_and_hold_the_rest(
    app, group, make_need, need_row
):
    need = make_need()
    answers = [
        post(browser(app), "/g/glycines/needs/1/support", follow_redirects=True) for _ in range(30)
    ]
    assert need_row(1).support_count == need_row(1).total_support == cap(app)
    assert supports(app, need.id) == (cap(app), 30 - cap(app))
    # Whoever is held is told so, honestly, and their browser remembers it was recorded.
    assert HELD_MESSAGE not in answers[cap(app) - 1].get_data(as_text=True)
    assert HELD_MESSAGE in answers[-1].get_data(as_text=True)
    with app.app_context():
        verbs = [e.verb for e in events_for("needs", need.id)]
        assert verbs.count("need.supported") == cap(app)
        assert verbs.count("need.support_held") == 30 - cap(app)
        # The address itself is kept nowhere: only its keyed hash.
        keys = set(db.session.scalars(db.select(Support.address_key)))
        assert len(keys) == 1 and "127.0.0.1" not in next(iter(keys))


def test_the_cap_is_per_address_per_need_per_day(app, group, make_need, need_row, clock):
    clock.freeze(datetime(2027, 3, 1, 18))
    first, other = make_need(), make_need("Autre besoin")
    for index in range(cap(app) + 3):  # a room: each phone at an address of its own
        post(browser(app, f"203.0.113.{index}"), "/g/glycines/needs/1/support")
    assert supports(app, first.id) == (cap(app) + 3, 0)
    for _ in range(cap(app)):
        post(browser(app), "/g/glycines/needs/2/support")
    post(browser(app), "/g/glycines/needs/1/support")  # another need: its own cap
    assert supports(app, first.id) == (cap(app) + 4, 0)
    post(browser(app), "/g/glycines/needs/2/support")
    assert supports(app, other.id) == (cap(app), 1)

    clock.advance(days=1, minutes=1)  # the next day the address starts afresh
    post(browser(app), "/g/glycines/needs/2/support")
    assert supports(app, other.id) == (cap(app) + 1, 1)
    with app.app_context():  # and yesterday's keys of that need are gone
        old = db.session.scalars(db.select(Support).filter_by(need_id=other.id)).all()
        assert [s.address_key is None for s in old] == [True] * (cap(app) + 1) + [False]


def test_every_address_key_a_day_old_is_erased_by_the_daily_sweep(app, group, make_need, clock):
    from assembly.needs.held import forget_support_addresses

    clock.freeze(datetime(2027, 3, 1, 18))
    make_need()
    post(browser(app), "/g/glycines/needs/1/support")
    with app.app_context():
        assert forget_support_addresses(clock.utcnow()) == 0
    clock.advance(days=1)
    with app.app_context():
        assert forget_support_addresses(clock.utcnow()) == 1
        assert db.session.scalars(db.select(Support.address_key)).all() == [None]


def test_a_member_is_never_held(app, people, group, make_need, need_row):
    need = make_need()
    for _ in range(cap(app) + 1):
        post(browser(app), "/g/glycines/needs/1/support")
    for role in ("member", "facilitator", "organizer"):  # the same address, signed in
        device = browser(app)
        Auth(device).login(role)
        answer = post(device, "/g/glycines/needs/1/support", follow_redirects=True)
        assert HELD_MESSAGE not in answer.get_data(as_text=True)
    assert supports(app, need.id) == (cap(app) + 3, 1)
    assert need_row(1).support_count == cap(app) + 3


def test_the_team_counts_or_sets_aside_held_supports(app, client, auth, group, make_need, need_row):
    need = make_need()
    for _ in range(cap(app) + 2):
        post(browser(app), "/g/glycines/needs/1/support")
    auth.login("facilitator")
    # Findable by links: the navigation's count and the queue lead to the need's page.
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "À examiner (1)" in home
    queue = client.get("/g/glycines/needs/moderation").get_data(as_text=True)
    assert 'href="/g/glycines/needs/1#held"' in queue and "2 retenus" in queue
    page = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert 'id="held"' in page and 'name="through" value="' in page
    through = str(db_last_held(app, need.id))

    post(browser(app), "/g/glycines/needs/1/support")  # one more, after the team looked
    post(client, "/g/glycines/needs/1/held", {"decision": "count", "through": through})
    assert supports(app, need.id) == (cap(app) + 2, 1)  # the late one still waits
    assert need_row(1).total_support == cap(app) + 2
    trace = client.get("/g/glycines/needs/1").get_data(as_text=True)
    told = (
        "L’équipe a vérifié 2 «\u00a0moi aussi\u00a0» venus d’une même connexion, et les a comptés."
    )
    assert told in trace

    through = str(db_last_held(app, need.id))
    refused = post(
        client,
        "/g/glycines/needs/1/held",
        {"decision": "discard", "through": through},
        follow_redirects=True,
    )
    assert "Rien n’a changé\u00a0: confirmez d’abord." in refused.get_data(as_text=True)
    assert supports(app, need.id) == (cap(app) + 2, 1)
    post(
        client,
        "/g/glycines/needs/1/held",
        {"decision": "discard", "through": through, "confirm": "yes"},
    )
    assert supports(app, need.id) == (cap(app) + 2, 0)
    assert need_row(1).total_support == cap(app) + 2
    with app.app_context():
        events = events_for("needs", need.id)
        assert [(e.verb, e.payload["count"]) for e in events if e.verb.startswith("need.held")] == [
            ("need.held_counted", 2),
            ("need.held_discarded", 1),
        ]
    assert "À examiner (0)" in client.get("/g/glycines/").get_data(as_text=True)
    assert 'id="held"' not in client.get("/g/glycines/needs/1").get_data(as_text=True)


def db_last_held(app, need_id) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.max(Support.id)).filter_by(need_id=need_id, held=True)
        )


def test_the_page_splits_the_count_by_how_it_was_gathered(
    app, client, auth, group, make_need, need_row
):
    from assembly.needs.models import Channel, Need

    make_need()
    member = Auth(browser(app))
    member.login("member")
    post(member.client, "/g/glycines/needs/1/support")
    for _ in range(cap(app) + 1):
        post(browser(app), "/g/glycines/needs/1/support")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/1/counted", {"count": "3", "channel": "meeting"})
    post(client, "/g/glycines/needs/1/counted", {"count": "2", "channel": "door"})

    with app.app_context():
        split = db.session.scalar(db.select(Need)).support_split()
    assert (split.members, split.anonymous, split.held) == (1, cap(app), 1)
    assert split.offline == {Channel.MEETING: 3, Channel.DOOR: 2}
    assert split.total == need_row(1).total_support == 1 + cap(app) + 5

    public = app.test_client().get("/g/glycines/needs/1").get_data(as_text=True)
    assert f"<strong>{split.total}</strong> personnes concernées par ce besoin" in public
    assert "1 avec un compte" in public
    assert f"{cap(app)} en ligne, sans compte" in public
    assert "3 comptées par l’équipe (réunion)" in public
    assert "2 comptées par l’équipe (porte-à-porte)" in public
    assert "retenu" not in public  # held supports are the team's business
    team = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert "Et 1 «\u00a0moi aussi\u00a0» retenu pour vérification" in team


def test_anyone_withdraws_their_own_me_too_and_only_their_own(
    app, people, group, make_need, need_row
):
    make_need()
    mine, someone_else = browser(app), browser(app)
    post(mine, "/g/glycines/needs/1/support")
    post(someone_else, "/g/glycines/needs/1/support")
    page = mine.get("/g/glycines/needs/1").get_data(as_text=True)
    assert 'action="/g/glycines/needs/1/withdraw"' in page

    stranger = browser(app)
    answer = post(stranger, "/g/glycines/needs/1/withdraw", follow_redirects=True)
    assert "Rien n’a changé" in answer.get_data(as_text=True)
    assert need_row(1).support_count == 2
    answer = post(mine, "/g/glycines/needs/1/withdraw", follow_redirects=True)
    assert "Votre «\u00a0moi aussi\u00a0» est retiré." in answer.get_data(as_text=True)
    assert (need_row(1).support_count, need_row(1).total_support) == (1, 1)
    assert 'action="/g/glycines/needs/1/support"' in answer.get_data(as_text=True)
    post(mine, "/g/glycines/needs/1/withdraw")  # twice: still only one off
    assert need_row(1).support_count == 1

    member = Auth(browser(app))
    member.login("member")
    post(member.client, "/g/glycines/needs/1/support")
    other_member = Auth(browser(app))
    other_member.login("organizer")
    post(other_member.client, "/g/glycines/needs/1/withdraw")
    assert need_row(1).support_count == 2
    post(member.client, "/g/glycines/needs/1/withdraw")
    assert need_row(1).support_count == 1
    with app.app_context():
        assert db.session.scalars(db.select(Support.user_id)).all() == [None]  # someone_else's


def test_an_author_withdraws_their_first_support_and_a_held_one_simply_goes(
    app, client, group, make_need, need_row
):
    post(client, "/g/glycines/needs/new", {"title": "Pas d'eau chaude"})
    facilitator = Auth(browser(app))
    facilitator.login("facilitator")
    post(facilitator.client, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    assert need_row(1).support_count == 1  # the author's own, from the same address
    post(client, "/g/glycines/needs/1/withdraw")
    assert need_row(1).total_support == 0

    for _ in range(cap(app)):
        post(browser(app), "/g/glycines/needs/1/support")
    held = browser(app)
    post(held, "/g/glycines/needs/1/support")
    assert supports(app, 1) == (cap(app), 1)
    assert HELD_MESSAGE in held.get("/g/glycines/needs/1").get_data(as_text=True)
    post(held, "/g/glycines/needs/1/withdraw")
    assert supports(app, 1) == (cap(app), 0)
    assert need_row(1).total_support == cap(app)


def test_withdrawing_with_htmx_answers_the_support_block(app, group, make_need, need_row):
    make_need()
    mine = browser(app)
    post(mine, "/g/glycines/needs/1/support")
    response = post(mine, "/g/glycines/needs/1/withdraw", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="support"') and "<html" not in page
    assert "<strong>0</strong>" in page and 'action="/g/glycines/needs/1/support"' in page


def test_a_closed_need_keeps_its_supports(app, client, auth, group, make_need, need_row):
    make_need()
    mine = browser(app)
    post(mine, "/g/glycines/needs/1/support")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/1/status", {"status": "resolved", "reason": "Réparé"})
    post(mine, "/g/glycines/needs/1/withdraw")
    assert need_row(1).support_count == 1
    assert "/withdraw" not in mine.get("/g/glycines/needs/1").get_data(as_text=True)


def test_held_supports_follow_a_merge_still_held(app, client, auth, group, make_need, need_row):
    kept, duplicate = make_need("Ascenseur C en panne"), make_need("L'ascenseur ne marche plus")
    for _ in range(cap(app) + 2):
        post(browser(app), "/g/glycines/needs/2/support")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    assert supports(app, kept.id) == (cap(app), 2) and supports(app, duplicate.id) == (0, 0)
    assert need_row(1).support_count == need_row(1).total_support == cap(app)

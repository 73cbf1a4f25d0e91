"""How a campaign ends: every need of it says so on its trace, the needs the team checks
are resolved, who raised them hears it once; it may be reopened; the group keeps a public
timeline of its victories."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from assembly.campaigns.models import Campaign, Stage
from assembly.extensions import db
from assembly.messages.models import MessageKind, MessageStatus
from assembly.needs.models import Need, NeedStatus
from assembly.trace.models import Event
from assembly.web.contact import parse_contact
from tests.helpers import post
from tests.messaging import MESSAGING
from tests.produced import outbox

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris: SMS go at once
WORDS = "Les deux ascenseurs sont réparés et un contrat prévoit une intervention sous 48 h."


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture(autouse=True)
def morning(app, clock):
    clock.freeze(MORNING)


@pytest.fixture
def lifts(make_need, make_campaign):
    """A campaign under way over three needs; returns it with the needs' numbers."""
    needs = [
        make_need("L'ascenseur A est en panne"),
        make_need("L'ascenseur C est en panne"),
        make_need("Les pannes durent des semaines"),
    ]
    campaign = make_campaign(
        "Des ascenseurs qui marchent", needs=[n.number for n in needs], started=True
    )
    campaign.needs = needs
    return campaign


def need_state(app, number):
    with app.app_context():
        need = db.session.scalar(db.select(Need).filter_by(number=number))
        return need.status, need.status_reason


CHECKED = re.compile(
    r'<input checked id="resolved-\d+" name="resolved" type="checkbox" value="(\d+)">'
)


def end(client, campaign, stage="won", outcome=WORDS, resolved=None, confirm=True):
    """End the campaign through its page; `resolved`: the need ids to check (by default
    those the page checks)."""
    page = client.get(f"{campaign.url}/end?stage={stage}").get_data(as_text=True)
    if resolved is None:
        resolved = [int(number) for number in CHECKED.findall(page)]
    data = {"stage": stage, "outcome": outcome, "resolved": resolved}
    if confirm:
        data["confirm"] = "yes"
    return post(client, f"{campaign.url}/end", data)


def test_a_victory_is_told_on_every_need_of_the_campaign(app, client, auth, lifts):
    auth.login("organizer")
    assert end(client, lifts).status_code == 302
    with app.app_context():
        campaign = db.session.get(Campaign, lifts.id)
        assert (campaign.stage, campaign.outcome) == (Stage.WON, WORDS)
        assert campaign.ended_at == MORNING
        [ended] = db.session.scalars(db.select(Event).filter_by(verb="campaign.ended")).all()
        assert ended.payload["stage"] == "won"
    auth.logout()
    for need in lifts.needs:
        page = client.get(f"/g/glycines/needs/{need.number}").get_data(as_text=True)
        assert f"Victoire\u00a0: {WORDS}" in page
        assert "(campagne «\u00a0<a href=" in page
        # Checked by default on a victory: resolved, in the same words.
        assert need_state(app, need.number) == (NeedStatus.RESOLVED, f"Victoire\u00a0: {WORDS}")
    page = client.get(lifts.url).get_data(as_text=True)
    assert "Victoire\u00a0!" in page and WORDS in page
    assert page.index("Victoire\u00a0!") < page.index('id="needs"')  # at the top


def test_the_needs_boxes_are_checked_on_a_victory_only(client, auth, lifts):
    auth.login("organizer")
    won = client.get(f"{lifts.url}/end?stage=won").get_data(as_text=True)
    lost = client.get(f"{lifts.url}/end?stage=lost").get_data(as_text=True)
    ids = sorted(need.id for need in lifts.needs)
    assert sorted(map(int, CHECKED.findall(won))) == ids
    assert CHECKED.findall(lost) == [] and all(f'value="{id_}"' in lost for id_ in ids)


def test_only_the_needs_checked_are_resolved_but_every_need_is_told(app, client, auth, lifts):
    auth.login("organizer")
    first, second, third = lifts.needs
    assert end(client, lifts, "partly_won", resolved=[second.id]).status_code == 302
    assert need_state(app, second.number) == (NeedStatus.RESOLVED, f"Victoire\u00a0: {WORDS}")
    assert need_state(app, first.number)[0] == need_state(app, third.number)[0] == NeedStatus.NEW
    for need in lifts.needs:
        page = client.get(f"/g/glycines/needs/{need.number}").get_data(as_text=True)
        assert f"Victoire\u00a0: {WORDS}" in page and "gagnée en partie)" in page


@pytest.mark.parametrize(
    ("stage", "sentence"),
    [
        ("lost", "La campagne a été perdue\u00a0: "),
        ("dropped", "La campagne a été abandonnée\u00a0: "),
    ],
)
def test_a_lost_or_dropped_campaign_says_so_and_resolves_nothing_by_default(
    app, client, auth, lifts, stage, sentence
):
    auth.login("organizer")
    assert end(client, lifts, stage, outcome="Le bailleur a refusé.").status_code == 302
    for need in lifts.needs:
        page = client.get(f"/g/glycines/needs/{need.number}").get_data(as_text=True)
        assert f"{sentence}Le bailleur a refusé." in page and "Victoire" not in page
        assert need_state(app, need.number)[0] == NeedStatus.NEW


def test_nothing_ends_without_the_confirmation_or_the_words(app, client, auth, lifts):
    auth.login("organizer")
    response = end(client, lifts, confirm=False)
    assert response.status_code == 302 and response.headers["Location"].endswith("/end")
    response = end(client, lifts, outcome="   ")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="outcome-error"' in page and '<details class="confirm inline" open>' in page
    with app.app_context():
        assert db.session.get(Campaign, lifts.id).stage == Stage.ACTIVE
        assert not db.session.scalars(db.select(Event).filter_by(verb="need.campaign_ended")).all()


def test_those_who_raised_the_needs_are_told_once_each(app, client, auth, make_need, make_campaign):
    def raised(title, phone):
        return make_need(
            title, contact=parse_contact(phone), wording="J’accepte d’être recontactée."
        )

    awa_first = raised("L'ascenseur A est en panne", "06 11 11 11 11")
    with app.app_context():  # Awa raises a second one, known by then
        from assembly.groups.models import Group
        from assembly.needs.operations import submit_need
        from assembly.people.models import Person

        second = submit_need(
            db.session.scalar(db.select(Group)),
            title="Le bouton du 4e ne marche pas",
            trusted=True,
            person=db.session.get(Person, awa_first.person_id),
        )
        awa_second = SimpleNamespace(id=second.id, number=second.number)
    bintou = raised("L'ascenseur C est en panne", "06 22 22 22 22")
    silent = make_need("Les pannes durent")  # nobody to tell
    campaign = make_campaign(
        "Des ascenseurs qui marchent",
        needs=[n.number for n in (awa_first, awa_second, bintou, silent)],
        started=True,
    )
    campaign.needs = [awa_first, awa_second, bintou, silent]
    auth.login("organizer")
    response = end(client, campaign)
    assert response.status_code == 302
    queued = outbox(app, kind=MessageKind.NEED_UPDATE, status=MessageStatus.QUEUED)
    assert sorted(m.person_id for m in queued) == sorted([awa_first.person_id, bintou.person_id])
    awa = next(m for m in queued if m.person_id == awa_first.person_id)
    assert awa.dedup_key == f"campaign:{campaign.id}:ended:won:person:{awa_first.person_id}"
    assert awa.body.startswith('La campagne "Des ascenseurs qui marchent" est gagnée : Les deux')
    assert f"Vos besoins B-{awa_first.number}, B-{awa_second.number} sont résolus." in awa.body
    assert awa.link == f"http://localhost{campaign.url}"
    # The needs' own "resolved" news to them was withdrawn: they heard it once.
    withdrawn = outbox(app, status=MessageStatus.CANCELLED)
    assert {m.person_id for m in withdrawn} == {awa_first.person_id, bintou.person_id}
    # Reopened and won again: nobody is told twice.
    post(client, f"{campaign.url}/reopen", {"confirm": "yes"})
    end(client, campaign, resolved=[])
    assert len(outbox(app, kind=MessageKind.NEED_UPDATE, status=MessageStatus.QUEUED)) == 2


def test_an_ended_campaign_may_be_reopened_and_its_needs_say_so(app, client, auth, lifts):
    auth.login("organizer")
    end(client, lifts, "lost", outcome="Le bailleur a refusé.")
    post(client, f"{lifts.url}/reopen")  # not confirmed: nothing
    with app.app_context():
        assert db.session.get(Campaign, lifts.id).stage == Stage.LOST
    assert post(client, f"{lifts.url}/reopen", {"confirm": "yes"}).status_code == 302
    with app.app_context():
        campaign = db.session.get(Campaign, lifts.id)
        assert (campaign.stage, campaign.outcome, campaign.ended_at) == (Stage.ACTIVE, "", None)
        [event] = db.session.scalars(db.select(Event).filter_by(verb="campaign.reopened")).all()
        assert event.payload == {"stage": "lost", "outcome": "Le bailleur a refusé."}
    page = client.get(f"/g/glycines/needs/{lifts.needs[0].number}").get_data(as_text=True)
    assert "Le bailleur a refusé." in page and "» est de nouveau en cours." in page
    assert "Le bailleur a refusé." not in client.get(lifts.url).get_data(as_text=True)


def test_ending_is_for_a_campaign_under_way(app, client, auth, make_campaign):
    candidate = make_campaign("Des caves propres")
    auth.login("organizer")
    response = end(client, candidate)
    assert response.status_code == 302 and response.headers["Location"] == candidate.url
    with app.app_context():
        assert db.session.get(Campaign, candidate.id).stage == Stage.CANDIDATE


@pytest.fixture
def ended(app, make_campaign, clock):
    """Campaigns ended one day apart, in the order given: (title, stage, public)."""

    def make(*specs):
        made = []
        for day, (title, stage, public) in enumerate(specs):
            campaign = make_campaign(title, started=True, public=public)
            with app.app_context():
                row = db.session.get(Campaign, campaign.id)
                row.stage, row.outcome = stage, f"Ce qui a changé : {title}."
                row.ended_at = MORNING + timedelta(days=day)
                db.session.commit()
            made.append(campaign)
        return made

    return make


def test_the_victories_timeline_newest_first_for_those_who_may_read_them(client, auth, ended):
    ended(
        ("Des bancs", Stage.WON, True),
        ("Le local", Stage.PARTLY_WON, False),  # members only
        ("Les caves", Stage.LOST, True),  # not a victory
        ("La lumière", Stage.PARTLY_WON, True),
        ("Le chauffage", Stage.WON, True),
        ("Les poubelles", Stage.DROPPED, True),
    )
    page = client.get("/g/glycines/campaigns/victories").get_data(as_text=True)
    titles = ["Le chauffage", "La lumière", "Des bancs"]
    assert [page.index(title) for title in titles] == sorted(page.index(t) for t in titles)
    assert "Ce qui a changé : Le chauffage." in page
    assert not [t for t in ("Le local", "Les caves", "Les poubelles") if t in page]
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "Nos victoires" in home and all(title in home for title in titles)
    assert 'href="/g/glycines/campaigns/victories"' in home
    auth.login("member")
    page = client.get("/g/glycines/campaigns/victories").get_data(as_text=True)
    assert page.index("Le chauffage") < page.index("La lumière") < page.index("Le local")
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "Le local" in home and "Des bancs" not in home  # the latest three


def test_no_victory_no_timeline_on_the_home(client, group):
    assert "Nos victoires" not in client.get("/g/glycines/").get_data(as_text=True)
    assert client.get("/g/glycines/campaigns/victories").status_code == 200

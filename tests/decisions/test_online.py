"""Online decisions: put to the members for a period, argued for and against, voted on time."""

from datetime import datetime, timedelta

import pytest

from assembly.decisions.models import Argument, Ballot, Choice, Decision, DecisionStatus, Method
from assembly.decisions.operations import core, online, voting
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need
from assembly.trace.models import Event
from tests.helpers import post

DECISIONS = "/g/glycines/decisions"
# Monday 2 March 2026, 9:00 UTC: 10:00 in Paris (UTC+1 until the end of March).
START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so the tests read the msgids whatever the catalogs hold."""
    client.set_cookie("lang", "en")


@pytest.fixture
def clock(clock):
    """The app's clock, frozen at START; `clock.advance(hours=1)` moves it on."""
    clock.freeze(START)
    return clock


@pytest.fixture
def make_need(app, group):
    """An approved need of the test group; returns its number."""
    from assembly.needs.operations import submit_need

    def make(title="L'ascenseur du bâtiment C est en panne") -> int:
        with app.app_context():
            group_row = db.session.get(Group, group.id)
            return submit_need(group_row, title=title, trusted=True).number

    return make


@pytest.fixture
def make_decision(app, group, clock):
    """An online decision of the test group, made by the operation; returns its id."""

    def make(
        question="Demande-t-on un rendez-vous au bailleur ?",
        *,
        method=Method.BALLOT,
        opens=timedelta(0),
        closes=timedelta(days=7),
        needs=(),
        **fields,
    ) -> int:
        with app.app_context():
            group_row = db.session.get(Group, group.id)
            linked = db.session.scalars(
                db.select(Need).where(Need.group_id == group.id, Need.number.in_(needs))
            )
            decision = online.create_online_decision(
                group_row,
                question=question,
                method=method,
                by=None,
                opens_at=clock.utcnow() + opens,
                closes_at=clock.utcnow() + closes,
                needs=list(linked),
                now=clock.utcnow(),
                **fields,
            )
            return decision.id

    return make


def vote(app, decision_id, user, choice="yes", **grades):
    """Cast `user`'s ballot as the ballot page does (a name goes with a named vote)."""
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        voting.cast_ballot(
            decision, user_id=user.id, name=user.username.title(), choice=Choice(choice)
        )


def read(app, model, **filters) -> list:
    with app.app_context():
        rows = list(db.session.scalars(db.select(model).filter_by(**filters)))
        db.session.expunge_all()
        return rows


def text(response) -> str:
    return response.get_data(as_text=True)


def decision_data(**overrides) -> dict:
    data = {
        "question": "Demande-t-on un rendez-vous au bailleur ?",
        "proposal": "Une délégation de cinq personnes, avant l'été.",
        "method": "ballot",
        "closes_date": "2026-03-09",
        "closes_time": "20:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Putting a question to the members ------------------------------------------------------


def test_the_team_puts_a_question_online_in_paris_time_stored_in_utc(
    app, client, auth, group, clock, make_need
):
    number = make_need()
    auth.login("facilitator")
    form = client.get(f"{DECISIONS}/new")
    assert form.status_code == 200
    assert 'value="2026-03-02"' in text(form) and 'value="10:00"' in text(form)  # now, in Paris
    response = post(
        client,
        f"{DECISIONS}/new",
        decision_data(secret="y", needs=f"B-{number}", opens_date="2026-03-03", opens_time="8:00"),
    )
    assert response.status_code == 302
    (decision,) = read(app, Decision)
    assert response.headers["Location"] == f"{DECISIONS}/{decision.id}"
    assert decision.meeting_id is None and decision.status == DecisionStatus.OPEN
    assert decision.voters == "members" and decision.secret and not decision.public
    # 8:00 and 20:00 in Paris in March (UTC+1) are 7:00 and 19:00 UTC.
    assert decision.opens_at == datetime(2026, 3, 3, 7, 0)
    assert decision.closes_at == datetime(2026, 3, 9, 19, 0)
    with app.app_context():
        assert [n.number for n in db.session.get(Decision, decision.id).needs] == [number]


def test_a_question_opens_now_when_no_opening_is_given(app, client, auth, group, clock):
    auth.login("organizer")
    assert post(client, f"{DECISIONS}/new", decision_data()).status_code == 302
    (decision,) = read(app, Decision)
    assert decision.opens_at == START


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"closes_date": "2026-03-01"}, "already past"),
        ({"opens_date": "2026-03-05", "opens_time": "9:00", "closes_date": "2026-03-04"}, "after"),
        ({"closes_date": "2026-05-30"}, "60 days"),
    ],
)
def test_a_period_past_backwards_or_too_long_is_refused_next_to_the_closing_date(
    app, client, auth, group, clock, fields, error
):
    auth.login("facilitator")
    response = post(client, f"{DECISIONS}/new", decision_data(**fields))
    assert response.status_code == 400
    page = text(response)
    assert 'id="closes_date-error"' in page and error in page
    assert "Une délégation de cinq personnes" in page  # what was typed stays
    assert read(app, Decision) == []


def test_a_majority_judgment_needs_two_options(app, client, auth, group, clock):
    auth.login("facilitator")
    for too_few in ("", "Pique-nique\n\n"):
        data = decision_data(method="judgment", options=too_few)
        response = post(client, f"{DECISIONS}/new", data)
        assert response.status_code == 400 and 'id="options-error"' in text(response)
    data["options"] = "Pique-nique\nConcert\nPique-nique"
    assert post(client, f"{DECISIONS}/new", data).status_code == 302
    with app.app_context():
        decision = db.session.scalar(db.select(Decision))
        assert [option.label for option in decision.options] == ["Pique-nique", "Concert"]


def test_an_unknown_need_number_is_refused_and_members_cannot_put_questions(
    app, client, auth, group, clock
):
    auth.login("facilitator")
    response = post(client, f"{DECISIONS}/new", decision_data(needs="B-99"))
    assert response.status_code == 400 and "B-99" in text(response)
    auth.logout()
    auth.login("member")
    assert post(client, f"{DECISIONS}/new", decision_data()).status_code == 403
    assert read(app, Decision) == []


# On time ----------------------------------------------------------------------------------


def test_an_online_decision_opens_and_closes_on_time(
    app, client, auth, group, people, clock, make_decision
):
    decision_id = make_decision(opens=timedelta(hours=1), closes=timedelta(days=1))
    auth.login("member")
    argue = f"{DECISIONS}/{decision_id}/arguments"

    with pytest.raises(core.NotOpen):  # before the opening
        vote(app, decision_id, people["member"])
    assert post(client, argue, {"side": "for", "body": "Trop tôt ?"}).status_code == 400

    clock.advance(hours=1)  # it opens
    vote(app, decision_id, people["member"], "yes")
    assert post(client, argue, {"side": "for", "body": "À l'heure."}).status_code == 302

    clock.advance(hours=23)  # it closes, though nobody has run close-decisions yet
    with pytest.raises(core.NotOpen):
        vote(app, decision_id, people["facilitator"], "no")
    refused = post(client, argue, {"side": "against", "body": "Trop tard."})
    assert refused.status_code == 400 and "Trop tard." in text(refused)
    assert [a.body for a in read(app, Argument)] == ["À l'heure."]
    (decision,) = read(app, Decision)
    assert decision.status == DecisionStatus.OPEN  # still to be recorded…
    with app.app_context():
        settled = online.settled(db.session.get(Decision, decision_id))
    assert settled.outcome == "adopted" and settled.result["yes"] == 1  # …but already known
    register = text(client.get(DECISIONS))
    assert "Adopted" in register and "Demande-t-on un rendez-vous" in register
    shown = text(client.get(f"{DECISIONS}/{decision_id}"))
    assert 'class="outcome outcome-adopted"' in shown and "Adopted" in shown
    assert "Post the argument" not in shown

    assert app.test_cli_runner().invoke(args=["close-decisions"]).exit_code == 0
    (decision,) = read(app, Decision)
    assert decision.status == DecisionStatus.CLOSED and decision.outcome == "adopted"
    shown = text(client.get(f"{DECISIONS}/{decision_id}"))
    assert 'class="outcome outcome-adopted"' in shown  # now the recorded result


def test_a_member_votes_once_and_a_second_vote_changes_it(
    app, client, auth, group, people, clock, make_decision
):
    decision_id = make_decision()
    auth.login("member")
    for choice in ("yes", "no"):
        response = post(client, f"{DECISIONS}/{decision_id}/ballot", {"choice": choice})
        assert response.status_code == 302
    (ballot,) = read(app, Ballot, decision_id=decision_id)
    assert ballot.choice == "no" and ballot.user_id == people["member"].id


def test_outsiders_can_neither_vote_nor_argue(app, client, auth, group, clock, make_decision):
    decision_id = make_decision(public=True)
    data = {"side": "for", "body": "Je ne suis pas membre."}
    response = post(client, f"{DECISIONS}/{decision_id}/arguments", data)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    auth.login("outsider")
    assert post(client, f"{DECISIONS}/{decision_id}/arguments", data).status_code == 403
    ballot = post(client, f"{DECISIONS}/{decision_id}/ballot", {"choice": "yes"})
    assert ballot.status_code in (302, 403, 404)  # refused, whichever way the ballot page says it
    assert read(app, Argument) == [] and read(app, Ballot) == []


# Arguments for and against ----------------------------------------------------------------


def argue(client, decision_id, side, body):
    response = post(client, f"{DECISIONS}/{decision_id}/arguments", {"side": side, "body": body})
    assert response.status_code == 302, text(response)
    return response


def test_members_read_arguments_for_and_against_with_their_names(
    app, client, auth, group, people, clock, make_decision
):
    decision_id = make_decision(public=True)
    auth.login("member")
    response = argue(client, decision_id, "for", "Le bailleur ne répond qu'aux groupes.")
    assert response.headers["Location"].endswith(f"/decisions/{decision_id}#arguments")
    auth.logout()
    auth.login("facilitator")
    argue(client, decision_id, "against", "Attendons la réunion de mars.")
    page = text(client.get(f"{DECISIONS}/{decision_id}"))
    sides = page.split('class="side against"')
    assert "Le bailleur ne répond" in sides[0] and "Member" in sides[0]
    assert "Attendons la réunion" in sides[1] and "Facilitator" in sides[1]
    events = read(app, Event, verb="decision.argued")
    assert [(e.actor_id, e.payload) for e in events] == [
        (people["member"].id, {"side": "for"}),
        (people["facilitator"].id, {"side": "against"}),
    ]
    # Signed arguments are for members: the public reads neither them nor the names.
    auth.logout()
    public_page = text(client.get(f"{DECISIONS}/{decision_id}"))
    assert "Le bailleur ne répond" not in public_page and "Facilitator" not in public_page


def test_an_empty_or_too_long_argument_comes_back_with_its_error(
    app, client, auth, group, clock, make_decision
):
    decision_id = make_decision()
    auth.login("member")
    url = f"{DECISIONS}/{decision_id}/arguments"
    response = post(client, url, {"side": "for", "body": "x" * 1001})
    assert response.status_code == 400 and 'id="body-error"' in text(response)
    assert "x" * 1001 in text(response)
    assert post(client, url, {"side": "for", "body": "  "}).status_code == 400
    assert read(app, Argument) == []


def test_arguments_go_to_online_decisions_only(app, client, auth, group, clock):
    from assembly.meetings.models import Meeting

    with app.app_context():
        meeting = Meeting(group_id=group.id, title="Assemblée de mars", starts_at=START)
        db.session.add(meeting)
        db.session.commit()
        decision = core.create_decision(
            db.session.get(Group, group.id),
            question="On vote ?",
            method=Method.BALLOT,
            by=None,
            meeting=meeting,
        )
        core.open_decision(decision)
        decision_id = decision.id
    auth.login("member")
    data = {"side": "for", "body": "Oui."}
    assert post(client, f"{DECISIONS}/{decision_id}/arguments", data).status_code == 404
    assert post(client, f"{DECISIONS}/12345/arguments", data).status_code == 404
    assert read(app, Argument) == []


# Secret ballots ---------------------------------------------------------------------------


def test_a_secret_online_ballot_names_nobody_anywhere(
    app, client, auth, group, people, clock, make_decision, make_need, make_user
):
    from assembly.auth.models import User
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member

    voter = make_user("mireille", display_name="Mireille Zakaria")
    with app.app_context():
        add_member(db.session.get(Group, group.id), db.session.get(User, voter.id), Role.MEMBER)
    number = make_need()
    decision_id = make_decision(secret=True, public=True, needs=[number])
    auth.login("mireille")
    assert post(client, f"{DECISIONS}/{decision_id}/ballot", {"choice": "yes"}).status_code == 302
    auth.logout()
    clock.advance(days=8)
    assert app.test_cli_runner().invoke(args=["close-decisions"]).output.strip().endswith("1")

    (ballot,) = read(app, Ballot, decision_id=decision_id)
    assert ballot.user_id is None and ballot.name == "" and ballot.voter is None
    for event in read(app, Event):
        if event.verb.startswith(("decision.", "need.decided")):
            assert event.actor_id != voter.id, event
            assert "Mireille" not in repr(event.payload)
    pages = {}
    for who in (None, "member", "admin"):
        if who:
            auth.login(who)
        pages[who] = [
            text(client.get(url))
            for url in (
                f"{DECISIONS}/{decision_id}",
                DECISIONS,
                f"/g/glycines/needs/{number}",
            )
        ]
        if who:
            pages[who].append(text(client.get(f"{DECISIONS}.csv")))
            auth.logout()
    for who, seen in pages.items():
        for page in seen:
            assert "Mireille" not in page, who


def test_a_long_debate_is_read_page_by_page_and_each_page_stays_light(
    app, client, auth, group, people, clock, make_decision
):
    import gzip

    from assembly.auth.models import User
    from assembly.decisions.models import Side

    decision_id = make_decision()
    with app.app_context():
        decision, member = (
            db.session.get(Decision, decision_id),
            db.session.get(User, people["member"].id),
        )
        for n in range(25):  # 13 for, 12 against, each as long as allowed
            side = Side.FOR if n % 2 == 0 else Side.AGAINST
            body = f"Argument {n:02d} " + "lorem ipsum dolor sit amet " * 36
            online.add_argument(
                decision, user=member, side=side, body=body[:1000], now=clock.utcnow()
            )
    auth.login("member")
    first = client.get(f"{DECISIONS}/{decision_id}")
    assert len(gzip.compress(first.data, 6)) <= 14 * 1024
    html = text(first)
    assert "(13)" in html and "(12)" in html  # the counts are of all arguments
    assert "Argument 24" in html and "Argument 04" not in html  # the newest first
    assert html.count('id="argument-') == 20 and "?arguments=2#arguments" in html
    html = text(client.get(f"{DECISIONS}/{decision_id}?arguments=2"))
    assert html.count('id="argument-') == 5 and "Argument 00" in html
    assert "?arguments=3" not in html and "?arguments=1#arguments" in html


def test_an_argument_keeps_its_language_and_the_team_adds_a_french_summary(
    app, client, auth, group, clock, make_decision
):
    decision_id = make_decision(public=True)
    auth.login("member")
    data = {"side": "for", "body": "Il bailleur deve rispondere.", "language": "it"}
    assert post(client, f"{DECISIONS}/{decision_id}/arguments", data).status_code == 302
    (argument,) = read(app, Argument)
    assert argument.language == "it"
    page = text(client.get(f"{DECISIONS}/{decision_id}"))
    assert '<div class="written" lang="it" dir="auto"><p class="body">Il bailleur' in page
    assert "Written in Italian (italiano)." in page  # the test accounts read English
    summary_url = f"{DECISIONS}/{decision_id}/arguments/{argument.id}/summary"
    assert summary_url not in page  # a member reads; the team summarizes
    auth.logout()
    auth.login("facilitator")
    assert summary_url in text(client.get(f"{DECISIONS}/{decision_id}"))
    response = post(client, summary_url, {"french_summary": "Le bailleur doit répondre."})
    assert response.headers["Location"].endswith(f"#argument-{argument.id}")
    page = text(client.get(f"{DECISIONS}/{decision_id}"))
    assert '<span lang="fr">Le bailleur doit répondre.</span>' in page
    assert "Il bailleur deve rispondere." in page  # her words stay
    too_long = post(client, summary_url, {"french_summary": "x" * 2001}, follow_redirects=True)
    assert "The summary is too long" in text(too_long)
    (argument,) = read(app, Argument)
    assert argument.french_summary == "Le bailleur doit répondre."

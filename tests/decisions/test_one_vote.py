"""One person, one vote (issue 11): one attendance per phone, an electorate frozen when the
vote opens, duplicates struck by the team, and turnout shown against those present."""

import re

import pytest

from assembly.decisions.models import Ballot, Choice, Decision, Method, Voters, voting_roll
from assembly.decisions.operations import core, voting
from assembly.extensions import db
from assembly.meetings.models import Attendance
from assembly.trace.models import Event
from tests.decisions.conftest import ballot_url
from tests.helpers import Auth, post


def attendances(app, meeting_id):
    with app.app_context():
        query = db.select(Attendance).filter_by(meeting_id=meeting_id).order_by(Attendance.id)
        return list(db.session.scalars(query))


def ballots(app, decision_id):
    with app.app_context():
        return list(db.session.scalars(db.select(Ballot).filter_by(decision_id=decision_id)))


def roll(app, decision_id):
    with app.app_context():
        query = db.select(voting_roll.c.voter).where(voting_roll.c.decision_id == decision_id)
        return list(db.session.scalars(query))


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_joining_again_and_voting_again_from_one_phone_leaves_one_ballot(
    app, room, join, put_to_vote, secret
):
    phone = join("Awa")
    decision_id = put_to_vote(Method.BALLOT, secret=secret)
    for name, choice in (("Awa", "yes"), ("Awa B.", "no"), ("Awa", "abstain"), ("A", "no")):
        # The join form sent again from the same phone (back button, a second tab) …
        assert post(phone, "/j", {"code": room.code, "name": name}).status_code == 302
        # … finds the same attendance, which changes its one vote.
        assert post(phone, ballot_url(decision_id), {"choice": choice}).status_code == 302
    [present] = attendances(app, room.id)
    assert present.name == "Awa"  # joining again changes nothing about the person
    [ballot] = ballots(app, decision_id)
    assert ballot.choice == Choice.NO
    assert roll(app, decision_id) == [f"a:{present.id}"]


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_a_phone_that_joins_after_the_vote_opened_gets_no_ballot(
    app, room, join, put_to_vote, secret
):
    early = join("Awa")
    decision_id = put_to_vote(Method.BALLOT, secret=secret)
    late = join("Awa")  # the same person, cookies cleared: a new phone session
    page = late.get(ballot_url(decision_id))
    assert page.status_code == 200
    assert 'id="joined-late"' in text(page) and 'class="ballot"' not in text(page)
    refused = post(late, ballot_url(decision_id), {"choice": "yes"})
    assert refused.status_code == 400 and 'id="joined-late"' in text(refused)
    assert ballots(app, decision_id) == []
    assert post(early, ballot_url(decision_id), {"choice": "no"}).status_code == 302
    assert [b.choice for b in ballots(app, decision_id)] == [Choice.NO]
    # The rule is the operation's, whoever calls it.
    _, newcomer = attendances(app, room.id)
    with app.app_context(), pytest.raises(voting.NotInElectorate):
        voting.cast_ballot(
            db.session.get(Decision, decision_id), attendance_id=newcomer.id, choice=Choice.YES
        )
    assert len(ballots(app, decision_id)) == 1


def test_turnout_against_those_present_on_the_conduct_page_projector_and_result(
    app, room, join, put_to_vote, facilitator
):
    awa, _bruno = join("Awa"), join("Bruno")
    decision_id = put_to_vote(Method.BALLOT, secret=True)
    join("Chloé")  # came in after the vote opened: present, but not in its electorate
    post(awa, ballot_url(decision_id), {"choice": "yes"})
    conduct = f"/g/glycines/meetings/{room.id}/conduct"
    assert "1 bulletin / 2 personnes présentes" in text(facilitator.get(conduct))
    polled = text(facilitator.get(conduct, headers={"HX-Request": "true"}))
    assert re.search(
        rf'<span class="turnout" id="turnout-{decision_id}" data-hx-swap-oob="true">'
        r"1 bulletin / 2 personnes présentes</span>",
        polled,
    )
    projector = f"/g/glycines/meetings/{room.id}/projector"
    assert "1 bulletin / 2 personnes présentes" in text(facilitator.get(projector))
    assert post(facilitator, f"/g/glycines/decisions/{decision_id}/close").status_code == 302
    with app.app_context():
        assert db.session.get(Decision, decision_id).result["present"] == 2
    result = text(facilitator.get(f"/g/glycines/decisions/{decision_id}"))
    assert "2 personnes présentes, 1 a voté" in result
    assert "2 personnes présentes, 1 a voté" in text(facilitator.get(projector))


def test_the_team_strikes_a_duplicate_which_then_neither_counts_nor_votes(
    app, room, join, put_to_vote, facilitator, people
):
    awa = join("Awa")
    twice = join("Awa")  # cookies cleared before the vote: counted twice
    named_id = put_to_vote(Method.BALLOT)
    secret_id = put_to_vote(Method.BALLOT, secret=True)
    for phone in (awa, twice):
        for decision_id in (named_id, secret_id):
            assert post(phone, ballot_url(decision_id), {"choice": "yes"}).status_code == 302
    first, duplicate = attendances(app, room.id)
    strike = f"/g/glycines/meetings/{room.id}/attendances/{duplicate.id}/strike"
    conduct = f"/g/glycines/meetings/{room.id}/conduct"
    assert f'action="{strike}"' in text(facilitator.get(conduct))
    # Without its confirmation step, nothing happens.
    assert post(facilitator, strike).status_code == 302
    assert attendances(app, room.id)[1].struck_at is None
    response = post(facilitator, strike, {"confirm": "yes"})
    assert response.headers["Location"] == f"{conduct}#present"
    assert attendances(app, room.id)[1].struck_at is not None
    page = text(facilitator.get(conduct))
    assert f'action="{strike}"' not in page and 'class="struck"' in page
    assert "1 personne présente" in page
    # Its named ballot leaves the open vote; its secret one cannot be told apart: it stays.
    assert [b.attendance_id for b in ballots(app, named_id)] == [first.id]
    assert roll(app, named_id) == [f"a:{first.id}"]
    assert len(ballots(app, secret_id)) == 2
    with app.app_context():
        assert core.electorate(db.session.get(Decision, named_id)) == 1
    # The struck phone is told why it does not vote, and cannot.
    assert 'id="struck"' in text(twice.get(ballot_url(named_id)))
    refused = post(twice, ballot_url(named_id), {"choice": "no"})
    assert refused.status_code == 400 and len(ballots(app, named_id)) == 1
    # Joining again from that phone does not bring it back.
    post(twice, "/j", {"code": room.code, "name": "Awa"})
    assert len(attendances(app, room.id)) == 2
    with app.app_context():
        [struck] = db.session.scalars(db.select(Event).filter_by(verb="meeting.attendance_struck"))
        assert (struck.subject_id, struck.actor_id) == (duplicate.id, people["facilitator"].id)


def test_a_secret_vote_is_changed_only_from_the_phone_that_cast_it(app, room, put_to_vote, people):
    decision_id = put_to_vote(Method.BALLOT, secret=True, voters=Voters.MEMBERS)
    laptop, phone = app.test_client(), app.test_client()
    for client in (laptop, phone):
        assert Auth(client).login(people["member"].username).status_code == 302
    assert post(laptop, ballot_url(decision_id), {"choice": "yes"}).status_code == 302
    page = text(phone.get(ballot_url(decision_id)))
    assert 'id="voted-elsewhere"' in page and 'class="ballot"' not in page
    assert post(phone, ballot_url(decision_id), {"choice": "no"}).status_code == 400
    assert [b.choice for b in ballots(app, decision_id)] == [Choice.YES]
    # The phone it was cast from sees its vote and changes it.
    page = laptop.get(ballot_url(decision_id)).get_data(as_text=True)
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', page)
    assert post(laptop, ballot_url(decision_id), {"choice": "no"}).status_code == 302
    assert [b.choice for b in ballots(app, decision_id)] == [Choice.NO]
    assert roll(app, decision_id) == [f"u:{people['member'].id}"]

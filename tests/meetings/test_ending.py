"""Ending a meeting: a confirmed step, refused while a vote is open, final until reopened."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from assembly.decisions.models import Decision, DecisionStatus, Method
from assembly.decisions.operations import core
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Attendance, Meeting, SpeakerTurn, State
from assembly.trace.models import Event
from tests.helpers import post

# 17:00 UTC is 19:00 in Paris (the app's time zone, BABEL_DEFAULT_TIMEZONE).
EVENING = datetime(2026, 4, 2, 17)
ENDED_FLASH = "La réunion est terminée\u00a0: plus rien ne peut y être changé."


def url(meeting_id, page=""):
    return f"/g/glycines/meetings/{meeting_id}/{page}".rstrip("/")


@pytest.fixture
def room(app, client, auth, group, clock):
    """A live meeting with two items; Awa joined from a phone and waits to speak, Bruno speaks.

    The facilitator is signed in on `client`; `room.phone` is Awa's phone.
    """
    clock.freeze(EVENING)
    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée d'avril",
            starts_at=EVENING,
            state=State.LIVE,
            join_code="K7MQ4",
        )
        meeting.items = [
            AgendaItem(title="Les charges", position=1),
            AgendaItem(title="La fête", position=2),
        ]
        db.session.add(meeting)
        db.session.flush()
        meeting.current_item_id = meeting.items[0].id
        bruno = Attendance(meeting_id=meeting.id, name="Bruno", source="facilitator")
        db.session.add(bruno)
        db.session.flush()
        db.session.add(
            SpeakerTurn(
                meeting_id=meeting.id, attendance_id=bruno.id, asked_at=EVENING,
                started_at=EVENING,
            )
        )  # fmt: skip
        db.session.commit()
        ids = SimpleNamespace(id=meeting.id, item_id=meeting.items[0].id, bruno=bruno.id)
    phone = app.test_client()
    post(phone, "/j", {"code": "K7MQ4", "name": "Awa"})
    post(phone, url(ids.id, "phone/ask"), {"kind": "normal"})
    auth.login("facilitator")
    ids.phone = phone
    return ids


def end(client, meeting_id, **data):
    return post(client, url(meeting_id, "conduct/state"), {"state": "closed", **data})


def meeting_row(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def speaking_record(app, meeting_id) -> list[tuple]:
    with app.app_context():
        turns = db.session.scalars(
            db.select(SpeakerTurn).filter_by(meeting_id=meeting_id).order_by(SpeakerTurn.id)
        )
        return [(t.id, t.started_at, t.ended_at, t.withdrawn, t.item_id) for t in turns]


def verbs(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Event.verb).order_by(Event.id)))


def test_the_conduct_page_asks_for_a_confirmation_before_ending(client, room):
    html = client.get(url(room.id, "conduct")).get_data(as_text=True)
    assert '<details class="end">' in html
    assert "<summary>Terminer la réunion</summary>" in html
    assert 'name="confirm" value="yes"' in html and "Oui, terminer la réunion" in html


def test_ending_without_the_confirmation_changes_nothing(app, client, room):
    response = end(client, room.id)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<details class="end" open>' in html and 'id="confirm-error"' in html
    assert "Confirmez que la réunion est finie." in html
    assert meeting_row(app, room.id).state == State.LIVE
    assert "meeting.closed" not in verbs(app)


def test_ending_with_the_confirmation_ends_and_journals_it(app, client, room, clock):
    clock.advance(minutes=40)
    response = end(client, room.id, confirm="yes")
    assert response.status_code == 302
    meeting = meeting_row(app, room.id)
    assert meeting.state == State.CLOSED and meeting.ended_at == EVENING + timedelta(minutes=40)
    assert verbs(app)[-1] == "meeting.closed"
    html = client.get(url(room.id, "conduct")).get_data(as_text=True)
    assert "Réunion finie" in html and "Rouvrir la réunion" in html


def test_ending_closes_the_turn_under_way_at_that_moment(app, client, room, clock):
    clock.advance(minutes=3)
    end(client, room.id, confirm="yes")
    with app.app_context():
        bruno = db.session.scalar(db.select(SpeakerTurn).filter_by(attendance_id=room.bruno))
        assert bruno.ended_at == EVENING + timedelta(minutes=3)


def make_decision(app, group, room, *, opened: bool) -> int:
    with app.app_context():
        decision = core.create_decision(
            db.session.get(Group, group.id),
            question="Quelle fête cet été\u00a0?",
            method=Method.BALLOT,
            by=None,
            options=("Repas", "Concert"),
            item=db.session.get(AgendaItem, room.item_id),
        )
        if opened:
            core.open_decision(decision)
        return decision.id


def test_ending_is_refused_while_a_vote_is_open(app, client, group, room):
    decision_id = make_decision(app, group, room, opened=True)
    response = end(client, room.id, confirm="yes")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Un vote est encore ouvert (Quelle fête cet été\u00a0?)" in html
    assert "clôturez-le avant de terminer la réunion" in html
    assert meeting_row(app, room.id).state == State.LIVE
    post(client, f"/g/glycines/decisions/{decision_id}/close")
    assert end(client, room.id, confirm="yes").status_code == 302
    assert meeting_row(app, room.id).state == State.CLOSED


def test_no_vote_opens_once_the_meeting_has_ended(app, client, group, room):
    decision_id = make_decision(app, group, room, opened=False)
    end(client, room.id, confirm="yes")
    response = post(client, f"/g/glycines/decisions/{decision_id}/open")
    assert response.status_code == 400
    assert "La réunion est terminée\u00a0: rouvrez-la pour ouvrir un vote." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Decision, decision_id).status == DecisionStatus.DRAFT


def waiting_turn(app, meeting_id) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(SpeakerTurn.id).filter_by(meeting_id=meeting_id, started_at=None)
        )


CONDUCT_ACTIONS = {
    "next item": lambda room, turn: ("conduct/item", {"step": "next"}),
    "previous item": lambda room, turn: ("conduct/item", {"step": "previous"}),
    "next speaker": lambda room, turn: ("conduct/next-speaker", {}),
    "give the floor": lambda room, turn: (f"turns/{turn}/start", {}),
    "end the turn": lambda room, turn: (f"turns/{turn}/end", {}),
    "remove a request": lambda room, turn: (f"turns/{turn}/remove", {}),
    "add a speaker": lambda room, turn: (
        "conduct/speakers",
        {"attendance": str(room.bruno), "kind": "normal"},
    ),
}


@pytest.mark.parametrize("action", CONDUCT_ACTIONS)
def test_the_facilitators_live_actions_are_refused_after_the_end(app, client, room, action):
    end(client, room.id, confirm="yes")
    if action == "previous item":  # from the second item, "previous" would change something
        with app.app_context():
            db.session.get(Meeting, room.id).current_item_id = room.item_id + 1
            db.session.commit()
    if action == "end the turn":  # a turn under way, as left by a meeting ended long ago
        with app.app_context():
            db.session.execute(db.update(SpeakerTurn).values(ended_at=None, started_at=EVENING))
            db.session.commit()
    before, record = meeting_row(app, room.id), speaking_record(app, room.id)
    page, data = CONDUCT_ACTIONS[action](room, waiting_turn(app, room.id) or 1)
    response = post(client, url(room.id, page), data, follow_redirects=True)
    assert ENDED_FLASH in response.get_data(as_text=True)
    after = meeting_row(app, room.id)
    assert (after.live_version, after.current_item_id) == (
        before.live_version,
        before.current_item_id,
    )
    assert speaking_record(app, room.id) == record
    assert verbs(app)[-1] == "meeting.closed"


@pytest.mark.parametrize("page", ["phone/ask", "phone/withdraw"])
def test_a_phone_can_neither_ask_nor_withdraw_after_the_end(app, client, room, page):
    end(client, room.id, confirm="yes")
    record = speaking_record(app, room.id)
    response = post(room.phone, url(room.id, page), {"kind": "reply"}, follow_redirects=True)
    assert ENDED_FLASH in response.get_data(as_text=True)
    assert speaking_record(app, room.id) == record
    assert verbs(app)[-1] == "meeting.closed"


@pytest.mark.parametrize("page", ["phone", "projector"])
def test_phones_and_the_projector_say_the_meeting_has_ended(client, room, page):
    viewer = room.phone if page == "phone" else client
    kinds = ({}, {"HX-Request": "true"})  # the whole page, and the polled block
    tags = [viewer.get(url(room.id, page), headers=headers).headers["ETag"] for headers in kinds]
    end(client, room.id, confirm="yes")
    for headers, tag in zip(kinds, tags, strict=True):
        # The end raised the live version: a phone polling with the old tag gets the new page.
        response = viewer.get(url(room.id, page), headers={**headers, "If-None-Match": tag})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "Réunion finie" in html
        live = html.split('id="live"')[1]
        assert "Demander la parole" not in live and "Awa" not in live and "Bruno" not in live


def test_the_team_reopens_the_same_day(app, client, room, clock):
    clock.advance(hours=4)  # 21:00 UTC, 23:00 in Paris
    end(client, room.id, confirm="yes")
    clock.advance(minutes=50)  # 23:50 in Paris: still the same day
    response = post(client, url(room.id, "conduct/state"), {"state": "live"})
    assert response.status_code == 302
    meeting = meeting_row(app, room.id)
    assert meeting.state == State.LIVE and meeting.ended_at is None
    assert verbs(app)[-1] == "meeting.reopened"
    html = client.get(url(room.id, "conduct")).get_data(as_text=True)
    assert "La réunion a repris." in html
    post(client, url(room.id, "conduct/next-speaker"))  # live actions work again
    assert verbs(app)[-1] == "speaker.started"


def test_the_next_day_in_the_apps_time_zone_it_stays_ended(app, client, room, clock):
    clock.advance(hours=4)  # 23:00 in Paris
    end(client, room.id, confirm="yes")
    clock.advance(hours=1, minutes=30)  # 22:30 UTC, the same day in UTC, but 00:30 in Paris
    assert "Rouvrir la réunion" not in client.get(url(room.id, "conduct")).get_data(as_text=True)
    response = post(client, url(room.id, "conduct/state"), {"state": "live"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Une réunion ne peut être rouverte que le jour où elle s’est terminée." in html
    assert meeting_row(app, room.id).state == State.CLOSED
    assert verbs(app)[-1] == "meeting.closed"


def report_of(client, meeting_id) -> str:
    """The observer's report, without the page around it (the flashes come and go)."""
    html = client.get(url(meeting_id, "report")).get_data(as_text=True)
    return html.split("<h1>", 1)[1].split("<footer", 1)[0]


def test_the_speaking_report_of_an_ended_meeting_never_changes(app, client, room, clock):
    clock.advance(minutes=5)
    end(client, room.id, confirm="yes")
    report = report_of(client, room.id)
    assert "5 min de parole" in report
    clock.advance(minutes=30)
    post(client, url(room.id, "conduct/next-speaker"))
    post(room.phone, url(room.id, "phone/ask"), {"kind": "normal"})
    assert report_of(client, room.id) == report


def test_a_turn_left_running_counts_no_time_past_the_end(app, client, room, clock):
    """A meeting ended before turns were closed at the end: its report stops at the end."""
    clock.advance(minutes=5)
    end(client, room.id, confirm="yes")
    with app.app_context():
        db.session.execute(db.update(SpeakerTurn).values(ended_at=None))
        db.session.commit()
    report = report_of(client, room.id)
    clock.advance(minutes=30)
    assert report_of(client, room.id) == report

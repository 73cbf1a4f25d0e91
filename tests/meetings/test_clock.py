"""The meeting's clocks: one item clock and one turn clock, kept by the server for every page."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from assembly.extensions import db
from assembly.meetings.clocks import countdown
from assembly.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    SpeakerTurn,
    State,
)
from assembly.trace.models import Event
from tests.helpers import post

EVENING = datetime(2026, 4, 2, 17)
ENDED_FLASH = "La réunion est terminée\u00a0: plus rien ne peut y être changé."
HX = {"HX-Request": "true"}


def url(meeting_id, page=""):
    return f"/g/glycines/meetings/{meeting_id}/{page}".rstrip("/")


@pytest.fixture
def room(app, client, auth, group, clock):
    """A meeting started at 17:00 UTC on its first item (15 min, then 10); the facilitator
    is signed in on `client`."""
    clock.freeze(EVENING)
    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée d'avril",
            starts_at=EVENING,
            state=State.PLANNED,
            join_code="K7MQ4",
        )
        meeting.items = [
            AgendaItem(title="Les charges", position=1, timebox_minutes=15),
            AgendaItem(title="La fête", position=2, timebox_minutes=10),
        ]
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    auth.login("facilitator")
    post(client, url(meeting_id, "conduct/state"), {"state": "live"})
    return SimpleNamespace(id=meeting_id)


def clock_action(client, meeting_id, action):
    return post(client, url(meeting_id, "conduct/clock"), {"action": action})


def item_clock(html: str) -> dict:
    """The item's clock as a page shows it: figure, words shown, running (its end) or not."""
    found = re.search(r'<p class="clock item-clock[^"]*"[^>]*>.*?</p>', html, re.S)
    assert found, "no item clock on the page"
    return clock_parts(found.group(0))


def turn_clock(html: str) -> dict | None:
    found = re.search(r'<p class="clock turn-clock[^"]*"[^>]*>.*?</p>', html, re.S)
    return clock_parts(found.group(0)) if found else None


def clock_parts(element: str) -> dict:
    shown = re.sub(r"<span[^>]* hidden>.*?</span>", "", element, flags=re.S)
    end = re.search(r'data-clock-end="([^"]+)"', element)
    return {
        "figure": re.search(r'<strong class="figure">([^<]+)</strong>', element).group(1),
        "text": " ".join(re.sub(r"<[^>]+>", "", shown).split()),
        "end": end.group(1) if end else None,
        "over": " over" in element.split(">", 1)[0],
    }


def meeting_row(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def verbs(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Event.verb).order_by(Event.id)))


def test_a_countdown_rounds_up_to_the_second_and_reads_minutes_and_seconds():
    start = datetime(2026, 4, 2, 17)
    fresh = countdown(start + timedelta(minutes=20), start + timedelta(milliseconds=400))
    assert (fresh.left, fresh.figure, fresh.over, fresh.running) == (1200, "20:00", False, True)
    assert fresh.ends_iso == "2026-04-02T17:20:00.000Z"
    late = countdown(start, start + timedelta(minutes=1, seconds=5, milliseconds=500))
    assert (late.left, late.figure, late.over) == (-65, "1:05", True)
    paused = countdown(start + timedelta(minutes=3), start, running=False)
    assert (paused.figure, paused.running, paused.ends_iso) == ("3:00", False, "")


def test_the_conduct_page_and_the_projector_read_the_same_clock(client, room, clock):
    clock.advance(minutes=7, seconds=30, milliseconds=400)
    conduct = item_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))
    wall = item_clock(client.get(url(room.id, "projector")).get_data(as_text=True))
    assert conduct == wall
    assert conduct["figure"] == "7:30" and conduct["text"].startswith("Il reste 7:30")
    assert conduct["end"] == "2026-04-02T17:15:00.000Z"  # what the browser ticks towards
    assert "15 min prévues" in conduct["text"]


def test_the_clock_says_over_time_in_words(client, room, clock):
    clock.advance(minutes=16, seconds=2)
    shown = item_clock(client.get(url(room.id, "projector")).get_data(as_text=True))
    assert shown["over"] and shown["figure"] == "1:02"
    assert shown["text"].startswith("Dépassement : 1:02") and "Il reste" not in shown["text"]


def test_pause_holds_the_time_left_resume_goes_on_and_five_minutes_are_added(
    app, client, room, clock
):
    clock.advance(minutes=5)
    response = clock_action(client, room.id, "pause")
    assert response.status_code == 302
    assert response.headers["Location"] == url(room.id, "conduct") + "#agenda-item"
    clock.advance(minutes=10)  # a break
    paused = item_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))
    assert paused["figure"] == "10:00" and paused["end"] is None and "en pause" in paused["text"]
    html = client.get(url(room.id, "conduct")).get_data(as_text=True)
    assert 'value="resume"' in html and 'value="pause"' not in html
    clock_action(client, room.id, "resume")
    clock.advance(minutes=1)
    assert item_clock(client.get(url(room.id, "projector")).get_data(as_text=True))["figure"] == (
        "9:00"
    )
    clock_action(client, room.id, "extend")
    extended = item_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))
    assert extended["figure"] == "14:00" and "15 + 5 min prévues" in extended["text"]
    assert extended["end"] == "2026-04-02T17:30:00.000Z"  # 17:00 + 10 min paused + 20 min
    row = meeting_row(app, room.id)
    assert (row.item_paused_seconds, row.item_extra_minutes, row.item_paused_at) == (600, 5, None)
    assert verbs(app)[-3:] == [
        "meeting.clock_paused",
        "meeting.clock_resumed",
        "meeting.clock_extended",
    ]


def test_pausing_twice_or_resuming_a_running_clock_changes_nothing(app, client, room, clock):
    clock_action(client, room.id, "resume")
    clock_action(client, room.id, "pause")
    clock.advance(minutes=2)
    clock_action(client, room.id, "pause")
    assert meeting_row(app, room.id).item_paused_at == EVENING
    assert verbs(app).count("meeting.clock_paused") == 1
    assert "meeting.clock_resumed" not in verbs(app)


def test_an_unknown_clock_action_is_refused(client, room):
    assert clock_action(client, room.id, "rewind").status_code == 400


def test_the_next_item_starts_a_fresh_clock(app, client, room, clock):
    clock.advance(minutes=7)
    clock_action(client, room.id, "pause")
    clock_action(client, room.id, "extend")
    post(client, url(room.id, "conduct/item"), {"step": "next"})
    shown = item_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))
    assert shown["figure"] == "10:00" and shown["end"] == "2026-04-02T17:17:00.000Z"
    assert "10 min prévues" in shown["text"] and "+" not in shown["text"]
    post(client, url(room.id, "conduct/item"), {"step": "previous"})
    assert item_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))["figure"] == (
        "15:00"
    )


def test_ending_the_meeting_stops_the_clock_and_refuses_its_buttons(app, client, room, clock):
    clock.advance(minutes=4)
    post(client, url(room.id, "conduct/state"), {"state": "closed", "confirm": "yes"})
    before, journal = meeting_row(app, room.id), verbs(app)
    assert before.item_paused_at == EVENING + timedelta(minutes=4)
    clock.advance(minutes=3)
    for action in ("pause", "resume", "extend"):
        response = clock_action(client, room.id, action)
        assert response.status_code == 302
    response = post(client, url(room.id, "conduct/turn-time"), {"minutes": "2"})
    assert ENDED_FLASH in client.get(response.headers["Location"]).get_data(as_text=True)
    after = meeting_row(app, room.id)
    assert (after.item_paused_at, after.item_extra_minutes, after.turn_minutes) == (
        before.item_paused_at,
        0,
        0,
    )
    assert verbs(app) == journal
    html = client.get(url(room.id, "conduct")).get_data(as_text=True)
    assert item_clock(html)["figure"] == "11:00" and 'value="resume"' not in html


def test_a_reload_without_javascript_is_never_an_old_figure(client, room, clock):
    """A whole page's ETag moves with its running clocks; a polled fragment's does not, as
    the browser ticks it from the clock's end, which only a live change moves."""
    page = client.get(url(room.id, "projector"))
    fragment = client.get(url(room.id, "projector"), headers=HX)
    clock.advance(seconds=2)
    again = client.get(url(room.id, "projector"), headers={"If-None-Match": page.headers["ETag"]})
    assert (
        again.status_code == 200 and item_clock(again.get_data(as_text=True))["figure"] == "14:58"
    )
    polled = client.get(
        url(room.id, "projector"), headers={**HX, "If-None-Match": fragment.headers["ETag"]}
    )
    assert polled.status_code == 304
    clock_action(client, room.id, "pause")  # a live change: phones and walls fetch it
    polled = client.get(
        url(room.id, "projector"), headers={**HX, "If-None-Match": fragment.headers["ETag"]}
    )
    assert polled.status_code == 200 and "en pause" in polled.get_data(as_text=True)
    paused = client.get(url(room.id, "projector"))
    clock.advance(minutes=1)
    again = client.get(url(room.id, "projector"), headers={"If-None-Match": paused.headers["ETag"]})
    assert again.status_code == 304  # paused: the figure it holds is still right


def join(app, code, name):
    phone = app.test_client()
    post(phone, "/j", {"code": code, "name": name})
    return phone


def test_the_time_per_turn_counts_down_for_the_speaker_the_conduct_page_and_the_wall(
    app, client, room, clock
):
    response = post(client, url(room.id, "conduct/turn-time"), {"minutes": "2"})
    assert response.headers["Location"] == url(room.id, "conduct") + "#speaking"
    assert meeting_row(app, room.id).turn_minutes == 2 and "meeting.turn_time_set" in verbs(app)
    awa, bruno = join(app, "K7MQ4", "Awa"), join(app, "K7MQ4", "Bruno")
    post(awa, url(room.id, "phone/ask"), {"kind": "normal"})
    post(client, url(room.id, "conduct/next-speaker"))
    clock.advance(seconds=30)
    mine = awa.get(url(room.id, "phone")).get_data(as_text=True)
    assert "C’est à vous de parler." in mine and turn_clock(mine)["figure"] == "1:30"
    other = bruno.get(url(room.id, "phone")).get_data(as_text=True)
    assert "C’est à vous de parler." not in other and turn_clock(other) is None
    wall = turn_clock(client.get(url(room.id, "projector")).get_data(as_text=True))
    conduct = turn_clock(client.get(url(room.id, "conduct")).get_data(as_text=True))
    assert wall == conduct == turn_clock(mine)
    assert wall["end"] == "2026-04-02T17:02:00.000Z"
    clock.advance(minutes=1, seconds=35)
    up = turn_clock(awa.get(url(room.id, "phone")).get_data(as_text=True))
    assert up["over"] and up["text"] == "Temps écoulé (+0:05)"  # in words, not colour alone


def test_the_speakers_phone_reloads_with_the_time_left_now(app, client, room, clock):
    post(client, url(room.id, "conduct/turn-time"), {"minutes": "3"})
    awa = join(app, "K7MQ4", "Awa")
    post(awa, url(room.id, "phone/ask"), {"kind": "normal"})
    post(client, url(room.id, "conduct/next-speaker"))
    tag = awa.get(url(room.id, "phone")).headers["ETag"]
    clock.advance(seconds=20)
    again = awa.get(url(room.id, "phone"), headers={"If-None-Match": tag})
    assert again.status_code == 200 and turn_clock(again.get_data(as_text=True))["figure"] == "2:40"


def test_no_time_per_turn_shows_no_turn_clock(app, client, room):
    awa = join(app, "K7MQ4", "Awa")
    post(awa, url(room.id, "phone/ask"), {"kind": "normal"})
    post(client, url(room.id, "conduct/next-speaker"))
    assert turn_clock(awa.get(url(room.id, "phone")).get_data(as_text=True)) is None
    assert turn_clock(client.get(url(room.id, "projector")).get_data(as_text=True)) is None


def test_a_time_per_turn_out_of_range_is_refused_next_to_its_field(app, client, room):
    response = post(client, url(room.id, "conduct/turn-time"), {"minutes": "45"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="minutes-error"' in html and 'aria-invalid="true"' in html
    assert meeting_row(app, room.id).turn_minutes == 0


def test_a_speaker_added_by_hand_has_no_phone_but_the_wall_counts_their_time(
    app, client, room, clock
):
    with app.app_context():
        present = Attendance(meeting_id=room.id, name="Chloé", source="paper")
        db.session.add(present)
        db.session.commit()
        present_id = present.id
    post(client, url(room.id, "conduct/turn-time"), {"minutes": "1"})
    post(
        client, url(room.id, "conduct/speakers"), {"attendance": str(present_id), "kind": "normal"}
    )
    post(client, url(room.id, "conduct/next-speaker"))
    with app.app_context():
        assert db.session.scalar(db.select(SpeakerTurn.started_at)) == EVENING
    assert turn_clock(client.get(url(room.id, "projector")).get_data(as_text=True))["figure"] == (
        "1:00"
    )

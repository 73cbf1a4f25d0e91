"""The wall and the conduct page tell phones an address they can open.

At 127.0.0.1 phones in the room cannot reach the laptop: the pages show its address on
the room's network instead, or say how to get one.
"""

from datetime import datetime

import pytest

from assembly.extensions import db
from tests.helpers import CSRF_RE, PASSWORD

ROOM = "192.168.1.10"


@pytest.fixture
def meeting_id(app, group) -> int:
    from assembly.meetings.models import Meeting, State

    with app.app_context():
        meeting = Meeting(
            group_id=group.id, title="Assemblée", starts_at=datetime(2030, 1, 1), state=State.LIVE
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def pages(client, meeting_id, base_url):
    """The wall and the conduct page, signed in and read at `base_url`."""
    login = client.get("/login", base_url=base_url).get_data(as_text=True)
    token = CSRF_RE.search(login).group(1)
    data = {"login": "facilitator", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data, base_url=base_url).status_code == 302
    base = f"/g/glycines/meetings/{meeting_id}"
    wall = client.get(f"{base}/projector", base_url=base_url).get_data(as_text=True)
    conduct = client.get(f"{base}/conduct", base_url=base_url).get_data(as_text=True)
    return wall, conduct


def test_at_the_loopback_the_pages_show_the_rooms_address(client, meeting_id, monkeypatch):
    monkeypatch.setattr("assembly.web.network.lan_addresses", lambda: [ROOM])
    wall, conduct = pages(client, meeting_id, "http://127.0.0.1:5000")
    assert f"{ROOM}:5000/j" in wall and "127.0.0.1" not in wall
    assert f"http://{ROOM}:5000/j" in conduct


def test_at_the_loopback_with_no_network_the_pages_say_how(client, meeting_id, monkeypatch):
    monkeypatch.setattr("assembly.web.network.lan_addresses", lambda: [])
    wall, conduct = pages(client, meeting_id, "http://localhost:5000")
    for page in (wall, conduct):
        assert "assembly serve --lan" in page


def test_at_a_real_address_nothing_is_changed(client, meeting_id, monkeypatch):
    monkeypatch.setattr("assembly.web.network.lan_addresses", lambda: [ROOM])
    wall, conduct = pages(client, meeting_id, "http://assemblee.example.org")
    assert "assemblee.example.org/j" in wall and ROOM not in wall
    assert "assembly serve --lan" not in wall + conduct and ROOM not in conduct


def wait_to_speak(app, meeting_id: int, how_many: int) -> None:
    """`how_many` more people in the room, each asking for the floor."""
    from assembly.meetings.models import Attendance, SpeakerTurn

    with app.app_context():
        for n in range(how_many):
            attendance = Attendance(meeting_id=meeting_id, name=f"Voisine {n}", source="paper")
            db.session.add(attendance)
            db.session.flush()
            turn = SpeakerTurn(
                meeting_id=meeting_id, attendance_id=attendance.id, asked_at=datetime(2030, 1, 1)
            )
            db.session.add(turn)
        db.session.commit()


def test_the_wall_and_conduct_page_run_as_many_statements_with_a_long_line(
    app, client, meeting_id, auth
):
    """Who is next is read with the requests, not one statement per person waiting."""
    from tests.crawl import counting_statements

    auth.login("facilitator")
    base = f"/g/glycines/meetings/{meeting_id}"
    counts = []
    for more in (2, 30):
        wait_to_speak(app, meeting_id, more)
        with counting_statements(app) as ran:
            assert client.get(f"{base}/projector").status_code == 200
            wall = len(ran)
            assert client.get(f"{base}/conduct").status_code == 200
        counts.append((wall, len(ran) - wall))
    assert counts[0] == counts[1]

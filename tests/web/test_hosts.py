"""The app answers only the hosts it is known by, and prints the address it is set to.

The poster's QR code, the projector's join address and the calendar links are built
as absolute URLs and cached for a day: built from a stranger's Host header, one
request would poison them for everybody.
"""

from datetime import datetime

import pytest

from assembly import create_app
from assembly.extensions import db
from assembly.web.security import default_trusted_hosts
from tests.helpers import PASSWORD, app_settings, csrf_token

PUBLIC = "https://assemblee.example.org"


@pytest.fixture
def public_app(app_factory):
    """The app set to PUBLIC, with a group and a meeting in its own database."""
    from assembly.auth.operations import create_user
    from assembly.groups.operations import create_group
    from assembly.meetings.models import Meeting

    app = app_factory(PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=None, PROXIES=1)
    with app.app_context():
        admin = create_user("admin", "Admin", PASSWORD)
        group = create_group("Collectif des Glycines", "glycines", "", admin=admin)
        meeting = Meeting(group_id=group.id, title="Assemblée", starts_at=datetime(2030, 1, 1))
        db.session.add(meeting)
        db.session.commit()
        app.meeting_id = meeting.id
    return app


def test_a_request_for_another_host_is_refused(client, group):
    assert client.get("/g/glycines/", base_url="http://pirate.example").status_code == 400
    assert client.get("/g/glycines/", base_url="http://localhost").status_code == 200


def test_the_default_hosts_are_this_machine_and_its_room_network(monkeypatch):
    monkeypatch.setattr("assembly.web.security.lan_addresses", lambda: ["192.168.1.10"])
    hosts = default_trusted_hosts(None)
    assert {"127.0.0.1", "localhost", "192.168.1.10"} <= set(hosts)
    assert "pirate.example" not in hosts
    assert default_trusted_hosts("assemblee.example.org") == [
        "assemblee.example.org",
        *sorted(set(hosts) & {"127.0.0.1", "localhost", "::1"}, key=hosts.index),
    ]


def test_with_a_public_url_every_absolute_url_carries_it(public_app):
    client, meeting = public_app.test_client(), public_app.meeting_id
    token = csrf_token(client, "/login")  # over HTTPS a form must come from our own page
    data = {"login": "admin", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 400
    response = client.post("/login", data=data, headers={"Referer": f"{PUBLIC}/login"})
    assert response.status_code == 302
    poster = client.get("/g/glycines/poster").get_data(as_text=True)  # asked at localhost
    calendar = client.get("/g/glycines/meetings.ics").get_data(as_text=True)
    sheet = client.get(f"/g/glycines/meetings/{meeting}/sheet").get_data(as_text=True)
    assert "assemblee.example.org/g/glycines/b" in poster
    assert f"URL:{PUBLIC}/g/glycines/meetings/{meeting}" in calendar.replace("\r\n ", "")
    assert f"{PUBLIC}/j" in sheet
    assert "localhost" not in poster + calendar + sheet


def test_with_a_public_url_a_stranger_host_is_refused_before_anything(public_app):
    client = public_app.test_client()
    assert client.get("/g/glycines/poster", base_url="http://pirate.example").status_code == 400
    assert client.get("/g/glycines/poster", base_url=PUBLIC).status_code == 200


def test_behind_a_proxy_the_forwarded_host_is_the_one_checked(public_app):
    client = public_app.test_client()
    forged = {"X-Forwarded-Host": "pirate.example", "X-Forwarded-For": "10.0.0.1"}
    assert client.get("/g/glycines/poster", headers=forged).status_code == 400
    honest = {"X-Forwarded-Host": "assemblee.example.org", "X-Forwarded-Proto": "https"}
    assert client.get("/g/glycines/poster", headers=honest).status_code == 200


@pytest.mark.parametrize("url", ["assemblee.example.org", "ftp://x.example", f"{PUBLIC}/sub"])
def test_a_public_url_that_is_not_one_stops_the_start_with_a_message(tmp_path, url):
    with pytest.raises(SystemExit, match="PUBLIC_URL must look like"):
        create_app(app_settings(tmp_path, PUBLIC_URL=url))


def test_a_hotspot_turned_on_after_the_start_is_trusted(monkeypatch):
    from assembly.web.security import TrustedHosts

    monkeypatch.setattr("assembly.web.security.lan_addresses", lambda: [])
    hosts = TrustedHosts(seconds=0)
    assert "10.42.0.1" not in hosts()
    monkeypatch.setattr("assembly.web.security.lan_addresses", lambda: ["10.42.0.1"])
    assert "10.42.0.1" in hosts()

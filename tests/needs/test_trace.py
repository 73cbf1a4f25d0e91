"""A need's page: where it stands first, then its story with each thing told once."""

import re

from assembly.extensions import db
from assembly.groups.models import Group
from tests.helpers import post


def page(client, number=1) -> str:
    response = client.get(f"/g/glycines/needs/{number}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def trace_lines(html: str) -> list[str]:
    found = re.search(r'<ol class="trace">(.*?)</ol>', html, re.S).group(1)
    return [" ".join(line.split()) for line in re.findall(r"<li>(.*?)</li>", found, re.S)]


def test_the_status_comes_first_in_plain_sight(client, auth, make_need):
    make_need(body="Depuis trois semaines.", place="Bâtiment C")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/1/status", {"status": "taken_up", "reason": "Lettre envoyée"})
    client.set_cookie("lang", "fr")
    html = page(client)
    status = re.search(r'<p class="need-status[^"]*"><strong>(.*?)</strong>(.*?)</p>', html, re.S)
    assert status and status.group(1) == "Pris en charge" and "Lettre envoyée" in status.group(2)
    assert html.index("</h1>") < status.start() < html.index("Depuis trois semaines.")
    assert '<p class="muted">Pris en charge' not in html


def test_saving_the_same_status_again_adds_no_line(client, auth, make_need):
    make_need()
    auth.login("facilitator")
    for _ in range(2):
        assert post(client, "/g/glycines/needs/1/status", {"status": "resolved"}).status_code == 302
    client.set_cookie("lang", "en")
    assert len([line for line in trace_lines(page(client)) if "resolved" in line]) == 1


def test_a_need_under_two_items_of_one_meeting_is_on_its_agenda_once(app, client, make_need):
    from datetime import datetime

    from assembly.meetings.operations import planning
    from assembly.needs.models import Need

    make_need()
    with app.app_context():
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        need = db.session.scalar(db.select(Need).filter_by(number=1))
        meeting = planning.create_meeting(
            group, title="Assemblée de décembre", starts_at=datetime(2026, 12, 3, 17), public=True
        )
        planning.add_item(meeting, title="L'ascenseur", needs=[need])
        planning.add_item(meeting, title="Le bailleur", needs=[need])
    client.set_cookie("lang", "en")
    lines = trace_lines(page(client))
    assert len([line for line in lines if "On the agenda of" in line]) == 1

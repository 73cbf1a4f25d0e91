"""Tasks written down on the conduct page: htmx swaps the item's tasks in place, and without
it the browser comes back to the page."""

import re

from assembly.extensions import db
from assembly.tasks.models import Task
from tests.helpers import post

HX = {"HX-Request": "true"}
NEW = "/g/glycines/tasks/new"


def add_task(client, conduct_room, headers=None, **fields):
    data = {
        "title": "Réserver la cour",
        "assignee_name": "Fatou",
        "item": str(conduct_room.item_id),
    }
    data.update({"next": conduct_room.conduct + "#tasks", **fields})
    return post(client, NEW, data, headers=headers or {})


def tasks(app) -> list[tuple]:
    with app.app_context():
        return [(t.title, t.item_id, t.meeting_id) for t in db.session.scalars(db.select(Task))]


def test_the_conduct_page_offers_the_task_form_with_htmx_on_a_real_form(client, conduct_room):
    html = client.get(conduct_room.conduct).get_data(as_text=True)
    section = html.split('<section id="tasks"')[1].split("</section>")[0]
    tag = re.search(r"<form [^>]*>", section).group(0)
    assert f'action="{NEW}"' in tag and 'method="post"' in tag and f'hx-post="{NEW}"' in tag
    assert f'name="item" type="hidden" value="{conduct_room.item_id}"' in section
    assert f'name="next" value="{conduct_room.conduct}#tasks"' in section
    assert 'for="task-title"' in section and 'id="task-title"' in section  # ids of its own


def test_with_htmx_the_task_is_written_down_and_the_tasks_come_back_alone(
    app, client, conduct_room
):
    response = add_task(client, conduct_room, headers=HX)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="tasks"') and "<html" not in html
    assert "Réserver la cour" in html and "La tâche est notée." in html
    assert tasks(app) == [("Réserver la cour", conduct_room.item_id, conduct_room.id)]


def test_without_javascript_the_browser_comes_back_to_the_conduct_page(app, client, conduct_room):
    response = add_task(client, conduct_room)
    assert response.headers["Location"] == conduct_room.conduct + "#tasks"
    assert "Réserver la cour" in client.get(conduct_room.conduct).get_data(as_text=True)


def test_a_task_without_a_title_comes_back_in_place_with_the_name_kept(app, client, conduct_room):
    response = add_task(client, conduct_room, headers=HX, title="")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="task-title-error"' in html
    assert 'value="Fatou"' in html and "<details open>" in html
    assert tasks(app) == []


def test_without_javascript_a_failed_task_keeps_where_to_come_back(app, client, conduct_room):
    response = add_task(client, conduct_room, title="")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        f'name="next" value="{conduct_room.conduct}#tasks"' in html and 'id="title-error"' in html
    )


def test_a_task_never_sends_the_browser_to_another_site(app, client, conduct_room):
    response = add_task(client, conduct_room, next="//example.com/")
    assert (
        response.headers["Location"]
        == f"/g/glycines/meetings/{conduct_room.id}#item-{conduct_room.item_id}"
    )

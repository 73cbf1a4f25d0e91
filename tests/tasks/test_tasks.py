"""Tasks: written from an agenda item or by hand, ticked off, followed up at the next meeting."""

import re
from datetime import date, datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.meetings.models import AgendaItem, Meeting, State
from assembly.tasks.models import Task
from assembly.trace.models import Event
from tests.helpers import post

TASKS = "/g/glycines/tasks"
NEXT_YEAR = date.today().year + 1


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so the tests read the msgids whatever the catalogs hold."""
    client.set_cookie("lang", "en")


@pytest.fixture
def make_meeting(app, group):
    """A meeting of the test group with one agenda item; returns (meeting id, item id)."""

    def make(title="Assemblée de mars", starts_at=datetime(NEXT_YEAR, 3, 5, 17), **fields):
        with app.app_context():
            meeting = Meeting(group_id=group.id, title=title, starts_at=starts_at, **fields)
            meeting.items = [AgendaItem(title="Les charges", position=1)]
            db.session.add(meeting)
            db.session.commit()
            return meeting.id, meeting.items[0].id

    return make


def meeting_page(client, meeting_id) -> str:
    return client.get(f"/g/glycines/meetings/{meeting_id}").get_data(as_text=True)


def follow_up(html: str) -> str:
    """The "Suivi des actions" section of a meeting page ('' when there is none)."""
    found = re.search(r'<section class="follow-up".*?</section>', html, re.S)
    return found.group(0) if found else ""


def add_task(client, **fields):
    data = {"title": "Écrire au bailleur", "assignee_name": "Fatou", **fields}
    return post(client, f"{TASKS}/new", data)


def only_task(app) -> Task:
    with app.app_context():
        task = db.session.scalar(db.select(Task))
        db.session.expunge(task)
        return task


def test_a_task_from_an_agenda_item_is_linked_to_it_and_leads_back_to_its_meeting(
    app, client, auth, make_meeting
):
    meeting_id, item_id = make_meeting()
    auth.login("facilitator")
    form = client.get(f"{TASKS}/new?item={item_id}").get_data(as_text=True)
    assert f'name="item" type="hidden" value="{item_id}"' in form
    assert "From the agenda item: Les charges" in form
    response = add_task(client, item=str(item_id), due_on=f"{NEXT_YEAR}-04-01")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/g/glycines/meetings/{meeting_id}#item-{item_id}"
    task = only_task(app)
    assert (task.meeting_id, task.item_id, task.assignee_name) == (meeting_id, item_id, "Fatou")
    assert task.due_on == date(NEXT_YEAR, 4, 1) and not task.done
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb="task.created"))
        assert event.subject_id == task.id and event.payload["item_id"] == item_id
        assert "Fatou" not in str(event.payload)  # the journal says where, not who


def test_a_task_goes_to_a_member_or_to_a_typed_name_never_both_nor_neither(
    app, client, auth, group, people
):
    auth.login("organizer")
    both = add_task(client, assignee=str(people["member"].id))
    assert both.status_code == 400
    page = both.get_data(as_text=True)
    assert 'id="assignee_name-error"' in page and 'value="Écrire au bailleur"' in page
    neither = add_task(client, assignee_name="")
    assert neither.status_code == 400 and 'id="assignee_name-error"' in neither.get_data(True)
    stranger = add_task(client, assignee_name="", assignee="99999")  # not a member: no one
    assert stranger.status_code == 400
    assert add_task(client, assignee_name="", assignee=str(people["member"].id)).status_code == 302
    task = only_task(app)
    assert task.assignee_id == people["member"].id and task.assignee_name == ""
    assert task.meeting_id is None  # written by hand
    listing = client.get(TASKS).get_data(as_text=True)
    assert "Écrire au bailleur" in listing and "Member" in listing


def test_a_due_date_in_the_past_is_refused(client, auth, group):
    auth.login("facilitator")
    response = add_task(client, due_on=(date.today() - timedelta(days=2)).isoformat())
    assert response.status_code == 400
    assert 'id="due_on-error"' in response.get_data(as_text=True)


def test_an_item_of_another_group_or_a_bad_id_is_not_found(app, client, auth, group):
    from assembly.groups.models import Group

    with app.app_context():
        autre = db.session.scalar(db.select(Group).filter_by(slug="autre"))
        meeting = Meeting(group_id=autre.id, title="Ailleurs", starts_at=datetime(2026, 3, 1))
        meeting.items = [AgendaItem(title="Chez les autres", position=1)]
        db.session.add(meeting)
        db.session.commit()
        foreign_item = meeting.items[0].id
    auth.login("facilitator")
    assert client.get(f"{TASKS}/new?item={foreign_item}").status_code == 404
    assert client.get(f"{TASKS}/new?decision=abc").status_code == 404
    assert add_task(client, item=str(foreign_item)).status_code == 404


def test_a_task_of_one_meeting_is_followed_up_at_the_next_until_it_is_done(
    app, client, auth, make_meeting
):
    first, item = make_meeting("Assemblée de mars", datetime(NEXT_YEAR, 3, 5, 17))
    second, _ = make_meeting("Assemblée d'avril", datetime(NEXT_YEAR, 4, 2, 16))
    auth.login("facilitator")
    assert add_task(client, item=str(item)).status_code == 302
    task = only_task(app)
    assert "Écrire au bailleur" in follow_up(meeting_page(client, second))
    assert f'id="task-{task.id}"' in follow_up(meeting_page(client, second))
    assert follow_up(meeting_page(client, first)) == ""  # decided there: not a follow-up

    auth.logout()
    auth.login("member")  # any member ticks a task off
    page = meeting_page(client, second)
    assert "Fatou" in follow_up(page)
    response = post(
        client,
        f"{TASKS}/{task.id}/done",
        {"done": "1", "next": f"/g/glycines/meetings/{second}#follow-up"},
    )
    assert response.headers["Location"] == f"/g/glycines/meetings/{second}#follow-up"
    assert only_task(app).done
    assert follow_up(meeting_page(client, second)) == ""
    with app.app_context():
        done = db.session.scalar(db.select(Event).filter_by(verb="task.done"))
        from assembly.auth.models import find_user

        assert done.actor_id == find_user("member").id


def test_visitors_only_see_how_many_tasks_are_followed_up(app, client, auth, make_meeting):
    _, item = make_meeting("Assemblée de mars", datetime(NEXT_YEAR, 3, 5, 17))
    second, _ = make_meeting("Assemblée d'avril", datetime(NEXT_YEAR, 4, 2, 16))
    auth.login("facilitator")
    add_task(client, item=str(item))
    auth.logout()
    section = follow_up(meeting_page(client, second))
    assert "1 open task is followed up with the members." in section
    assert "Fatou" not in section and "Écrire au bailleur" not in section


def test_a_closed_meeting_follows_nothing_up(app, client, auth, make_meeting):
    make_meeting()
    closed, _ = make_meeting("Assemblée passée", state=State.CLOSED)
    auth.login("facilitator")
    add_task(client)
    assert follow_up(meeting_page(client, closed)) == ""


def test_ticking_off_and_reopening_moves_a_task_between_the_lists(app, client, auth, group):
    auth.login("facilitator")
    add_task(client)
    task = only_task(app)
    post(client, f"{TASKS}/{task.id}/done", {"done": "1", "next": "https://evil.example/"})
    listing = client.get(TASKS).get_data(as_text=True)
    assert "0 open tasks" in listing and "Done lately" in listing and "Reopen" in listing
    response = post(client, f"{TASKS}/{task.id}/done", {"done": "0"})
    assert response.headers["Location"] == TASKS
    assert not only_task(app).done
    assert post(client, f"{TASKS}/{task.id}/done", {"done": "maybe"}).status_code == 400
    with app.app_context():
        verbs = db.session.scalars(db.select(Event.verb).where(Event.verb.like("task.%")))
        assert list(verbs) == ["task.created", "task.done", "task.reopened"]


def test_a_task_of_another_group_cannot_be_ticked(app, client, auth, group):
    from assembly.groups.models import Group

    with app.app_context():
        autre = db.session.scalar(db.select(Group).filter_by(slug="autre"))
        task = Task(group_id=autre.id, title="Ailleurs", assignee_name="Léa")
        db.session.add(task)
        db.session.commit()
        task_id = task.id
    auth.login("member")
    assert post(client, f"{TASKS}/{task_id}/done", {"done": "1"}).status_code == 404

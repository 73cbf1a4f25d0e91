"""A form sent twice (the back button, a double tap) makes one row and shows the first result."""

import re
from datetime import datetime

import pytest

from assembly.extensions import db
from tests.helpers import another_tab, csrf_token
from tests.test_concurrency import together

ONCE = re.compile(r'name="once"[^>]*value="([^"]+)"')
NEED = {"title": "Pas d'eau chaude au 3e", "confirmed": "1"}


def form_of(client, url) -> dict:
    """The hidden fields a browser gets with the page at `url`."""
    page = client.get(url).get_data(as_text=True)
    return {"csrf_token": csrf_token(client, url), "once": ONCE.search(page).group(1)}


def rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def meeting_id(app, group):
    from assembly.meetings.models import Meeting

    with app.app_context():
        meeting = Meeting(
            group_id=group.id, title="Assemblée", starts_at=datetime(2030, 1, 1), public=True
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def test_a_need_sent_again_with_the_back_button_leads_to_the_first_receipt(app, client, group):
    from assembly.needs.models import Need

    hidden = form_of(client, "/g/glycines/needs/new")
    first = client.post("/g/glycines/needs/new", data={**NEED, **hidden})
    again = client.post("/g/glycines/needs/new", data={**NEED, **hidden})
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] == "/g/glycines/needs/1/receipt"
    assert rows(app, Need) == 1
    other = form_of(client, "/g/glycines/needs/new")  # a new form is a new need
    assert client.post("/g/glycines/needs/new", data={**NEED, **other}).status_code == 302
    assert rows(app, Need) == 2


def test_an_rsvp_sent_twice_is_one_answer(app, client, group, meeting_id):
    from assembly.meetings.models import Rsvp

    url = f"/g/glycines/meetings/{meeting_id}"
    hidden = form_of(client, url)
    answer = {"name": "Mireille", "answer": "yes", **hidden}
    first = client.post(f"{url}/rsvp", data=answer)
    again = client.post(f"{url}/rsvp", data=answer)
    assert again.headers["Location"] == first.headers["Location"]
    assert "Merci, votre réponse est notée." in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    assert rows(app, Rsvp) == 1


def test_a_form_from_a_page_cached_before_the_keys_still_works(app, client, group):
    from assembly.needs.models import Need

    data = {**NEED, "csrf_token": csrf_token(client, "/g/glycines/needs/new"), "once": ""}
    assert client.post("/g/glycines/needs/new", data=data).status_code == 302
    assert rows(app, Need) == 1


def test_keys_are_forgotten_after_a_day(app, client, group, clock):
    from assembly.web.once import SentForm

    clock.freeze(datetime(2026, 3, 1, 12))
    hidden = form_of(client, "/g/glycines/needs/new")
    client.post("/g/glycines/needs/new", data={**NEED, **hidden})
    clock.advance(days=1, minutes=1)
    other = form_of(client, "/g/glycines/needs/new")
    client.post("/g/glycines/needs/new", data={**NEED, "title": "Autre chose", **other})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SentForm)) == 1


def test_sixteen_taps_on_send_make_one_need(app, group):
    from assembly.needs.models import Need

    browser = app.test_client()
    hidden = form_of(browser, "/g/glycines/needs/new")

    def tab(_n):
        client = another_tab(app, browser)
        return lambda: client.post("/g/glycines/needs/new", data={**NEED, **hidden}).status_code

    statuses = together(tab)
    assert max(statuses) < 500 and set(statuses) == {302}, statuses
    assert rows(app, Need) == 1


def test_a_task_and_an_argument_sent_twice_are_written_once(
    app, client, auth, group, people, online_vote
):
    from assembly.decisions.models import Argument
    from assembly.tasks.models import Task

    decision_id = online_vote
    auth.login("organizer")
    task = {"title": "Appeler le bailleur", "assignee_name": "Fatou"}
    task.update(form_of(client, "/g/glycines/tasks/new"))
    for _ in range(2):
        assert client.post("/g/glycines/tasks/new", data=task).status_code == 302
    page = f"/g/glycines/decisions/{decision_id}"
    argument = {"side": "for", "body": "Ça presse.", **form_of(client, page)}
    for _ in range(2):
        response = client.post(f"{page}/arguments", data=argument)
        assert response.status_code == 302 and response.headers["Location"].endswith("#arguments")
    assert (rows(app, Task), rows(app, Argument)) == (1, 1)

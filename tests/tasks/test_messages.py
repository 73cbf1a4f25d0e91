"""A task tells the member it is assigned to that it is due in two days: planned with the
task, withdrawn when it is done, by SMS or else by e-mail under a reminders' consent."""

from datetime import datetime

import pytest

from assembly.messages.models import MessageChannel, MessageKind, MessageStatus
from assembly.messages.sender import send_pass
from tests.helpers import Auth, post
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, queued, withdraw

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris
REMIND_AT = datetime(2026, 12, 8, 8)  # Tuesday 8, 9:00 in Paris: two days before the 10th
DUE = MessageKind.TASK_DUE


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def team(app, people, clock):
    clock.freeze(MORNING)
    client = app.test_client()
    assert Auth(client).login(people["facilitator"].username).status_code == 302
    return client


@pytest.fixture
def assignee(app, group, people):
    """The member's person in the contact book, with these consents; their id."""

    def make(*purposes, **fields):
        fields = {"phone": "+33611111111", "email": "mem@example.org", **fields}
        return contact(app, group.id, purposes, user_id=people["member"].id, **fields)

    return make


def write_task(client, people, due_on="2026-12-10", **fields):
    data = {"title": "Écrire au bailleur", "assignee": str(people["member"].id), **fields}
    if due_on:
        data["due_on"] = due_on
    response = post(client, "/g/glycines/tasks/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_task_for_a_member_plans_a_reminder_two_days_before(app, team, people, assignee):
    person = assignee("sms_reminders", "email_reminders")
    write_task(team, people)
    [reminder] = queued(app, kind=DUE)  # one, by SMS, though e-mail was agreed to too
    assert (reminder.person_id, reminder.channel) == (person, MessageChannel.SMS)
    assert reminder.send_after == REMIND_AT
    assert reminder.send_before == datetime(2026, 12, 9, 23)  # the 10th has begun in Paris
    assert reminder.body.startswith(
        'Rappel : "Écrire au bailleur" est à faire pour le jeudi 10 décembre.\n'
        "http://localhost/g/glycines/tasks\n"
    )
    assert reminder.segments == 1


def test_by_e_mail_in_their_language_when_that_is_what_they_agreed_to(app, team, people, assignee):
    assignee("email_reminders", language="en")
    write_task(team, people)
    [reminder] = queued(app, kind=DUE)
    assert (reminder.channel, reminder.address) == (MessageChannel.EMAIL, "mem@example.org")
    assert reminder.subject == "A task is due in two days"
    assert reminder.body.startswith(
        'Reminder: "Écrire au bailleur" is to be done by Thursday 10 December.'
    )


def test_done_withdraws_the_reminder_and_opened_again_plans_it_again(app, team, people, assignee):
    assignee("sms_reminders")
    write_task(team, people)
    post(team, "/g/glycines/tasks/1/done", {"done": "1"})
    assert [m.status for m in outbox(app)] == [MessageStatus.CANCELLED]
    post(team, "/g/glycines/tasks/1/done", {"done": "0"})
    assert [m.send_after for m in queued(app, kind=DUE)] == [REMIND_AT]


def test_no_reminder_without_an_account_a_consent_a_date_or_the_time_to_remind(
    app, team, people, assignee
):
    assignee("group_actions")  # not a consent to reminders
    write_task(team, people)
    write_task(team, people, assignee="", assignee_name="Fatou")
    write_task(team, people, due_on="")
    assignee("sms_reminders", phone="+33622222222")  # a second card: the first one counts
    write_task(team, people, due_on="2026-12-02")  # Tuesday morning: the day before
    assert outbox(app) == []


def test_the_reminder_arrives_unless_the_consent_was_withdrawn(
    app, clock, team, people, assignee, sms_gateway
):
    person = assignee("sms_reminders")
    write_task(team, people)
    write_task(team, people, title="Imprimer les affiches")
    clock.freeze(REMIND_AT)
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 2
    assert [sms["phoneNumbers"] for sms in sms_gateway.sent] == [["+33611111111"]] * 2
    assert sms_gateway.sent[1]["textMessage"]["text"].startswith(
        'Rappel : "Imprimer les affiches" est à faire pour le jeudi 10 décembre.'
    )
    write_task(team, people, due_on="2026-12-11")
    withdraw(app, person)
    clock.freeze(datetime(2026, 12, 9, 8))
    with app.app_context():
        assert send_pass()[MessageStatus.CANCELLED] == 1
    assert len(sms_gateway.sent) == 2

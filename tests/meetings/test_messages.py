"""What a meeting sends: reminders to who said they would come, the news that it moved,
and the organizer's invitation to the group; each written in the request that causes it,
only under a live consent, once, in the person's language."""

from datetime import datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Meeting
from assembly.messages.models import MessageChannel, MessageKind, MessageSettings, MessageStatus
from assembly.messages.sender import send_pass
from assembly.messages.sms import parts
from assembly.people.models import Person
from tests.helpers import post
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, queued, withdraw

# A Tuesday, 10:00 in Paris; the meeting is on Thursday 10 December at 18:30 in Paris.
MORNING = datetime(2026, 12, 1, 9)
STARTS = datetime(2026, 12, 10, 17, 30)
REMINDER = MessageKind.MEETING_REMINDER


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def meeting(app, group, clock):
    """The group's next assembly, planned; the clock on the Tuesday morning before it."""
    clock.freeze(MORNING)
    with app.app_context():
        made = Meeting(
            group_id=group.id,
            title="Assemblée de décembre",
            starts_at=STARTS,
            place="Maison de quartier",
        )
        db.session.add(made)
        db.session.commit()
        return made.id


def answer(app, meeting_id, answer="yes", contact="06 12 34 56 78", client=None, **more):
    data = {"name": "Karim", "answer": answer, **more}
    if contact:
        data.update(contact=contact, consent="y")
    response = post(client or app.test_client(), f"/g/glycines/meetings/{meeting_id}/rsvp", data)
    assert response.status_code == 302
    return response


def edit(client, meeting_id, **fields):
    data = {
        "title": "Assemblée de décembre",
        "kind": "assembly",
        "date": "2026-12-10",
        "time": "18:30",
        "duration": "120",
        "place": "Maison de quartier",
        "order_rule": "first_come",
        "public": "y",
        **fields,
    }
    response = post(client, f"/g/glycines/meetings/{meeting_id}/edit", data)
    assert response.status_code == 302, response.get_data(as_text=True)


# Reminders ------------------------------------------------------------------------------


def test_a_yes_with_a_contact_plans_two_reminders_in_the_same_request(app, meeting):
    answer(app, meeting)
    two_days, three_hours = queued(app, kind=REMINDER)
    assert two_days.send_after == STARTS - timedelta(hours=48)
    assert three_hours.send_after == STARTS - timedelta(hours=3)
    assert two_days.send_before == three_hours.send_before == STARTS
    assert (two_days.channel, two_days.address) == (MessageChannel.SMS, "+33612345678")
    assert two_days.body.startswith(
        "Rappel : Assemblée de décembre, jeudi 10 décembre à 18:30, Maison de quartier.\n"
        f"http://localhost/g/glycines/meetings/{meeting}\n"
    )
    assert two_days.dedup_key.endswith(":48h:2026-12-10T17:30")
    assert not parts(two_days.body).unicode and parts(two_days.body).count == 1


def test_a_maybe_is_reminded_too_but_no_contact_means_no_message(app, meeting):
    answer(app, meeting, "maybe", contact="karim@example.org")
    assert [m.channel for m in queued(app, kind=REMINDER)] == [MessageChannel.EMAIL] * 2
    answer(app, meeting, "yes", contact="")
    answer(app, meeting, "no")
    assert len(outbox(app)) == 2


def test_only_the_reminders_still_ahead_are_planned(app, meeting, clock):
    clock.freeze(STARTS - timedelta(hours=10))
    answer(app, meeting)
    [reminder] = outbox(app)
    assert reminder.send_after == STARTS - timedelta(hours=3)


def test_the_group_chooses_the_hours(app, group, meeting):
    with app.app_context():
        db.session.add(MessageSettings(group_id=group.id, reminder_hours="24"))
        db.session.commit()
    answer(app, meeting)
    assert [m.send_after for m in outbox(app)] == [STARTS - timedelta(hours=24)]


def test_the_same_answer_twice_plans_the_reminders_once_and_a_no_cancels_them(
    app, client, auth, meeting
):
    auth.login("member")  # a member's answers are one person's
    answer(app, meeting, client=client)
    answer(app, meeting, client=client)
    assert len(queued(app, kind=REMINDER)) == 2
    answer(app, meeting, "no", contact="", client=client)
    assert queued(app) == []
    assert [m.status for m in outbox(app)] == [MessageStatus.CANCELLED] * 2
    answer(app, meeting, "yes", contact="", client=client)  # their consent still runs
    assert len(queued(app, kind=REMINDER)) == 2


def test_reminders_are_worded_in_the_person_s_language(app, client, auth, make_user, meeting):
    from assembly.auth.models import User
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member

    english = make_user("jane", locale="en")
    with app.app_context():
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        add_member(group, db.session.get(User, english.id), Role.MEMBER)
    auth.login("jane")
    answer(app, meeting, contact="jane@example.org", client=client)
    reminder = queued(app)[0]
    assert reminder.language == "en"
    assert reminder.subject == "Reminder: Assemblée de décembre"
    assert reminder.body.startswith(
        "Reminder: Assemblée de décembre, Thursday 10 December at 6:30 PM, Maison de quartier."
    )


def test_no_consent_for_meeting_news_no_reminder(app, client, auth, group, people, meeting):
    """A member whose phone the group holds for its actions, not for meeting news."""
    contact(app, group.id, ("group_actions",), phone="+33611111111", user_id=people["member"].id)
    auth.login("member")
    answer(app, meeting, contact="", client=client)
    assert outbox(app) == []


# The meeting moved --------------------------------------------------------------------------


def test_a_moved_meeting_tells_who_comes_and_plans_the_reminders_again(app, client, auth, meeting):
    answer(app, meeting)  # Karim comes
    answer(app, meeting, "no", contact="06 98 76 54 32")  # Inès does not
    old = queued(app, kind=REMINDER)
    auth.login("facilitator")
    edit(client, meeting, description="On parle des charges.")  # neither time nor place
    assert outbox(app, kind=MessageKind.MEETING_CHANGED) == []
    edit(client, meeting, time="19:30")
    [changed] = outbox(app, kind=MessageKind.MEETING_CHANGED)
    assert changed.address == "+33612345678"
    assert changed.body.startswith(
        "Nouvel horaire : Assemblée de décembre, jeudi 10 décembre à 19:30, Maison de quartier."
    )
    assert changed.segments == 1
    assert changed.send_before == STARTS + timedelta(hours=1)
    assert [m.status for m in outbox(app, kind=REMINDER)[:2]] == [MessageStatus.CANCELLED] * 2
    moved = queued(app, kind=REMINDER)
    assert [m.id for m in moved] > [m.id for m in old]
    assert [m.send_after for m in moved] == [
        STARTS + timedelta(hours=1 - 48),
        STARTS - timedelta(hours=2),
    ]
    assert all(m.dedup_key.endswith("2026-12-10T18:30") for m in moved)
    assert "19:30" in moved[0].body
    edit(client, meeting, time="19:30", place="Salle des fêtes")  # moved again: told again
    assert len(outbox(app, kind=MessageKind.MEETING_CHANGED)) == 2
    assert "Salle des fêtes" in queued(app, kind=REMINDER)[0].body


# The invitation to the group ----------------------------------------------------------------


@pytest.fixture
def book(app, group):
    """The contact book: two people who agreed to hear of the group's actions (one by SMS,
    one by e-mail in English), one who did not, one who agreed but left no contact."""
    actions = ("group_actions",)
    return {
        "sms": contact(app, group.id, actions, phone="+33612345678"),
        "email": contact(
            app, group.id, actions, name="Jane", email="jane@example.org", language="en"
        ),
        "no consent": contact(app, group.id, (), name="Inès", phone="+33698765432"),
        "no contact": contact(app, group.id, actions, name="Moussa"),
    }


def test_the_organizer_sees_whom_the_invitation_reaches_then_sends_it_once(
    app, client, auth, meeting, book
):
    client.set_cookie("lang", "en")
    auth.login("organizer")
    page = client.get(f"/g/glycines/meetings/{meeting}").get_data(as_text=True)
    assert f"/g/glycines/meetings/{meeting}/invite" in page
    step = client.get(f"/g/glycines/meetings/{meeting}/invite").get_data(as_text=True)
    assert "<strong>1</strong> person by SMS (" in step
    assert "<strong>1</strong> person by e-mail" in step
    assert "1 person agreed but cannot be reached" in step
    assert "Send the invitation to 2 people" in step
    url = f"/g/glycines/meetings/{meeting}/invite"
    post(client, url)  # not confirmed
    assert outbox(app) == []
    post(client, url, {"confirm": "yes"})  # one request: the messages are written
    sms, mail = outbox(app, kind=MessageKind.MEETING_INVITATION)
    assert (sms.person_id, sms.language) == (book["sms"], "fr")
    assert sms.body.startswith(
        "Collectif des Glycines vous invite : Assemblée de décembre, "
        "jeudi 10 décembre à 18:30, Maison de quartier."
    )
    assert (mail.person_id, mail.language, mail.subject) == (
        book["email"],
        "en",
        "Invitation: Assemblée de décembre",
    )
    assert sms.send_before == STARTS
    assert f"person by SMS ({sms.segments} SMS to pay)" in step  # the cost shown was the cost
    again = post(client, url, {"confirm": "yes"}, follow_redirects=True).get_data(as_text=True)
    assert "Nothing new was sent" in again and "2 people already invited" in again
    assert len(outbox(app)) == 2


def test_the_counts_before_the_invitation_are_the_messages_it_writes(
    app, client, auth, group, meeting, book
):
    """The database counts whom the invitation reaches (`outbox.routes`); each person is
    counted on the channel their message then takes, and once invited, as invited."""
    actions = ("group_actions",)
    contact(
        app, group.id, actions, name="Both", phone="+33622222222", email="both@example.org",
        preferred_channel="email", language="es",
    )  # fmt: skip
    contact(app, group.id, actions, name="Other", phone="+33633333333", language="ar")
    withdrawn = contact(app, group.id, actions, name="Gone", email="gone@example.org")
    withdraw(app, withdrawn)
    client.set_cookie("lang", "en")
    auth.login("organizer")
    url = f"/g/glycines/meetings/{meeting}/invite"
    step = client.get(url).get_data(as_text=True)
    post(client, url, {"confirm": "yes"})
    written = outbox(app, kind=MessageKind.MEETING_INVITATION)
    by_sms = [m for m in written if m.channel == MessageChannel.SMS]
    assert len(written) == 4 and len(by_sms) == 2  # "Both" prefers e-mail
    cost = sum(m.segments for m in by_sms)
    assert f"<strong>2</strong> people by SMS ({cost} SMS to pay)" in step
    assert "<strong>2</strong> people by e-mail" in step
    assert "1 person agreed but cannot be reached" in step
    after = client.get(url).get_data(as_text=True)
    assert "4 people already invited" in after and "1 person agreed but cannot" in after


def test_the_invitation_and_cancellation_steps_run_as_many_statements_for_600_people(
    app, client, auth, group, meeting, book
):
    """Whom the invitation or a cancellation notice would reach is counted by the
    database: the same statements for four people as for 600 who would come and agreed
    to hear of the group (a statement per batch of them, before, grew with the group)."""
    from assembly.meetings.models import Answer, Rsvp
    from assembly.people.models import Consent, ConsentPurpose, ConsentSource
    from tests.crawl import counting_statements

    client.set_cookie("lang", "en")
    auth.login("organizer")
    steps = [f"/g/glycines/meetings/{meeting}/{step}" for step in ("invite", "cancel")]

    def statements() -> int:
        with counting_statements(app) as ran:
            for url in steps:
                assert client.get(url).status_code == 200
        return len(ran)

    few = statements()
    with app.app_context():
        for n in range(600):
            person = Person(group_id=group.id, name=f"P{n}", phone=f"+336{n:08d}")
            person.consents = [
                Consent(purpose=purpose, wording="Oui", source=ConsentSource.WEB)
                for purpose in (ConsentPurpose.GROUP_ACTIONS, ConsentPurpose.MEETING_NEWS)
            ]
            db.session.add(person)
            db.session.add(Rsvp(meeting_id=meeting, name=f"P{n}", person=person, answer=Answer.YES))
        db.session.commit()
    assert statements() == few
    assert "<strong>601</strong> people by SMS" in client.get(steps[0]).get_data(as_text=True)


def test_a_members_only_meeting_invites_the_members_only(
    app, client, auth, group, people, meeting, book
):
    member = contact(
        app, group.id, ("group_actions",), name="Mem", phone="+33611111111",
        user_id=people["member"].id,
    )  # fmt: skip
    with app.app_context():
        db.session.get(Meeting, meeting).public = False
        db.session.commit()
    auth.login("organizer")
    post(client, f"/g/glycines/meetings/{meeting}/invite", {"confirm": "yes"})
    assert [m.person_id for m in outbox(app)] == [member]


# From the outbox to the phone and the mailbox ------------------------------------------------


def test_reminders_arrive_and_a_withdrawn_consent_stops_them(
    app, clock, meeting, sms_gateway, smtp_server
):
    answer(app, meeting)
    answer(app, meeting, contact="awa@example.org")
    with app.app_context():
        karim = db.session.scalar(db.select(Person).filter_by(phone="+33612345678")).id
    clock.freeze(STARTS - timedelta(hours=48))
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 2
    [sms] = sms_gateway.sent
    assert sms["phoneNumbers"] == ["+33612345678"]
    assert sms["textMessage"]["text"].startswith("Rappel : Assemblée de décembre")
    [mail] = smtp_server.received
    assert mail["Subject"] == "Rappel : Assemblée de décembre"
    assert (
        f"http://localhost/g/glycines/meetings/{meeting}" in mail.get_body(("plain",)).get_content()
    )
    withdraw(app, karim)  # Karim sends STOP
    clock.freeze(STARTS - timedelta(hours=3))
    with app.app_context():
        done = send_pass()
    assert (done[MessageStatus.SENT], done[MessageStatus.CANCELLED]) == (1, 1)
    assert len(sms_gateway.sent) == 1 and len(smtp_server.received) == 2


def test_a_group_that_turned_invitations_off_sends_none(app, client, auth, group, meeting, book):
    with app.app_context():
        db.session.add(MessageSettings(group_id=group.id, turned_off="meeting_invitation"))
        db.session.commit()
    client.set_cookie("lang", "en")
    auth.login("organizer")
    step = client.get(f"/g/glycines/meetings/{meeting}/invite").get_data(as_text=True)
    assert "Invitations to meetings are turned off" in step and "Send the invitation" not in step
    sent = post(client, f"/g/glycines/meetings/{meeting}/invite", {"confirm": "yes"})
    assert "turned off" in client.get(sent.headers["Location"]).get_data(as_text=True)
    assert outbox(app) == []

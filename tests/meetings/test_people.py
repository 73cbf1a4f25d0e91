"""Who answers an invitation or comes to a meeting is a person of the group's contact book.

An RSVP's contact serves one meeting: its consent runs out a month after the meeting
starts, and from then on the team's list of answers no longer shows it.
"""

from datetime import datetime, timedelta

from assembly.auth.models import User
from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting, Rsvp, State
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from tests.helpers import Auth, person_seen, post

STARTS = datetime(2027, 3, 5, 17)


def make_meeting(app, group, **fields) -> int:
    with app.app_context():
        meeting = Meeting(group_id=group.id, title="Assemblée", starts_at=STARTS, **fields)
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def people_of(app, model, meeting_id):
    """(name on the record, its person as plain values) for each row, in order."""
    with app.app_context():
        rows = db.session.scalars(db.select(model).filter_by(meeting_id=meeting_id).order_by("id"))
        return [(row.name, person_seen(row.person)) for row in rows]


def answers(client, meeting_id) -> str:
    page = client.get(f"/g/glycines/meetings/{meeting_id}").get_data(as_text=True)
    return page[page.index('class="rsvps"') :]


def test_an_rsvp_contact_is_the_person_s_under_a_consent_that_runs_a_month(
    app, client, auth, group, clock
):
    clock.freeze(datetime(2027, 3, 1, 9))
    meeting_id = make_meeting(app, group)
    url = f"/g/glycines/meetings/{meeting_id}/rsvp"
    visitor = app.test_client()
    karim = {"name": "Karim", "answer": "yes", "contact": "06 12 34 56 78", "consent": "y"}
    assert post(visitor, url, karim).status_code == 302
    assert post(visitor, url, {"name": "Inès", "answer": "no"}).status_code == 302

    [(name, karim_person), (_, ines_person)] = people_of(app, Rsvp, meeting_id)
    assert (name, karim_person.name, karim_person.phone) == ("Karim", "Karim", "+33612345678")
    [consent] = karim_person.consents
    assert (consent.purpose, consent.source) == (ConsentPurpose.MEETING_NEWS, ConsentSource.WEB)
    assert consent.expires_at == STARTS + timedelta(days=30)
    assert "jusqu’à un mois après" in consent.wording  # the words the form shows now
    assert (ines_person.name, ines_person.phone, ines_person.consents) == ("Inès", "", [])

    auth.login("facilitator")
    clock.freeze(STARTS + timedelta(days=30, minutes=-1))  # a month after it, to the minute
    assert "Karim — " in answers(client, meeting_id)
    assert "06 12 34 56 78" in answers(client, meeting_id)
    clock.freeze(STARTS + timedelta(days=30))
    assert "Karim — " in answers(client, meeting_id)  # the answer and the name stay
    assert "06 12 34 56 78" not in answers(client, meeting_id)


def test_a_bad_rsvp_contact_comes_back_with_its_error_and_nothing_is_kept(app, client, group):
    meeting_id = make_meeting(app, group)
    data = {"name": "Karim", "answer": "maybe", "contact": "karim@", "consent": "y"}
    response = post(client, f"/g/glycines/meetings/{meeting_id}/rsvp", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Karim"' in page and 'value="karim@"' in page
    error = page[page.index('id="contact-error"') :]
    assert error.index("Ce n’est pas une adresse e-mail") < error.index("</p>")
    assert people_of(app, Rsvp, meeting_id) == []


def test_a_member_who_answers_and_comes_is_one_person(app, client, auth, group, people):
    meeting_id = make_meeting(app, group, state=State.LIVE, join_code="K7MQ4")
    auth.login("member")
    post(client, f"/g/glycines/meetings/{meeting_id}/rsvp", {"name": "Mem", "answer": "yes"})
    post(client, "/j", {"code": "K7MQ4", "name": "Mem B."})
    [(_, answered)] = people_of(app, Rsvp, meeting_id)
    [(name, came)] = people_of(app, Attendance, meeting_id)
    assert answered.id == came.id and came.user_id == people["member"].id
    assert name == "Mem B."  # the name as given when joining stays on the attendance


def test_who_joins_from_a_phone_or_is_added_by_the_facilitator_is_a_new_person(
    app, client, auth, group
):
    meeting_id = make_meeting(app, group, state=State.LIVE, join_code="K7MQ4")
    phone = app.test_client()
    post(phone, "/j", {"code": "K7MQ4", "name": "Awa"})
    post(phone, "/j", {"code": "K7MQ4", "name": "Awa"})  # the same phone: the same attendance
    Auth(client).login("facilitator")
    conduct = f"/g/glycines/meetings/{meeting_id}/conduct/attendees"
    post(client, conduct, {"name": "Awa", "source": "paper"})  # never merged silently
    rows = people_of(app, Attendance, meeting_id)
    assert [(name, person.name) for name, person in rows] == [("Awa", "Awa"), ("Awa", "Awa")]
    assert rows[0][1].id != rows[1][1].id
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 2
        assert all(p.user_id is None for p in db.session.scalars(db.select(Person)))
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) > 0

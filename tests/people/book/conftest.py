"""Fixtures for the contact book: people of the test group, with consents, and their records."""

from datetime import datetime

import pytest

from assembly.extensions import db
from assembly.people.models import ConsentPurpose, ConsentSource, Person

BOOK = "/g/glycines/people"


@pytest.fixture
def make_person(app, group):
    """Add a person to the test group, with live consents for `consents` (purpose values);
    returns its id."""
    from assembly.people.operations import give_consent

    def make(name="Awa Diallo", *, consents=(), **fields):
        with app.app_context():
            person = Person(group_id=group.id, name=name, **fields)
            db.session.add(person)
            db.session.flush()
            for purpose in consents:
                give_consent(person, ConsentPurpose(purpose), "Les mots lus.", ConsentSource.PAPER)
            db.session.commit()
            return person.id

    return make


@pytest.fixture
def make_meeting(app, group):
    """A meeting of the test group on `day` (a datetime); returns its id."""
    from assembly.meetings.models import Meeting

    def make(title="Assemblée de mars", day=datetime(2026, 3, 5, 17)):
        with app.app_context():
            meeting = Meeting(group_id=group.id, title=title, starts_at=day)
            db.session.add(meeting)
            db.session.commit()
            return meeting.id

    return make


@pytest.fixture
def attend(app):
    """`person_id` came to `meeting_id` (an attendance, as a phone's sign-in makes);
    returns the attendance's id."""
    from assembly.meetings.models import Attendance

    def add(meeting_id, person_id, name="Awa", *, struck=False):
        with app.app_context():
            row = Attendance(meeting_id=meeting_id, name=name, person_id=person_id)
            row.struck_at = datetime(2026, 3, 5, 18) if struck else None
            db.session.add(row)
            db.session.commit()
            return row.id

    return add


def read_person(app, person_id):
    with app.app_context():
        person = db.session.get(Person, person_id)
        if person is not None:
            person.consents  # noqa: B018 (loaded before the session closes)
            db.session.expunge(person)
        return person


@pytest.fixture
def raise_need(app, group):
    """`person_id` raised a need titled `title` (as the needs' form will record it); returns
    its number."""
    from assembly.groups.models import Group
    from assembly.needs.operations import submit_need

    def make(person_id, title="Ascenseur en panne", when=datetime(2026, 1, 15, 10)):
        with app.app_context():
            need = submit_need(db.session.get(Group, group.id), title=title, trusted=True)
            need.person_id, need.created_at = person_id, when
            db.session.commit()
            return need.number

    return make

"""Fixtures for people: people of the test group, their one-to-ones, reading rows back."""

from datetime import date
from types import SimpleNamespace

import pytest

from assembly.extensions import db


@pytest.fixture
def make_person(app, group):
    """Add a person to a group (the test group unless `group_id`); returns their id and page."""
    from assembly.people.models import Person

    def make(name="Awa Traoré", *, group_id=None, **fields):
        with app.app_context():
            person = Person(group_id=group_id or group.id, name=name, **fields)
            db.session.add(person)
            db.session.commit()
            base = f"/g/glycines/people/{person.id}"
            return SimpleNamespace(id=person.id, url=base)

    return make


@pytest.fixture
def add_one_to_one(app, people):
    """Write a one-to-one straight in the database (met by the organizer unless `by`)."""
    from assembly.people.models import OneToOne

    def add(person_id, met_on=date(2026, 3, 14), *, by="organizer", **fields):
        with app.app_context():
            one_to_one = OneToOne(
                person_id=person_id,
                met_on=met_on,
                met_by_id=people[by].id if by else None,
                **fields,
            )
            db.session.add(one_to_one)
            db.session.commit()
            return one_to_one.id

    return add


@pytest.fixture
def person_row(app):
    """Read a person back: `person_row(id)` is a plain namespace of their columns."""
    from assembly.people.models import Person

    def read(person_id):
        with app.app_context():
            person = db.session.get(Person, person_id)
            return SimpleNamespace(**{c.key: getattr(person, c.key) for c in Person.__table__.c})

    return read


@pytest.fixture
def journal(app):
    """The journal's (verb, payload) about a person, oldest first."""
    from assembly.trace.operations import events_for

    def read(person_id):
        with app.app_context():
            return [(event.verb, event.payload) for event in events_for("people", person_id)]

    return read

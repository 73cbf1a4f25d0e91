"""Fixtures for the needs tests: a group with people in every role, and needs to act on."""

from types import SimpleNamespace

import pytest

from assembly.extensions import db
from assembly.groups.models import Group
from tests.helpers import person_seen


@pytest.fixture
def make_need(app, group):
    """Create a need in the test group; returns its number and id.

    `contact="06 12 34 56 78"` is read as the form reads it and given with its consent.
    """
    from assembly.needs.operations import submit_need
    from assembly.web.contact import parse_contact

    def make(title="L'ascenseur est en panne", *, approved=True, contact="", **fields):
        if contact:
            fields.update(contact=parse_contact(contact), wording="J’accepte (test).")
        with app.app_context():
            need = submit_need(
                db.session.get(Group, group.id), title=title, trusted=approved, **fields
            )
            return SimpleNamespace(id=need.id, number=need.number, person_id=need.person_id)

    return make


@pytest.fixture
def person_of(app, group):
    """The person need B-`number` points to, with their consents, as plain values (or None)."""
    from assembly.needs.models import Need

    def read(number):
        with app.app_context():
            need = db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=number))
            return person_seen(need.person)

    return read


@pytest.fixture
def need_row(app):
    """Read a need back, fresh from the database."""
    from assembly.needs.models import Need

    def read(number):
        with app.app_context():
            need = db.session.scalar(db.select(Need).filter_by(number=number))
            db.session.expunge(need)
            return need

    return read

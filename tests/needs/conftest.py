"""Fixtures for the needs tests: a group with people in every role, and needs to act on."""

from types import SimpleNamespace

import pytest

from assembly.extensions import db
from assembly.groups.models import Group


@pytest.fixture
def make_need(app, group):
    """Create a need in the test group; returns its number and id."""
    from assembly.needs.operations import submit_need

    def make(title="L'ascenseur est en panne", *, approved=True, **fields):
        with app.app_context():
            need = submit_need(
                db.session.get(Group, group.id), title=title, trusted=approved, **fields
            )
            return SimpleNamespace(id=need.id, number=need.number)

    return make


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

"""Fixtures for door-knocking: canvasses of the test group, themes, and reading rows back."""

from datetime import date
from types import SimpleNamespace

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group
from tests.helpers import person_seen


@pytest.fixture
def make_canvass(app, group, people):
    """Open a canvass in the test group, its team named by role; returns its id."""
    from assembly.canvassing.operations import open_canvass

    def make(name="Écoute des Glycines", *, team=("member",), places="Bâtiment A\nBâtiment B"):
        with app.app_context():
            canvass = open_canvass(
                db.session.get(Group, group.id),
                name=name,
                starts_on=date(2026, 3, 14),
                ends_on=date(2026, 4, 4),
                places=places,
                team=[db.session.get(User, people[role].id) for role in team],
                by=db.session.get(User, people["organizer"].id),
            )
            return SimpleNamespace(id=canvass.id, url=f"/g/glycines/canvass/{canvass.id}")

    return make


@pytest.fixture
def make_themes(app, group):
    """Add themes to the test group; returns their ids by name."""
    from assembly.needs.operations import add_theme

    def make(*names):
        with app.app_context():
            group_row = db.session.get(Group, group.id)
            return {name: add_theme(group_row, name).id for name in names}

    return make


@pytest.fixture
def visits(app):
    """The visits of a canvass, read back with their themes, needs and person."""
    from assembly.canvassing.models import Visit

    def read(canvass_id):
        with app.app_context():
            rows = db.session.scalars(
                db.select(Visit).filter_by(canvass_id=canvass_id).order_by(Visit.id)
            ).all()
            return [
                SimpleNamespace(
                    id=v.id,
                    building=v.building,
                    floor=v.floor,
                    outcome=v.outcome,
                    words=v.words,
                    language=v.language,
                    french_summary=v.french_summary,
                    contact=v.contact,  # as shown: under a live consent only
                    person=person_seen(v.person),
                    wants_involvement=v.wants_involvement,
                    themes=[t.name for t in v.themes],
                    needs=[(n.number, n.title, n.channel, n.place) for n in v.needs],
                    need_people=[n.person_id for n in v.needs],
                    knocked_by_id=v.knocked_by_id,
                )
                for v in rows
            ]

    return read

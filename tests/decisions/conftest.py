"""What the tests of votes at a meeting share: a live meeting, phones that join it, votes."""

from datetime import datetime
from types import SimpleNamespace

import pytest

from assembly.decisions.models import Method, Voters
from assembly.decisions.operations import core
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem
from tests.helpers import Auth, live_meeting_on, post


@pytest.fixture
def room(app, group):
    """A live public meeting of the group, on its one agenda item; returns its ids and code."""
    with app.app_context():
        meeting, item = live_meeting_on(
            group,
            title="Assemblée de novembre",
            item="Le local commun",
            code="V0TE1",
            starts_at=datetime(2026, 11, 5, 18),
        )
        return SimpleNamespace(id=meeting.id, item_id=item.id, code="V0TE1")


@pytest.fixture
def join(app, room):
    """A new phone (its own test client, so its own cookies) joined at the meeting as `name`."""

    def make(name):
        phone = app.test_client()
        assert post(phone, "/j", {"code": room.code, "name": name}).status_code == 302
        return phone

    return make


@pytest.fixture
def put_to_vote(app, group, room):
    """A decision on the meeting's item, opened now (a vote of those present by default)."""

    def make(method=Method.BALLOT, *, secret=False, voters=Voters.PRESENT, options=()):
        with app.app_context():
            decision = core.create_decision(
                db.session.get(Group, group.id),
                question="Ouvre-t-on le local le samedi ?",
                method=method,
                by=None,
                options=options,
                secret=secret,
                voters=voters,
                item=db.session.get(AgendaItem, room.item_id),
            )
            core.open_decision(decision)
            return decision.id

    return make


@pytest.fixture
def facilitator(app, people):
    """A client signed in as the group's facilitator (the team runs the meeting)."""
    client = app.test_client()
    assert Auth(client).login(people["facilitator"].username).status_code == 302
    return client


def ballot_url(decision_id: int) -> str:
    return f"/g/glycines/decisions/{decision_id}/ballot"

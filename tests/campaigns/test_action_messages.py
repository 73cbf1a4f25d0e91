"""An action is a meeting: a yes to it gets the meetings' reminders, worded with the
action's own title, time and place; a place freed on a full delegation is told."""

from datetime import datetime, timedelta

import pytest

from assembly.campaigns.models import ActionKind, Campaign
from assembly.extensions import db
from assembly.messages.models import MessageKind
from tests.helpers import post
from tests.messaging import MESSAGING
from tests.produced import queued

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris
STARTS = datetime(2026, 12, 10, 15)  # Thursday 10 December, 16:00 in Paris


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def rally(app, make_campaign, clock):
    """A public rally of a campaign under way; its meeting's id."""
    from assembly.campaigns.operations.actions import plan_action

    clock.freeze(MORNING)
    campaign = make_campaign(started=True)
    with app.app_context():
        action = plan_action(
            db.session.get(Campaign, campaign.id),
            kind=ActionKind.RALLY,
            title="Rassemblement",
            starts_at=STARTS,
            place="devant l'agence",
            capacity=1,
        )
        return action.meeting_id


def answer(app, meeting_id, name, phone):
    data = {"name": name, "answer": "yes", "contact": phone, "consent": "y"}
    response = post(app.test_client(), f"/g/glycines/meetings/{meeting_id}/rsvp", data)
    assert response.status_code == 302


def test_a_yes_to_an_action_is_reminded_with_the_actions_words(app, rally):
    answer(app, rally, "Awa", "06 12 34 56 78")
    two_days, three_hours = queued(app, kind=MessageKind.MEETING_REMINDER)
    assert two_days.send_after == STARTS - timedelta(hours=48)
    assert three_hours.body.startswith(
        "Rappel : Rassemblement, jeudi 10 décembre à 16:00, devant l'agence.\n"
    )


def test_the_one_who_waits_for_a_delegations_place_hears_when_it_is_theirs(
    app, client, auth, rally
):
    auth.login("member")
    response = post(client, f"/g/glycines/meetings/{rally}/rsvp", {"name": "M", "answer": "yes"})
    assert response.status_code == 302
    answer(app, rally, "Awa", "06 12 34 56 78")
    assert not queued(app, kind=MessageKind.MEETING_REMINDER)  # she waits: no reminder yet
    response = post(client, f"/g/glycines/meetings/{rally}/rsvp", {"name": "M", "answer": "no"})
    assert response.status_code == 302
    [told] = queued(app, kind=MessageKind.MEETING_CHANGED)
    assert told.address == "+33612345678" and "Rassemblement" in told.body
    assert len(queued(app, kind=MessageKind.MEETING_REMINDER)) == 2

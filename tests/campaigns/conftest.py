"""Fixtures for campaigns: needs and campaigns of the test group, read back as plain values."""

from types import SimpleNamespace

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group


@pytest.fixture
def make_need(app, group):
    """Create a published need in the test group; returns its number and id."""
    from assembly.needs.operations import submit_need

    def make(title="L'ascenseur est en panne", *, approved=True, **fields):
        with app.app_context():
            need = submit_need(
                db.session.get(Group, group.id), title=title, trusted=approved, **fields
            )
            return SimpleNamespace(id=need.id, number=need.number, person_id=need.person_id)

    return make


@pytest.fixture
def make_campaign(app, group, people):
    """Open a candidate issue over needs (by number), started (under way) when asked;
    returns its id and its page's address."""
    from assembly.campaigns.operations import core as operations
    from assembly.needs.models import Need

    def make(title="Des ascenseurs qui marchent", *, needs=(), started=False, **edits):
        with app.app_context():
            group_row = db.session.get(Group, group.id)
            linked = [
                db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=number))
                for number in needs
            ]
            campaign = operations.create_campaign(
                group_row,
                title=title,
                problem="Les pannes durent des semaines.",
                needs=linked,
                by=db.session.get(User, people["organizer"].id),
            )
            for name, value in edits.items():
                setattr(campaign, name, value)
            db.session.commit()
            if started:
                operations.start_campaign(campaign)
            return SimpleNamespace(id=campaign.id, url=f"/g/glycines/campaigns/{campaign.id}")

    return make


@pytest.fixture
def campaign_row(app):
    """The campaign `campaign_id` read back: stage, texts and its needs' numbers."""
    from assembly.campaigns.models import Campaign

    def read(campaign_id):
        with app.app_context():
            campaign = db.session.get(Campaign, campaign_id)
            return SimpleNamespace(
                title=campaign.title,
                stage=campaign.stage,
                public=campaign.public,
                summary=campaign.summary,
                victory=campaign.victory,
                goal_long=campaign.goal_long,
                needs=[need.number for need in campaign.needs],
            )

    return read

"""The campaigns' section on a constructed period: stages, commitments, actions, names."""

from datetime import date, datetime

from assembly.campaigns.models import (
    Action,
    ActionKind,
    Campaign,
    Commitment,
    CommitmentState,
    Demand,
    Stage,
)
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.campaigns import campaigns
from assembly.meetings.models import Attendance, Kind, Meeting

FIRST_HALF = Period(date(2026, 1, 1), date(2026, 6, 30))
MARCH = datetime(2026, 3, 1)


def campaign(group_id, title, stage, *, started, ended=None, public=True):
    row = Campaign(
        group_id=group_id,
        title=title,
        stage=stage,
        started_at=started,
        ended_at=ended,
        public=public,
    )
    db.session.add(row)
    db.session.flush()
    return row


def commitment(row, state, *, due=None, changed=None):
    db.session.add(
        Commitment(
            campaign_id=row.id,
            what="Réparer",
            state=state,
            due_on=due,
            state_changed_at=changed,
            created_at=MARCH,
        )
    )


def action(row, *, at, present, cancelled=False):
    meeting = Meeting(
        group_id=row.group_id,
        title="Action",
        kind=Kind.ACTION,
        starts_at=at,
        cancelled_at=at if cancelled else None,
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(Action(campaign_id=row.id, meeting_id=meeting.id, kind=ActionKind.RALLY))
    db.session.add_all(
        Attendance(meeting_id=meeting.id, name=f"P{i}", source="paper") for i in range(present)
    )
    struck = Attendance(meeting_id=meeting.id, name="Doublon", struck_at=at)
    db.session.add(struck)


def build(group_id):
    lifts = campaign(
        group_id, "Les ascenseurs", Stage.WON, started=MARCH, ended=datetime(2026, 5, 1)
    )
    heating = campaign(
        group_id, "Le chauffage", Stage.LOST, started=MARCH, ended=datetime(2026, 9, 1)
    )  # ended after: under way in the period
    secret = campaign(
        group_id,
        "Le gardien",
        Stage.PARTLY_WON,
        started=MARCH,
        ended=datetime(2026, 6, 1),
        public=False,
    )
    campaign(
        group_id, "Avant", Stage.LOST, started=datetime(2025, 1, 1), ended=datetime(2025, 6, 1)
    )  # ended before the period
    campaign(group_id, "Candidat", Stage.CANDIDATE, started=None)
    for row in (lifts, lifts, heating, secret):
        db.session.add(Demand(campaign_id=row.id, what="Demande", created_at=MARCH))
    db.session.add(Demand(campaign_id=lifts.id, what="Plus tard", created_at=datetime(2026, 8, 1)))
    commitment(lifts, CommitmentState.KEPT, changed=datetime(2026, 4, 1))
    commitment(lifts, CommitmentState.PENDING, due=date(2026, 6, 1))  # late by the period's end
    commitment(heating, CommitmentState.BROKEN, changed=datetime(2026, 5, 1))
    # Kept only after the period: still pending at its end.
    commitment(heating, CommitmentState.KEPT, due=date(2026, 9, 1), changed=datetime(2026, 8, 1))
    commitment(secret, CommitmentState.PENDING, due=date(2026, 12, 1))
    action(lifts, at=datetime(2026, 4, 2, 17), present=12)
    action(lifts, at=datetime(2026, 4, 9, 17), present=5, cancelled=True)
    action(heating, at=datetime(2026, 5, 2, 17), present=7)
    db.session.commit()


def test_campaigns_count_stages_commitments_and_actions_at_the_period_end(app, group, clock):
    clock.freeze(datetime(2026, 10, 1, 12))
    with app.app_context():
        build(group.id)
        data = campaigns(db.session.get(Group, group.id), FIRST_HALF)

    assert data["campaigns"] == 3
    assert (data["won"], data["partly_won"], data["lost"], data["active"]) == (1, 1, 0, 1)
    assert data["demands"] == 4
    assert data["commitments"] == 5
    assert (data["kept"], data["late"], data["broken"], data["pending"]) == (1, 1, 1, 2)
    assert (data["actions"], data["present"]) == (2, 19)


def test_only_campaigns_the_public_may_open_are_named(app, group, clock):
    clock.freeze(datetime(2026, 10, 1, 12))
    with app.app_context():
        build(group.id)
        data = campaigns(db.session.get(Group, group.id), FIRST_HALF)

    assert [row["title"] for row in data["list"]] == ["Les ascenseurs", "Le chauffage", None]
    assert data["list"][2]["id"] is None
    assert data["list"][2]["stage"] == "partly_won"

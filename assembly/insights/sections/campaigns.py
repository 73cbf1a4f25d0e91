"""The report's section: the campaigns under way or ended in the period, and what they won.

A campaign counts when it was under way at some time in the period (started before its
end, not ended before its start). Its stage is the one it had at the period's end: one
that ended later was still under way then. Demands and commitments are the campaign's
as they stood at the period's end; a commitment's state is the one every page shows
(`Commitment.effective_state`) on the period's last day, a kept or broken one marked
after the period still pending (or late) then. Actions are those held in the period,
with the people present.

These figures count records, not people: nothing is suppressed. The payload is shared
by every reader of the report, the public too when the group publishes it: every
campaign is counted, only those the public may open are named.
"""

from collections import Counter

from assembly.campaigns.models import (
    Action,
    Campaign,
    Commitment,
    CommitmentState,
    Demand,
    Stage,
)
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.report import section
from assembly.meetings.models import Attendance, Meeting

STATES = ("pending", "kept", "late", "broken")


def _stage_at_end(campaign: Campaign, period: Period) -> Stage:
    ended = campaign.ended_at is not None and campaign.ended_at < period.until
    return campaign.stage if campaign.stage.ended and ended else Stage.ACTIVE


def _state_at_end(commitment: Commitment, period: Period) -> str:
    """The commitment's state on the period's last day."""
    later = commitment.state_changed_at is not None and commitment.state_changed_at >= period.until
    if commitment.state.settled and later:
        overdue = commitment.due_on is not None and commitment.due_on < period.end
        return str(CommitmentState.LATE if overdue else CommitmentState.PENDING)
    return str(commitment.effective_state(period.end))


def _before_end(model, period: Period):
    return model.created_at < period.until


def _campaigns(group: Group, period: Period) -> list[Campaign]:
    return list(
        db.session.scalars(
            db.select(Campaign)
            .where(
                Campaign.group_id == group.id,
                Campaign.stage != Stage.CANDIDATE,
                Campaign.started_at.is_not(None),
                Campaign.started_at < period.until,
                (Campaign.ended_at.is_(None)) | (Campaign.ended_at >= period.since),
            )
            .order_by(Campaign.started_at, Campaign.id)
        )
    )


def _figures(campaign: Campaign, period: Period) -> dict:
    demands = db.session.scalar(
        db.select(db.func.count())
        .select_from(Demand)
        .where(Demand.campaign_id == campaign.id, _before_end(Demand, period))
    )
    commitments = db.session.scalars(
        db.select(Commitment).where(
            Commitment.campaign_id == campaign.id, _before_end(Commitment, period)
        )
    )
    states = Counter(_state_at_end(commitment, period) for commitment in commitments)
    held = db.session.execute(
        db.select(Action.id, db.func.count(Attendance.id))
        .join(Meeting, Meeting.id == Action.meeting_id)
        .outerjoin(Attendance, (Attendance.meeting_id == Meeting.id) & Attendance.counted())
        .where(
            Action.campaign_id == campaign.id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= period.since,
            Meeting.starts_at < min(period.until, utcnow()),
        )
        .group_by(Action.id)
    ).all()
    return {
        "demands": demands,
        "commitments": sum(states.values()),
        **{state: states[state] for state in STATES},
        "actions": len(held),
        "present": sum(present for _, present in held),
    }


@section("campaigns", "insights/_campaigns_report.html", order=60)
def campaigns(group: Group, period: Period) -> dict:
    """The campaigns of the period: their stage at its end, demands, commitments, actions."""
    rows = []
    for campaign in _campaigns(group, period):
        named = campaign.public  # under way or ended, and not kept to members
        rows.append(
            {
                "id": campaign.id if named else None,
                "title": campaign.title if named else None,
                "stage": str(_stage_at_end(campaign, period)),
                **_figures(campaign, period),
            }
        )
    stages = Counter(row["stage"] for row in rows)
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("demands", "commitments", *STATES, "actions", "present")
    }
    return {
        "campaigns": len(rows),
        **{str(stage): stages[str(stage)] for stage in Stage if stage != Stage.CANDIDATE},
        **totals,
        "list": rows,
    }

"""A campaign's actions: each held as a meeting of kind "action" (its RSVP, reminders,
sign-in sheet and check-in are the meetings'), with what only a campaign adds."""

from datetime import datetime

from assembly.campaigns.events import ACTION_PLANNED
from assembly.campaigns.models import Action, ActionKind, Campaign, Petition, Target
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Kind
from assembly.meetings.operations.planning import create_meeting
from assembly.trace.operations import record


def plan_action(
    campaign: Campaign,
    *,
    kind: ActionKind,
    title: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    place: str = "",
    description: str = "",
    target: Target | None = None,
    escalation: int = 1,
    turnout_goal: int | None = None,
    capacity: int | None = None,
    petition: Petition | None = None,
    public: bool | None = None,
) -> Action:
    """Plan an action: its meeting (public when the campaign is, unless told) and its row."""
    group = db.session.get(Group, campaign.group_id)
    meeting = create_meeting(
        group,
        title=title,
        kind=Kind.ACTION,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        description=description,
        public=campaign.public if public is None else public,
        capacity=capacity,
    )
    action = Action(
        campaign_id=campaign.id,
        meeting_id=meeting.id,
        kind=kind,
        target_id=target.id if target else None,
        escalation=escalation,
        turnout_goal=turnout_goal,
        petition_id=petition.id if petition else None,
    )
    db.session.add(action)
    db.session.flush()
    record(
        ACTION_PLANNED,
        campaign,
        group_id=campaign.group_id,
        action_id=action.id,
        kind=str(kind),
        meeting_id=meeting.id,
    )
    db.session.commit()
    return action

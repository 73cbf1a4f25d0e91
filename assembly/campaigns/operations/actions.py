"""A campaign's actions: each held as a meeting of kind "action" (its RSVP, waiting list,
reminders, sign-in sheet, check-in and first-timers are the meetings'), with what only a
campaign adds: its type, its target, its step in the escalation, its turnout goal and
its debrief. Each verb is one transaction: the action and its meeting change together."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import joinedload

from assembly.auth.models import User
from assembly.campaigns.events import ACTION_DEBRIEFED, ACTION_EDITED, ACTION_PLANNED
from assembly.campaigns.models import Action, ActionKind, Campaign, Petition, Target
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Kind, Meeting
from assembly.meetings.newcomers import first_timers
from assembly.meetings.operations.live import presence
from assembly.meetings.operations.planning import build_meeting, change_meeting, rsvp_counts
from assembly.trace.operations import record

DEBRIEF_FIELDS = ("worked", "did_not_work", "target_reaction", "next_step")


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
    commit: bool = True,
) -> Action:
    """Plan an action: its meeting (public when the campaign is, unless told) and its row.
    With `commit=False` the caller commits, with what else its change writes."""
    group = db.session.get(Group, campaign.group_id)
    meeting = build_meeting(
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
    db.session.flush()
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
    if commit:
        db.session.commit()
    return action


def edit_action(
    action: Action,
    *,
    kind: ActionKind,
    target: Target | None,
    escalation: int,
    turnout_goal: int | None,
    **meeting_fields,
) -> None:
    """Change an action and its meeting (title, time, place, places…): a new time or
    place is told to who said they would come, more places go to who waits
    (`meetings.operations.planning.change_meeting`)."""
    change_meeting(action.meeting, **meeting_fields)
    action.kind = kind
    action.target_id = target.id if target else None
    action.escalation = escalation
    action.turnout_goal = turnout_goal
    record(ACTION_EDITED, _campaign(action), group_id=action.meeting.group_id, action_id=action.id)
    db.session.commit()


def debrief_action(action: Action, *, by: User | None, **texts: str) -> None:
    """Write (or rewrite) the debrief: what worked, what did not, how the target reacted,
    the next step. Its first-timers then go on the People follow-up list."""
    unknown = set(texts) - set(DEBRIEF_FIELDS)
    if unknown:
        raise TypeError(f"not debrief fields: {', '.join(sorted(unknown))}")
    for name, text in texts.items():
        setattr(action, name, (text or "").strip())
    action.debriefed_at = utcnow()
    action.debriefed_by_id = by.id if by is not None else None
    record(
        ACTION_DEBRIEFED, _campaign(action), group_id=action.meeting.group_id, action_id=action.id
    )
    db.session.commit()


def _campaign(action: Action) -> Campaign:
    return db.session.get(Campaign, action.campaign_id)


def campaign_actions(campaign: Campaign) -> list[Action]:
    """The campaign's actions in date order (their meeting and target loaded)."""
    return list(
        db.session.scalars(
            db.select(Action)
            .join(Meeting, Meeting.id == Action.meeting_id)
            .where(Action.campaign_id == campaign.id)
            .options(joinedload(Action.meeting), joinedload(Action.target))
            .order_by(Meeting.starts_at, Action.id)
        )
    )


@dataclass(frozen=True)
class Turnout:
    """An action's figures, all from its meeting: who came (a struck duplicate is not
    counted), how many for the first time, and the answers (a "yes" waiting for a
    place is not counted as coming)."""

    present: int
    first_timers: int
    goal: int | None
    yes: int
    maybe: int
    waiting: int

    @property
    def reached(self) -> bool:
        return self.goal is not None and self.present >= self.goal


def turnout(action: Action) -> Turnout:
    """The figures of one action."""
    meeting = action.meeting
    counts = rsvp_counts(meeting)
    return Turnout(
        present=presence(meeting)[0],
        first_timers=len(first_timers(meeting)),
        goal=action.turnout_goal,
        yes=counts["yes"],
        maybe=counts["maybe"],
        waiting=counts["waiting"],
    )


def timeline(campaign: Campaign) -> list[tuple[Action, Turnout]]:
    """The campaign's tactics: each action in date order, with its figures."""
    return [(action, turnout(action)) for action in campaign_actions(campaign)]


def last_debriefed(group: Group) -> Action | None:
    """The group's action debriefed last (its follow-up is the one still to do)."""
    return db.session.scalar(
        db.select(Action)
        .join(Campaign, Campaign.id == Action.campaign_id)
        .where(Campaign.group_id == group.id, Action.debriefed_at.is_not(None))
        .order_by(Action.debriefed_at.desc(), Action.id.desc())
        .limit(1)
    )


def action_of_meeting(meeting: Meeting) -> Action | None:
    """The action a meeting holds, if it holds one."""
    if meeting.kind != Kind.ACTION:
        return None
    return db.session.scalar(db.select(Action).filter_by(meeting_id=meeting.id))

"""Calling a meeting off before it starts, and planning it again while its start is ahead.

Each function writes its journal events (on the meeting, and on each need of its agenda,
whose trace says the meeting was cancelled or takes place after all) and the messages of
the change (`meetings.messages`) in one transaction, then commits. Nothing the meeting
holds is deleted: its agenda, its answers, the decisions prepared for it and its tasks
stay, ready if it is planned again.
"""

from datetime import datetime

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.meetings import messages
from assembly.meetings.events import MEETING_CANCELLED, MEETING_REPLANNED, NEED_MEETING_CANCELLED
from assembly.meetings.models import CANCEL_REASON_LENGTH, Meeting, State
from assembly.meetings.operations.planning import STILL_UPCOMING
from assembly.trace.models import Event
from assembly.trace.operations import record

# The group's home names this many cancelled meetings still ahead, soonest first.
CANCELLED_SHOWN = 3


class NotNow(ValueError):
    """The meeting's state does not allow it (another organizer was quicker, it started)."""


def may_cancel(meeting: Meeting) -> bool:
    """Only a planned meeting is cancelled: a live one is ended, a closed one took place."""
    return meeting.state == State.PLANNED


def may_replan(meeting: Meeting, now: datetime | None = None) -> bool:
    """A cancelled meeting is planned again only while its start is still ahead."""
    return meeting.cancelled and meeting.starts_at > (now or utcnow())


def _held(meeting: Meeting) -> None:
    """Lock the meeting and read its state again: two organizers clicking at once make
    one cancellation, hence one notice per person."""
    hold(Meeting, meeting.id)
    db.session.refresh(meeting)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _tell_needs(meeting: Meeting, *, cancelled: bool) -> None:
    """Say on the trace of each need of the agenda that the meeting is off, or on again."""
    needs = {need.id: need for item in meeting.items for need in item.needs}
    for need_id in sorted(needs):
        record(
            NEED_MEETING_CANCELLED,
            needs[need_id],
            group_id=meeting.group_id,
            meeting_id=meeting.id,
            meeting_title=meeting.title,
            date=_iso(meeting.starts_at),
            public=meeting.public,
            cancelled=cancelled,
        )


def cancel_meeting(meeting: Meeting, *, by: User | None, reason: str = "") -> int:
    """Cancel a planned meeting, with a line of reason residents read.

    Who said yes or maybe is told, under their consent, in the same transaction; every
    message the meeting still had queued (reminders, invitations) is withdrawn. Raises
    `NotNow` unless the meeting is planned. How many people were told.
    """
    _held(meeting)
    if not may_cancel(meeting):
        raise NotNow(meeting.state)
    meeting.state = State.CANCELLED
    meeting.cancelled_at = utcnow()
    meeting.cancelled_by_id = by.id if by is not None else None
    meeting.cancel_reason = " ".join(reason.split())[:CANCEL_REASON_LENGTH]
    meeting.touch()  # a projector or phone left open shows it at its next poll
    event = record(
        MEETING_CANCELLED,
        meeting,
        group_id=meeting.group_id,
        starts_at=_iso(meeting.starts_at),
        reason=meeting.cancel_reason,
    )
    _tell_needs(meeting, cancelled=True)
    db.session.flush()  # the event's id makes this cancellation's keys
    told = messages.called_off(meeting, event.id)
    event.payload = {**event.payload, "told": told}  # how many, never who
    db.session.commit()
    return told


def _last_cancellation(meeting: Meeting) -> int | None:
    """The journal event of the meeting's latest cancellation."""
    return db.session.scalar(
        db.select(Event.id)
        .where(
            Event.verb == MEETING_CANCELLED,
            Event.subject_type == Meeting.__tablename__,
            Event.subject_id == meeting.id,
        )
        .order_by(Event.id.desc())
        .limit(1)
    )


def replan_meeting(meeting: Meeting) -> int:
    """Undo a cancellation while the start is still ahead: the meeting is planned again.

    Those the cancellation notice reached are told it takes place after all; notices
    still queued are withdrawn; everyone who said yes or maybe gets their reminders
    again. Raises `NotNow` otherwise. How many people were told.
    """
    _held(meeting)
    if not may_replan(meeting):
        raise NotNow(meeting.state)
    cancellation = _last_cancellation(meeting)
    meeting.state = State.PLANNED
    meeting.cancelled_at = None
    meeting.cancelled_by_id = None
    meeting.cancel_reason = ""
    meeting.touch()
    event = record(MEETING_REPLANNED, meeting, group_id=meeting.group_id)
    _tell_needs(meeting, cancelled=False)
    db.session.flush()
    told = messages.back_on(meeting, event.id, cancellation)
    event.payload = {**event.payload, "told": told}
    db.session.commit()
    return told


def cancelled_ahead(group: Group, viewer: Viewer) -> list[Meeting]:
    """The group's cancelled meetings still ahead that `viewer` may see, soonest first:
    the home page says they are off, since the next meeting skips them."""
    query = db.select(Meeting).where(
        Meeting.group_id == group.id,
        Meeting.state == State.CANCELLED,
        Meeting.starts_at >= utcnow() - STILL_UPCOMING,
        Meeting.visible_to(viewer),
    )
    query = query.order_by(Meeting.starts_at, Meeting.id).limit(CANCELLED_SHOWN)
    return list(db.session.scalars(query))

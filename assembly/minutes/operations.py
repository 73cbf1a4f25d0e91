"""The minutes of a meeting: saved, drafted again, published. Each function commits with its
journal event."""

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.meetings.models import Meeting
from assembly.minutes.drafting import draft_minutes
from assembly.minutes.events import (
    MINUTES_PUBLISHED,
    MINUTES_REDRAFTED,
    MINUTES_SAVED,
    MINUTES_UNPUBLISHED,
)
from assembly.minutes.models import Minutes
from assembly.trace.operations import record


def minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(db.select(Minutes).filter_by(meeting_id=meeting.id))


def text_to_edit(meeting: Meeting) -> str:
    """What the editor opens with: the saved text, else a fresh draft (nothing is written)."""
    minutes = minutes_of(meeting)
    return minutes.body if minutes is not None else draft_minutes(meeting)


def save_minutes(meeting: Meeting, body: str, *, by: User | None, event=MINUTES_SAVED) -> Minutes:
    """Keep the secretary's text (the first save creates the minutes)."""
    minutes = minutes_of(meeting)
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id)
        db.session.add(minutes)
    minutes.body = body
    minutes.updated_by_id = by.id if by is not None else None
    minutes.updated_at = utcnow()
    record(event, minutes, group_id=meeting.group_id, meeting_id=meeting.id)
    db.session.commit()
    return minutes


def redraft_minutes(meeting: Meeting, *, by: User | None) -> Minutes:
    """Replace the text with a fresh draft from the meeting; published minutes stay published."""
    return save_minutes(meeting, draft_minutes(meeting), by=by, event=MINUTES_REDRAFTED)


def publish_minutes(minutes: Minutes, publish: bool, *, by: User | None) -> None:
    """Show the minutes to the meeting's readers, or take them back to the team."""
    if minutes.published == publish:
        return
    minutes.published_at = utcnow() if publish else None
    minutes.updated_by_id = by.id if by is not None else minutes.updated_by_id
    meeting = db.session.get(Meeting, minutes.meeting_id)
    verb = MINUTES_PUBLISHED if publish else MINUTES_UNPUBLISHED
    record(verb, minutes, group_id=meeting.group_id, meeting_id=meeting.id)
    db.session.commit()

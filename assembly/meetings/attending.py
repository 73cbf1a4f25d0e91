"""Who this browser is at a meeting: the phone's sign-in with the code, or who runs it.

Shared by the meeting's live pages and its decisions, so that each reads the
session and applies the rule the same way.
"""

from flask import g, session
from flask_login import current_user
from sqlalchemy import bindparam

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Attendance, Meeting
from assembly.meetings.operations.live import attendance_of_user

ATTENDING = "attending"  # session: {meeting id (str): attendance id} for this phone


def _joined(meeting_id: int) -> int | None:
    """The attendance this phone signed in as at that meeting with its code, if any."""
    return session.get(ATTENDING, {}).get(str(meeting_id))


def my_attendance(meeting: Meeting) -> Attendance | None:
    """Who this phone signed in as at `meeting` (or the signed-in member's attendance)."""
    attendance_id = _joined(meeting.id)
    if attendance_id is not None:
        attendance = db.session.get(Attendance, attendance_id)
        if attendance is not None and attendance.meeting_id == meeting.id:
            return attendance
    if current_user.is_authenticated:
        return attendance_of_user(meeting, current_user.id)
    return None


# Built once, on the tables: a phone polls every few seconds, and this is all its
# unchanged poll asks (the ORM would double its cost).
_meetings, _attendances, _groups = Meeting.__table__, Attendance.__table__, Group.__table__
_VERSIONS = (
    db.select(_meetings.c.live_version, _attendances.c.id, _attendances.c.live_version)
    .select_from(
        _attendances.join(_meetings, _meetings.c.id == _attendances.c.meeting_id).join(
            _groups, _groups.c.id == _meetings.c.group_id
        )
    )
    .where(
        _groups.c.slug == bindparam("slug"),
        _meetings.c.id == bindparam("meeting_id"),
        _attendances.c.id == bindparam("attendance_id"),
    )
)


def joined_versions(slug: str, meeting_id: int) -> tuple[int, int, int] | None:
    """(the meeting's live version, the attendance, its own live version) of the phone
    that joined meeting `meeting_id` of group `slug` with its code, in one statement; None
    when this browser did not (the attendance `my_attendance` finds and `load_meeting`
    lets in with `joined`)."""
    attendance_id = _joined(meeting_id)
    if attendance_id is None:
        return None
    found = db.session.execute(
        _VERSIONS, {"slug": slug, "meeting_id": meeting_id, "attendance_id": attendance_id}
    ).first()
    return None if found is None else tuple(found)


def remember_attendance(attendance: Attendance) -> None:
    # Not a permanent session: refreshing it would add a Set-Cookie to every poll.
    session[ATTENDING] = {**session.get(ATTENDING, {}), str(attendance.meeting_id): attendance.id}


def runs_meeting(meeting: Meeting) -> bool:
    """The team runs every meeting of the group; a member runs the one they facilitate."""
    if g.viewer.is_team:
        return True
    return current_user.is_authenticated and meeting.facilitator_id == current_user.id

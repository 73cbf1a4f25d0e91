"""Who this browser is at a meeting: the phone's sign-in with the code, or who runs it.

Shared by the meeting's live pages and its decisions, so that each reads the
session and applies the rule the same way.
"""

from flask import g, session
from flask_login import current_user

from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting
from assembly.meetings.operations.live import attendance_of_user

ATTENDING = "attending"  # session: {meeting id (str): attendance id} for this phone


def my_attendance(meeting: Meeting) -> Attendance | None:
    """Who this phone signed in as at `meeting` (or the signed-in member's attendance)."""
    attendance_id = session.get(ATTENDING, {}).get(str(meeting.id))
    if attendance_id is not None:
        attendance = db.session.get(Attendance, attendance_id)
        if attendance is not None and attendance.meeting_id == meeting.id:
            return attendance
    if current_user.is_authenticated:
        return attendance_of_user(meeting, current_user.id)
    return None


def remember_attendance(attendance: Attendance) -> None:
    # Not a permanent session: refreshing it would add a Set-Cookie to every poll.
    session[ATTENDING] = {**session.get(ATTENDING, {}), str(attendance.meeting_id): attendance.id}


def runs_meeting(meeting: Meeting) -> bool:
    """The team runs every meeting of the group; a member runs the one they facilitate."""
    if g.viewer.is_team:
        return True
    return current_user.is_authenticated and meeting.facilitator_id == current_user.id

"""Finding a meeting for the visitor: the one loader every feature uses.

Who may see a meeting is `Meeting.visible_to`; who runs it is `runs_meeting`.
Meetings, decisions, minutes and tasks load through here, so the rule is said once.
"""

from flask import abort, g
from sqlalchemy.orm import selectinload

from assembly.extensions import db
from assembly.groups.access import load_in_group
from assembly.groups.models import Group
from assembly.meetings.attending import my_attendance, runs_meeting
from assembly.meetings.models import AgendaItem, Meeting


def load_meeting(group: Group, meeting_id: int, *, joined: bool = False) -> Meeting:
    """A meeting of `group` the visitor may see (`Meeting.visible_to`), or 404.

    With `joined`, for the phone pages, a members-only meeting is also found by
    the phone that joined it with the code shown in the room.
    """
    meeting = load_in_group(Meeting, meeting_id, group)
    if meeting.visible_to(g.viewer):
        return meeting
    if joined and my_attendance(meeting) is not None:
        return meeting
    abort(404)


def load_conducted(group: Group, meeting_id: int) -> Meeting:
    """The meeting, for those who run it (`runs_meeting`): 404, or 403."""
    meeting = load_meeting(group, meeting_id)
    if not runs_meeting(meeting):
        abort(403)
    return meeting


def load_item(group: Group, meeting_id: int, item_id: int) -> AgendaItem:
    """An agenda item of that meeting of `group`, for those who may see the meeting; or 404."""
    meeting = load_meeting(group, meeting_id)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def with_agenda(meeting: Meeting) -> Meeting:
    """The meeting with its agenda items and their needs loaded in two statements, not
    one per item (for the pages that list the whole agenda)."""
    return db.session.scalars(
        db.select(Meeting)
        .where(Meeting.id == meeting.id)
        .options(selectinload(Meeting.items).selectinload(AgendaItem.needs))
    ).one()

"""Who came to the group's last meeting for the first time: for the organizers' follow-up.

The people feature asks (people.followup.finds_newcomers); meetings answers from its
attendances, without people knowing what a meeting is.
"""

from flask import url_for
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Attendance, Kind, Meeting, State
from assembly.people.followup import Newcomers, finds_newcomers


def last_ended(group: Group) -> Meeting | None:
    """The group's latest meeting that has ended (by when it began); not a campaign's
    action, whose first-timers the campaign lists after its debrief."""
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.group_id == group.id,
            Meeting.state == State.CLOSED,
            Meeting.kind != Kind.ACTION,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


def first_timers(meeting: Meeting) -> list[int]:
    """The people present at `meeting` (not struck) for the first time: those who said
    so, and those who said nothing and were at no earlier meeting of the group. Who said
    it was not their first time is believed, even if the app never saw them before."""
    earlier, earlier_meeting = aliased(Attendance), aliased(Meeting)
    came_before = exists().where(
        earlier.person_id == Attendance.person_id,
        earlier.struck_at.is_(None),
        earlier_meeting.id == earlier.meeting_id,
        earlier_meeting.group_id == meeting.group_id,
        earlier_meeting.starts_at < meeting.starts_at,
    )
    return list(
        db.session.scalars(
            select(Attendance.person_id)
            .where(
                Attendance.meeting_id == meeting.id,
                Attendance.counted(),
                Attendance.person_id.is_not(None),
                or_(
                    Attendance.first_time.is_(True),
                    and_(Attendance.first_time.is_(None), ~came_before),
                ),
            )
            .distinct()
        )
    )


@finds_newcomers
def last_meeting_newcomers(group: Group) -> Newcomers | None:
    """The first-timers of the group's last ended meeting (None before any has ended)."""
    meeting = last_ended(group)
    if meeting is None:
        return None
    return Newcomers(
        title=meeting.title,
        when=meeting.starts_at,
        url=url_for("meetings.show", slug=group.slug, meeting_id=meeting.id),
        person_ids=first_timers(meeting),
    )

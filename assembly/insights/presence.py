"""Who came to the group's meetings: the rows the meetings and speaking sections share.

Read as plain rows (no objects), so a group with years of meetings costs a few
thousand tuples. A meeting counts when it took place (live or closed, hence never
cancelled); a campaign action's turnout is the campaigns section's, not a meeting's.
"""

from collections.abc import Hashable, Sequence
from typing import Any

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.meetings.models import Attendance, Kind, Meeting, State
from assembly.meetings.operations.report import who

HELD = (State.LIVE, State.CLOSED)


def held(group: Group):
    """SQL: the group's meetings that took place (started, not cancelled), actions aside."""
    return (Meeting.group_id == group.id) & Meeting.state.in_(HELD) & (Meeting.kind != Kind.ACTION)


def in_period(period: Period):
    """SQL: the meetings that started within `period`."""
    return (Meeting.starts_at >= period.since) & (Meeting.starts_at < period.until)


def attendances(group: Group) -> Sequence[Any]:
    """Every counted attendance at the group's held meetings, ever, in the meetings' order:
    rows of id, person_id, user_id, meeting_id, starts_at, first_time, gender, age_bracket."""
    return db.session.execute(
        db.select(
            Attendance.id,
            Attendance.person_id,
            Attendance.user_id,
            Attendance.meeting_id,
            Meeting.starts_at,
            Attendance.first_time,
            Attendance.gender,
            Attendance.age_bracket,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(held(group), Attendance.counted())
        .order_by(Meeting.starts_at, Meeting.id, Attendance.id)
    ).all()


def newness(rows: Sequence[Any]) -> dict[int, str]:
    """For each attendance id: "first" (a first time), "regular" (came before) or "unknown".

    What the person said at sign-in wins. When they said nothing, their first attendance
    ever (by person, else account) is their first time and the others are not; an
    attendance that names nobody stays unknown. `rows` in the meetings' order.
    """
    seen: set[Hashable] = set()
    found = {}
    for row in rows:
        person = who(row)
        if row.first_time is not None:
            found[row.id] = "first" if row.first_time else "regular"
        elif row.person_id is None and row.user_id is None:
            found[row.id] = "unknown"
        else:
            found[row.id] = "regular" if person in seen else "first"
        seen.add(person)
    return found

"""The report's section: meetings — how many were held, who came, who came back.

One person is counted once (`meetings.operations.report.who`). A first-timer is
someone with a first time in the period (`presence.newness`: what they said at
sign-in, else their first attendance ever). They came back when they attended a later
meeting of the same period: a period's figure stays the same once it is over.
"""

from collections import defaultdict
from collections.abc import Hashable

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights import presence
from assembly.insights.figures import SMALL, share, suppress
from assembly.insights.period import Period
from assembly.insights.report import section
from assembly.meetings.models import Meeting
from assembly.meetings.operations.report import who


def people(count: int) -> int | None:
    """A count of people, or None when it stands for 1 to 4 of them."""
    return None if 0 < count < SMALL else count


def split(part: int, whole: int) -> int | None:
    """`part` of `whole` people, or None when it or the rest (`whole - part`, which the
    shown whole would give back) stands for 1 to 4 of them."""
    cells = suppress({"part": (part, part), "rest": (whole - part, whole - part)})
    return cells["part"].as_dict()["value"]


@section("meetings", "insights/_meetings.html", order=30)
def meetings(group: Group, period: Period) -> dict:
    held = db.session.scalar(
        db.select(db.func.count(Meeting.id)).where(presence.held(group), presence.in_period(period))
    )
    rows = presence.attendances(group)
    newness = presence.newness(rows)
    rows = [row for row in rows if period.contains(row.starts_at)]
    by_bucket: dict = defaultdict(set)
    for row in rows:
        by_bucket[period.bucket(row.starts_at)].add(who(row))
    # Each bucket alone: they add up to no total shown (a person comes in several).
    over_time = [
        {"label": day.isoformat(), "value": people(len(by_bucket.get(day, ())))}
        for day in period.buckets()
    ]
    first_at: dict[Hashable, object] = {}  # a first-timer, and the meeting of their first time
    for row in rows:
        if newness[row.id] == "first":
            first_at.setdefault(who(row), row.starts_at)
    came_back = {
        who(row) for row in rows if who(row) in first_at and row.starts_at > first_at[who(row)]
    }
    distinct = len({who(row) for row in rows})
    first_timers = split(len(first_at), distinct)
    back = split(len(came_back), len(first_at)) if first_timers is not None else None
    return {
        "meetings": held,
        "attendances": len(rows),
        "distinct": people(distinct),
        "first_timers": first_timers,
        "came_back": back,
        "came_back_share": share(back, first_timers),
        "per_meeting": round(len(rows) / held, 1) if held else None,
        "over_time": over_time,
        "by_week": period.by_week,
    }

"""The period a report covers, chosen by a preset link or two months, and its buckets.

A period of up to three months is read week by week, a longer one month by month.
Bounds are dates (the first and the last day included); records are compared on their
naive UTC times, from the first day's midnight to the day after the last.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

# The preset periods offered as links, each as a number of months back from today.
PRESETS = {
    "3m": (_l("Last 3 months"), 3),
    "6m": (_l("Last 6 months"), 6),
    "12m": (_l("Last 12 months"), 12),
    "24m": (_l("Last 2 years"), 24),
}
DEFAULT = "12m"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date
    preset: str | None = None

    @classmethod
    def last_months(cls, months: int, today: date, preset: str | None = None) -> "Period":
        """The `months` whole months up to and including today's."""
        start = add_months(today, 1 - months)
        return cls(start, today, preset)

    @classmethod
    def from_args(cls, args, today: date) -> "Period":
        """The period a query string names: `?period=6m`, or `?from=2026-01&to=2026-06`
        (months, both included; the end no later than today). Anything else: the default."""
        first, last = _month(args.get("from", "")), _month(args.get("to", ""))
        if first and last and first <= last:
            end = min(add_months(last, 1) - timedelta(days=1), today)
            if first <= end:
                return cls(first, end)
        preset = args.get("period", DEFAULT)
        if preset not in PRESETS:
            preset = DEFAULT
        return cls.last_months(PRESETS[preset][1], today, preset)

    @property
    def by_week(self) -> bool:
        return (self.end - self.start).days <= 92

    @property
    def since(self) -> datetime:
        """The first instant of the period (naive UTC)."""
        return datetime.combine(self.start, time())

    @property
    def until(self) -> datetime:
        """The first instant after the period (naive UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time())

    def contains(self, moment: datetime | date | None) -> bool:
        if moment is None:
            return False
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time())
        return self.since <= moment < self.until

    def bucket(self, moment: datetime | date) -> date:
        """The first day of the week (Monday) or month that holds `moment`."""
        day = moment.date() if isinstance(moment, datetime) else moment
        if self.by_week:
            return day - timedelta(days=day.weekday())
        return month_start(day)

    def buckets(self) -> list[date]:
        """Every bucket of the period, in order, empty ones included (a chart's x axis)."""
        found, current = [], self.bucket(self.start)
        while current <= self.end:
            found.append(current)
            current = current + timedelta(days=7) if self.by_week else add_months(current, 1)
        return found

    def args(self) -> dict[str, str]:
        """The query arguments that name this period again (links between its pages)."""
        if self.preset:
            return {"period": self.preset}
        return {"from": self.start.strftime("%Y-%m"), "to": self.end.strftime("%Y-%m")}


def _month(value: str) -> date | None:
    found = MONTH.match(value.strip())
    if not found or not 1 <= int(found[2]) <= 12 or not 2000 <= int(found[1]) <= 2100:
        return None
    return date(int(found[1]), int(found[2]), 1)

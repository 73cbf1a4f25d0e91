"""The app's one clock: every module asks `utcnow()` here, so a test can move time.

Times are naive UTC, as stored (SQLite keeps no time zone). `freeze` and
`thaw` are for tests: `tests/conftest.py` offers them as the `clock` fixture.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

_frozen_at: datetime | None = None


def utcnow() -> datetime:
    """Now, in naive UTC, or the frozen time while a test holds the clock."""
    if _frozen_at is not None:
        return _frozen_at
    return datetime.now(UTC).replace(tzinfo=None)


def local_today(now: datetime | None = None) -> date:
    """Today where the group is (`BABEL_DEFAULT_TIMEZONE`), whatever the hour in UTC: a
    task due today is not late, a one-to-one this evening is today's. Works outside a
    request too (the sender)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(zone).date()


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; 29 February gives 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def freeze(at: datetime) -> None:
    """Stop the clock at `at` (naive UTC) until `thaw()`."""
    global _frozen_at
    _frozen_at = at


def advance(**delta: float) -> None:
    """Move a frozen clock on by `timedelta(**delta)`."""
    global _frozen_at
    if _frozen_at is None:
        raise RuntimeError("advance() needs a frozen clock")
    _frozen_at += timedelta(**delta)


def thaw() -> None:
    """Let the clock run again."""
    global _frozen_at
    _frozen_at = None

"""What features let the contact book look up, without people importing a feature.

- `raised`: given a searched text, a feature answers with a SELECT of the ids of the
  people whose contributions mention it (needs: the titles of the needs they raised).
- `attendance`: given a group, a feature answers with a SELECT of
  (person_id, meetings, last_at): how many meetings each person came to, and the last.
- `occasions`: a feature names its gatherings (meetings) people can have come to, and
  who came to one: a call to action may go to "those who came to the March assembly".

Features register at import, as for the activity registry (`people.activity`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select

RaisedLookup = Callable[[str], Select]
AttendanceLookup = Callable[[int], Select]
RAISED: list[RaisedLookup] = []
ATTENDANCE: list[AttendanceLookup] = []


def raised(lookup: RaisedLookup) -> RaisedLookup:
    """Register `lookup(text)` → SELECT person_id (use as a decorator, at import)."""
    RAISED.append(lookup)
    return lookup


def attendance(lookup: AttendanceLookup) -> AttendanceLookup:
    """Register `lookup(group_id)` → SELECT person_id, meetings, last_at (a decorator)."""
    ATTENDANCE.append(lookup)
    return lookup


@dataclass(frozen=True)
class Occasion:
    """A gathering of a group someone may have come to: `key` is "<kind>:<id>"."""

    key: str
    title: str
    when: datetime


LatestLookup = Callable[[int, int], list[tuple[int, str, datetime]]]
PresentLookup = Callable[[int], Select]


@dataclass(frozen=True)
class Occasions:
    """One feature's gatherings: `latest(group_id, most)` → (id, title, when), newest
    first; `present(id)` → SELECT person_id of those who came."""

    kind: str
    latest: LatestLookup
    present: PresentLookup


OCCASIONS: dict[str, Occasions] = {}


def occasions(kind: str, *, latest: LatestLookup, present: PresentLookup) -> None:
    """Register a feature's gatherings under `kind` (call it once, at import)."""
    OCCASIONS[kind] = Occasions(kind, latest, present)

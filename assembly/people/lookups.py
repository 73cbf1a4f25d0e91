"""What features let the contact book look up, without people importing a feature.

- `raised`: given a searched text, a feature answers with a SELECT of the ids of the
  people whose contributions mention it (needs: the titles of the needs they raised).
- `attendance`: given a group, a feature answers with a SELECT of
  (person_id, meetings, last_at): how many meetings each person came to, and the last.

Features register at import, as for the activity registry (`people.activity`).
"""

from collections.abc import Callable

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

"""Meetings, people and turns built straight through the models, for the report's tests."""

from datetime import datetime, timedelta

from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting, SpeakerTurn, State
from assembly.people.models import Person

# The period the tests read: January to June 2026, month by month.
PERIOD = {"from": "2026-01", "to": "2026-06"}
TODAY = datetime(2026, 6, 20, 12)


def meeting(group_id: int, starts_at: datetime, state=State.CLOSED, minutes=120) -> Meeting:
    """A meeting of the group; a closed one ended `minutes` after it started."""
    held = Meeting(
        group_id=group_id,
        title=f"Assemblée du {starts_at:%d/%m}",
        starts_at=starts_at,
        state=state,
        ended_at=starts_at + timedelta(minutes=minutes) if state == State.CLOSED else None,
    )
    db.session.add(held)
    db.session.flush()
    return held


def persons(group_id: int, count: int) -> list[Person]:
    found = [Person(group_id=group_id, name=f"Personne {n}") for n in range(count)]
    db.session.add_all(found)
    db.session.flush()
    return found


def attend(held: Meeting, person: Person | None = None, **described) -> Attendance:
    """`person` signed in at `held`, describing themselves with `described`."""
    attendance = Attendance(
        meeting_id=held.id,
        person_id=person.id if person else None,
        name=person.name if person else "Quelqu'un",
        created_at=held.starts_at,
        **described,
    )
    db.session.add(attendance)
    db.session.flush()
    return attendance


def speak(attendance: Attendance, at: datetime, minutes: float | None) -> SpeakerTurn:
    """A turn started at `at`, lasting `minutes` (None: left running)."""
    turn = SpeakerTurn(
        meeting_id=attendance.meeting_id,
        attendance_id=attendance.id,
        asked_at=at,
        started_at=at,
        ended_at=at + timedelta(minutes=minutes) if minutes is not None else None,
    )
    db.session.add(turn)
    return turn


def section_html(html: str, name: str) -> str:
    """The report page's `<section id=name>`."""
    start = html.index(f'<section id="{name}">')
    return html[start : html.index("</section>", start)]

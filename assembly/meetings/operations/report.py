"""The observer's report: who was present and who spoke, by kind of person.

Read from the attendances and the speaking turns of one meeting, for the report page
(`meetings.views.wall`) and the minutes' draft. Counts and shares only, never names.
"""

from dataclasses import dataclass, field

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.meetings.models import Attendance, Gender, Meeting, SpeakerTurn


@dataclass
class Share:
    """One line of the report: a kind of person, and their part of presence and speech."""

    key: str
    present: float = 0.0
    turns: float = 0.0
    time: float = 0.0


@dataclass
class Report:
    present: int = 0
    turns: int = 0
    seconds: int = 0
    undeclared: int = 0  # people present who declared nothing about themselves
    by_first_time: list[Share] = field(default_factory=list)
    by_gender: list[Share] = field(default_factory=list)


def _shares(keys, people, spoken) -> list[Share]:
    """Shares of presence, of turns and of time for each key; empty keys are left out."""
    total_people = len(people) or 1
    total_turns = len(spoken) or 1
    total_time = sum(seconds for _, seconds in spoken) or 1
    shares = []
    for key in keys:
        share = Share(
            key,
            present=sum(1 for k in people if k == key) / total_people,
            turns=sum(1 for k, _ in spoken if k == key) / total_turns,
            time=sum(seconds for k, seconds in spoken if k == key) / total_time,
        )
        if share.present or share.turns:
            shares.append(share)
    return shares


def observer_report(meeting: Meeting) -> Report:
    """Anonymous shares of speaking turns and time, by first-timers and by declared gender.

    A turn left running counts until now, or until the meeting ended: an ended
    meeting's report does not move.
    """
    attendances = list(
        db.session.scalars(
            db.select(Attendance).filter_by(meeting_id=meeting.id).where(Attendance.counted())
        )
    )
    turns = list(
        db.session.scalars(
            db.select(SpeakerTurn).where(
                SpeakerTurn.meeting_id == meeting.id, SpeakerTurn.started_at.is_not(None)
            )
        )
    )
    now = meeting.ended_at if meeting.ended and meeting.ended_at else utcnow()

    def first_key(a: Attendance) -> str:
        return "unknown" if a.first_time is None else ("first" if a.first_time else "regular")

    def gender_key(a: Attendance) -> str:
        return a.gender or "unknown"

    def seconds(t: SpeakerTurn) -> int:
        return int(((t.ended_at or now) - t.started_at).total_seconds())

    report = Report(
        present=len(attendances),
        turns=len(turns),
        seconds=sum(seconds(t) for t in turns),
        undeclared=sum(
            1
            for a in attendances
            if a.first_time is None
            and a.gender is None
            and a.age_bracket is None
            and a.lives_here is None
        ),  # fmt: skip
    )
    report.by_first_time = _shares(
        ("first", "regular", "unknown"),
        [first_key(a) for a in attendances],
        [(first_key(t.attendance), seconds(t)) for t in turns],
    )
    report.by_gender = _shares(
        (*[g.value for g in Gender], "unknown"),
        [gender_key(a) for a in attendances],
        [(gender_key(t.attendance), seconds(t)) for t in turns],
    )
    return report

"""The observer's report: who was present and who spoke, by kind of person.

Read from the attendances and the speaking turns of one meeting, for the report page
(`meetings.views.wall`) and the minutes' draft. Counts and shares only, never names.
`shares`, `who` and `spoken_seconds` are also what the group's report (insights) adds
up across a period's meetings: one computation of the shares, not two.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.meetings.models import Attendance, Gender, Meeting, SpeakerTurn, State


@dataclass
class Share:
    """One line of the report: a kind of person, and their part of presence and speech."""

    key: str
    present: float = 0.0
    turns: float = 0.0
    time: float = 0.0
    people: int = 0  # distinct people present behind the line (what suppression counts)


@dataclass
class Report:
    present: int = 0
    turns: int = 0
    seconds: int = 0
    undeclared: int = 0  # people present who declared nothing about themselves
    by_first_time: list[Share] = field(default_factory=list)
    by_gender: list[Share] = field(default_factory=list)


def who(attendance) -> Hashable:
    """One person, counted once: the attendance's person in the contact book, else its
    account, else the attendance itself. Takes anything with `id`, `person_id`, `user_id`."""
    if attendance.person_id is not None:
        return ("person", attendance.person_id)
    if attendance.user_id is not None:
        return ("user", attendance.user_id)
    return ("attendance", attendance.id)


def spoken_seconds(started_at: datetime, ended_at: datetime | None, until: datetime) -> int:
    """A turn's length; one left running counts until `until` (now, or the meeting's end)."""
    return int(((ended_at or until) - started_at).total_seconds())


def turns_until(meeting, now: datetime | None = None) -> datetime:
    """Until when a turn left running counts: an ended meeting's report does not move.
    Takes a Meeting, or a row with its `state` and `ended_at`."""
    closed = meeting.state == State.CLOSED and meeting.ended_at
    return meeting.ended_at if closed else (now or utcnow())


def shares(
    keys: Iterable[str],
    present: list[tuple[str, Hashable]],
    spoken: list[tuple[str, int]],
) -> list[Share]:
    """Shares of presence, of turns and of time for each key; empty keys are left out.

    `present`: (key, person) for each attendance; `spoken`: (key, seconds) for each turn.
    """
    total_people = len(present) or 1
    total_turns = len(spoken) or 1
    total_time = sum(seconds for _, seconds in spoken) or 1
    found = []
    for key in keys:
        share = Share(
            key,
            present=sum(1 for k, _ in present if k == key) / total_people,
            turns=sum(1 for k, _ in spoken if k == key) / total_turns,
            time=sum(seconds for k, seconds in spoken if k == key) / total_time,
            people=len({person for k, person in present if k == key}),
        )
        if share.present or share.turns:
            found.append(share)
    return found


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
    until = turns_until(meeting)

    def first_key(a: Attendance) -> str:
        return "unknown" if a.first_time is None else ("first" if a.first_time else "regular")

    def gender_key(a: Attendance) -> str:
        return a.gender or "unknown"

    def seconds(t: SpeakerTurn) -> int:
        return spoken_seconds(t.started_at, t.ended_at, until)

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
    report.by_first_time = shares(
        ("first", "regular", "unknown"),
        [(first_key(a), who(a)) for a in attendances],
        [(first_key(t.attendance), seconds(t)) for t in turns],
    )
    report.by_gender = shares(
        (*[g.value for g in Gender], "unknown"),
        [(gender_key(a), who(a)) for a in attendances],
        [(gender_key(t.attendance), seconds(t)) for t in turns],
    )
    return report

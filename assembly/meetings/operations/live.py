"""What happens during a meeting: people sign in, ask to speak, get the floor.

Every function that changes the live state raises `meeting.live_version` (through
`Meeting.touch`), so phones and the projector polling with the old ETag see the
change, writes its journal event, and commits. Payloads carry ids, never names.

Once the team ends a meeting (`Meeting.ended`), the live operations refuse with
`MeetingEnded` and change nothing, until the team reopens it the same day.
"""

from datetime import datetime, timedelta

from blinker import Namespace
from flask_babel import to_user_timezone
from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.clocks import EXTRA_MINUTES
from assembly.meetings.events import (
    MEETING_ATTENDANCE_STRUCK,
    MEETING_CLOCK_EXTENDED,
    MEETING_CLOCK_PAUSED,
    MEETING_CLOCK_RESUMED,
    MEETING_CLOSED,
    MEETING_ITEM_CHANGED,
    MEETING_NOTES_SAVED,
    MEETING_REOPENED,
    MEETING_SIGNED_IN,
    MEETING_STARTED,
    MEETING_TURN_TIME_SET,
    SPEAKER_ASKED,
    SPEAKER_ENDED,
    SPEAKER_STARTED,
    SPEAKER_WITHDREW,
)
from assembly.meetings.models import (
    AgendaItem,
    Attendance,
    Gender,
    Meeting,
    SpeakerTurn,
    State,
    TurnKind,
)
from assembly.meetings.speaking import Request, speaking_order
from assembly.people.models import ConsentSource
from assembly.people.operations import record_person
from assembly.trace.operations import record

signals = Namespace()
# Sent (with `attendance`) when the team strikes a duplicate attendance, before the
# commit: decisions takes its named ballots out of the votes still open.
attendance_struck = signals.signal("attendance-struck")


class MeetingEnded(ValueError):
    """Raised by a live operation on a meeting the team has ended."""


def _still_on(meeting: Meeting) -> None:
    """Refuse a live change once the meeting has ended (the record is settled)."""
    if meeting.ended:
        raise MeetingEnded(meeting.id)


def _commit(meeting: Meeting) -> None:
    """Mark the live change and commit it with its event."""
    meeting.touch()
    db.session.commit()


# Signing in


def attendance_of_user(meeting: Meeting, user_id: int) -> Attendance | None:
    return db.session.scalar(
        db.select(Attendance).filter_by(meeting_id=meeting.id, user_id=user_id)
    )


def touch_phone(meeting_id: int, *, user_id: int | None, attendance_id: int | None) -> None:
    """Mark a change that one phone alone shows (what shows on every phone touches the
    meeting): the phone of `attendance_id`, or of the account `user_id` at that meeting.
    The caller commits."""
    whose = Attendance.id == attendance_id if user_id is None else Attendance.user_id == user_id
    db.session.execute(
        db.update(Attendance)
        .where(Attendance.meeting_id == meeting_id, whose)
        .values(live_version=Attendance.live_version + 1)
    )


def sign_in(
    meeting: Meeting,
    name: str,
    *,
    user_id: int | None = None,
    remembered: Attendance | None = None,
    source: str = "phone",
    first_time: bool | None = None,
    age_bracket: str | None = None,
    gender: Gender | None = None,
    lives_here: bool | None = None,
    named_in_minutes: bool = False,
) -> Attendance:
    """Count someone present, once: a phone that already signed in gets its attendance back.

    `remembered`: the attendance this phone's session already holds at the meeting
    (`attending.my_attendance`); a member is also found by their account. Either is
    returned as it is, nothing changed, so the join form sent again (or from a second
    tab) makes no second attendance, and so no second vote. `named_in_minutes`: they
    agreed that their name appears in the minutes. A new attendance points to its person
    in the contact book (`record_person`: a new one for a name, a member's own).
    """
    hold(Meeting, meeting.id)  # a double tap on "join" finds the first attendance
    if (
        remembered is not None
        and remembered.meeting_id == meeting.id
        and (user_id is None or remembered.user_id in (None, user_id))
    ):
        return remembered
    if user_id is not None and (found := attendance_of_user(meeting, user_id)):
        return found
    person = record_person(
        db.session.get(Group, meeting.group_id),
        source=ConsentSource.MEETING,
        name=name,
        user=db.session.get(User, user_id) if user_id is not None else None,
    )
    attendance = Attendance(
        meeting_id=meeting.id,
        user_id=user_id,
        person_id=person.id if person else None,
        name=name.strip(),
        source=source,
        first_time=first_time,
        age_bracket=age_bracket or None,
        gender=gender or None,
        lives_here=lives_here,
        named_in_minutes=named_in_minutes,
        created_at=utcnow(),  # the app's clock, which a vote's opening is compared with
    )
    db.session.add(attendance)
    record(
        MEETING_SIGNED_IN, attendance, group_id=meeting.group_id, meeting_id=meeting.id,
        source=source,
    )  # fmt: skip
    _commit(meeting)
    return attendance


def strike_attendance(meeting: Meeting, attendance: Attendance) -> None:
    """Take a duplicate attendance off those present: it no longer counts, nor votes.

    Its named ballots in votes still open go too (`attendance_struck`); a secret
    ballot it cast cannot be told from the others and stays: the team may run the
    vote again. Striking twice changes nothing.
    """
    if attendance.struck_at is not None:
        return
    attendance.struck_at = utcnow()
    attendance_struck.send(attendance)
    record(MEETING_ATTENDANCE_STRUCK, attendance, group_id=meeting.group_id, meeting_id=meeting.id)
    _commit(meeting)


def attendances(meeting: Meeting) -> list[Attendance]:
    """Everyone who signed in, struck ones included, in the order they came."""
    query = db.select(Attendance).filter_by(meeting_id=meeting.id)
    return list(db.session.scalars(query.order_by(Attendance.created_at, Attendance.id)))


def presence(meeting: Meeting) -> tuple[int, int]:
    """How many people are present, and how many of them come for the first time."""
    row = db.session.execute(
        db.select(db.func.count(), db.func.count().filter(Attendance.first_time.is_(True)))
        .select_from(Attendance)
        .where(Attendance.meeting_id == meeting.id, Attendance.counted())
    ).one()
    return row[0], row[1]


# The meeting and its agenda


def start_meeting(meeting: Meeting) -> None:
    """Go live, on the first agenda item unless one is already under way."""
    meeting.state = State.LIVE
    if meeting.current_item is None and meeting.items:
        meeting.current_item_id = meeting.items[0].id
        _start_clock(meeting)
    record(MEETING_STARTED, meeting, group_id=meeting.group_id)
    _commit(meeting)


def close_meeting(meeting: Meeting) -> None:
    """End the meeting: the turn under way ends now, sign-ins and live actions stop.

    The caller checks `panels.end_blockers` first (a vote still open).
    """
    now = utcnow()
    if (turn := current_turn(meeting)) is not None:
        turn.ended_at = now
    if meeting.item_started_at is not None and meeting.item_paused_at is None:
        meeting.item_paused_at = now  # the item's clock stops; a reopened meeting resumes it
    meeting.state = State.CLOSED
    meeting.ended_at = now
    record(MEETING_CLOSED, meeting, group_id=meeting.group_id)
    _commit(meeting)


def may_reopen(meeting: Meeting, now: datetime | None = None) -> bool:
    """An ended meeting reopens on the calendar day it ended, in the app's time zone."""
    if not meeting.ended or meeting.ended_at is None:
        return False
    return to_user_timezone(now or utcnow()).date() == to_user_timezone(meeting.ended_at).date()


def reopen_meeting(meeting: Meeting) -> None:
    """Go live again after an end by mistake (see `may_reopen`); the speaking list resumes."""
    meeting.state = State.LIVE
    meeting.ended_at = None
    record(MEETING_REOPENED, meeting, group_id=meeting.group_id)
    _commit(meeting)


def move_item(meeting: Meeting, step: int) -> None:
    """Go to the next (+1) or previous (-1) agenda item; its timer starts again."""
    _still_on(meeting)
    items = meeting.items
    if not items:
        return
    ids = [item.id for item in items]
    here = ids.index(meeting.current_item_id) if meeting.current_item_id in ids else -1
    there = min(max(here + step, 0), len(ids) - 1)
    meeting.current_item_id = ids[there]
    _start_clock(meeting)
    record(MEETING_ITEM_CHANGED, meeting, group_id=meeting.group_id, item_id=ids[there])
    _commit(meeting)


def save_notes(meeting: Meeting, notes: str, item: AgendaItem | None = None) -> None:
    """The note-taker's notes on `item`, or on the meeting as a whole (not a live change)."""
    if item is not None:
        item.notes = notes
    else:
        meeting.notes = notes
    record(MEETING_NOTES_SAVED, meeting, group_id=meeting.group_id, item_id=item and item.id)
    db.session.commit()


# The clocks: the item's, and the time per speaking turn


def _start_clock(meeting: Meeting) -> None:
    """A new item: its clock starts now, with its own timebox, running."""
    meeting.item_started_at = utcnow()
    meeting.item_paused_at = None
    meeting.item_paused_seconds = 0
    meeting.item_extra_minutes = 0


def pause_clock(meeting: Meeting) -> None:
    """Stop the item's clock (a break, a hitch); the time left stays as it is."""
    _still_on(meeting)
    if meeting.item_started_at is None or meeting.item_paused_at is not None:
        return
    meeting.item_paused_at = utcnow()
    item_id = meeting.current_item_id
    record(MEETING_CLOCK_PAUSED, meeting, group_id=meeting.group_id, item_id=item_id)
    _commit(meeting)


def resume_clock(meeting: Meeting) -> None:
    """Run the item's clock again from where it stopped."""
    _still_on(meeting)
    if meeting.item_paused_at is None:
        return
    paused = utcnow() - meeting.item_paused_at
    meeting.item_paused_seconds += max(round(paused / timedelta(seconds=1)), 0)
    meeting.item_paused_at = None
    record(
        MEETING_CLOCK_RESUMED, meeting, group_id=meeting.group_id,
        item_id=meeting.current_item_id, paused_seconds=meeting.item_paused_seconds,
    )  # fmt: skip
    _commit(meeting)


def extend_clock(meeting: Meeting, minutes: int = EXTRA_MINUTES) -> None:
    """Give the item under way more time than its timebox."""
    _still_on(meeting)
    if meeting.item_started_at is None:
        return
    meeting.item_extra_minutes += minutes
    record(
        MEETING_CLOCK_EXTENDED, meeting, group_id=meeting.group_id,
        item_id=meeting.current_item_id, extra_minutes=meeting.item_extra_minutes,
    )  # fmt: skip
    _commit(meeting)


def set_turn_minutes(meeting: Meeting, minutes: int) -> None:
    """The time each speaker has (0: no limit); the turn under way counts from its start."""
    _still_on(meeting)
    if meeting.turn_minutes == minutes:
        return
    meeting.turn_minutes = minutes
    record(MEETING_TURN_TIME_SET, meeting, group_id=meeting.group_id, minutes=minutes)
    _commit(meeting)


# The speaking list


def waiting_turns(meeting: Meeting) -> list[SpeakerTurn]:
    """The requests not yet given the floor, with who asked (the order reads their
    gender, the pages their name): one statement more, not one per request."""
    query = (
        db.select(SpeakerTurn)
        .where(
            SpeakerTurn.meeting_id == meeting.id,
            SpeakerTurn.started_at.is_(None),
            SpeakerTurn.withdrawn.is_(False),
        )
        .options(selectinload(SpeakerTurn.attendance))
    )
    return list(db.session.scalars(query))


def current_turn(meeting: Meeting) -> SpeakerTurn | None:
    """The turn under way: started, not ended."""
    query = (
        db.select(SpeakerTurn)
        .where(SpeakerTurn.meeting_id == meeting.id, SpeakerTurn.started_at.is_not(None))
        .where(SpeakerTurn.ended_at.is_(None))
        .order_by(SpeakerTurn.started_at.desc())
    )
    return db.session.scalars(query).first()


def _request(turn: SpeakerTurn, taken: dict[int, int]) -> Request:
    return Request(
        id=turn.id,
        speaker=turn.attendance_id,
        kind=TurnKind(turn.kind),
        asked_at=turn.asked_at,
        turns_taken=taken.get(turn.attendance_id, 0),
        gender=Gender(turn.attendance.gender) if turn.attendance.gender else None,
    )


def queue(meeting: Meeting) -> list[SpeakerTurn]:
    """The waiting requests in the order they get the floor, by the meeting's rule."""
    waiting = waiting_turns(meeting)
    if not waiting:
        return []
    taken = dict(
        db.session.execute(
            db.select(SpeakerTurn.attendance_id, db.func.count())
            .where(SpeakerTurn.meeting_id == meeting.id, SpeakerTurn.started_at.is_not(None))
            .group_by(SpeakerTurn.attendance_id)
        ).all()
    )
    last = db.session.scalars(
        db.select(SpeakerTurn)
        .where(SpeakerTurn.meeting_id == meeting.id, SpeakerTurn.started_at.is_not(None))
        .order_by(SpeakerTurn.started_at.desc(), SpeakerTurn.id.desc())
    ).first()
    by_id = {turn.id: turn for turn in waiting}
    previous = _request(last, taken) if last else None
    ordered = speaking_order([_request(t, taken) for t in waiting], meeting.order_rule, previous)
    return [by_id[request.id] for request in ordered]


def ask_to_speak(meeting: Meeting, attendance: Attendance, kind: TurnKind) -> SpeakerTurn:
    """Put someone on the list; asking again while waiting changes nothing."""
    _still_on(meeting)
    for turn in waiting_turns(meeting):
        if turn.attendance_id == attendance.id:
            return turn
    turn = SpeakerTurn(
        meeting_id=meeting.id,
        attendance_id=attendance.id,
        item_id=meeting.current_item_id,
        kind=kind,
        asked_at=utcnow(),
    )
    db.session.add(turn)
    record(SPEAKER_ASKED, turn, group_id=meeting.group_id, meeting_id=meeting.id, kind=kind)
    _commit(meeting)
    return turn


def withdraw(meeting: Meeting, turn: SpeakerTurn) -> None:
    """Take a waiting request off the list (by its author, or the facilitator)."""
    _still_on(meeting)
    if turn.started_at is not None or turn.withdrawn:
        return
    turn.withdrawn = True
    record(SPEAKER_WITHDREW, turn, group_id=meeting.group_id, meeting_id=meeting.id)
    _commit(meeting)


def start_turn(meeting: Meeting, turn: SpeakerTurn) -> None:
    """Give the floor: the turn under way ends, this one starts now."""
    _still_on(meeting)
    if turn.started_at is not None or turn.withdrawn:
        return
    now = utcnow()
    if (running := current_turn(meeting)) is not None:
        running.ended_at = now
    turn.started_at = now
    turn.item_id = meeting.current_item_id or turn.item_id
    record(SPEAKER_STARTED, turn, group_id=meeting.group_id, meeting_id=meeting.id)
    _commit(meeting)


def end_turn(meeting: Meeting, turn: SpeakerTurn) -> None:
    """Close a turn under way, so its speaking time is recorded."""
    _still_on(meeting)
    if turn.started_at is None or turn.ended_at is not None:
        return
    turn.ended_at = utcnow()
    record(SPEAKER_ENDED, turn, group_id=meeting.group_id, meeting_id=meeting.id)
    _commit(meeting)

"""A meeting's places: past `Meeting.capacity` (a room, a bus, a delegation), a "yes"
waits its turn on the waiting list (`Rsvp.waitlisted`), and a place that frees up goes
to the first who waits (first come, first served), who is told.

An answer is never changed: answering again adds a row, and each respondent's latest
row is their answer (`current_answers`). The functions here run inside the caller's
transaction, under the meeting's lock (`database.hold`, taken by the operation), so
two answers never take the last place together.
"""

from assembly.extensions import db
from assembly.meetings import messages
from assembly.meetings.events import MEETING_SEAT_GIVEN
from assembly.meetings.models import Answer, Meeting, Rsvp
from assembly.people.models import Person
from assembly.trace.operations import record


def current_answers(meeting_id: int) -> list[Rsvp]:
    """Each respondent's latest answer (by their person in the contact book; an answer
    whose person was erased stands alone), in the order they came."""
    rows = db.session.scalars(db.select(Rsvp).filter_by(meeting_id=meeting_id).order_by(Rsvp.id))
    latest = {("person", r.person_id) if r.person_id else ("rsvp", r.id): r for r in rows}
    return sorted(latest.values(), key=lambda rsvp: rsvp.id)


def previous_answer(meeting: Meeting, person: Person | None) -> Rsvp | None:
    """The person's answer to the meeting so far, if they gave one."""
    if person is None:
        return None
    return db.session.scalar(
        db.select(Rsvp)
        .filter_by(meeting_id=meeting.id, person_id=person.id)
        .order_by(Rsvp.id.desc())
        .limit(1)
    )


def seated(answers: list[Rsvp]) -> list[Rsvp]:
    """The "yes" that hold a place."""
    return [r for r in answers if r.answer == Answer.YES and not r.waitlisted]


def waiting(answers: list[Rsvp]) -> list[Rsvp]:
    """The "yes" on the waiting list, first come first."""
    line = [r for r in answers if r.answer == Answer.YES and r.waitlisted]
    return sorted(line, key=lambda rsvp: (rsvp.created_at, rsvp.id))


def place(meeting: Meeting, rsvp: Rsvp, previous: Rsvp | None) -> None:
    """Seat a new answer or put it on the waiting list (before it is added).

    A "yes" again keeps what the last one had: its place, or its rank in the line. A new
    "yes" waits when the meeting is full or others already wait (nobody jumps the line).
    """
    rsvp.waitlisted = False
    if rsvp.answer != Answer.YES or meeting.capacity is None:
        return
    if previous is not None and previous.answer == Answer.YES:
        rsvp.waitlisted = previous.waitlisted
        if previous.waitlisted:
            rsvp.created_at = previous.created_at  # their rank is when they first waited
        return
    answers = current_answers(meeting.id)
    rsvp.waitlisted = len(seated(answers)) >= meeting.capacity or bool(waiting(answers))


def rank(meeting: Meeting, rsvp: Rsvp) -> int | None:
    """Where `rsvp` stands on the waiting list (1 first), or None if it holds a place."""
    line = waiting(current_answers(meeting.id))
    return next((n for n, r in enumerate(line, 1) if r.id == rsvp.id), None)


def fill(meeting: Meeting) -> list[Rsvp]:
    """Give the places free to those who wait, in order: each is journaled, and told
    (under their consent to hear of this meeting), with their reminders planned.
    Fewer places never take one back from who holds it. The answers that got a place."""
    answers = current_answers(meeting.id)
    line = waiting(answers)
    if meeting.capacity is not None:
        line = line[: max(meeting.capacity - len(seated(answers)), 0)]
    for rsvp in line:
        rsvp.waitlisted = False
        record(MEETING_SEAT_GIVEN, meeting, group_id=meeting.group_id, rsvp_id=rsvp.id)
        if rsvp.person is not None:
            messages.seat_given(meeting, rsvp)
    return line


def counts(meeting: Meeting) -> dict[str, int]:
    """How many answered yes (holding a place), maybe, no, and how many wait."""
    answers = current_answers(meeting.id)
    found = {answer.value: 0 for answer in Answer}
    for rsvp in answers:
        found[rsvp.answer.value] += 1
    line = len(waiting(answers))
    found[Answer.YES.value] -= line
    found["waiting"] = line
    return found

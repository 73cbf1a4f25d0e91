"""Who speaks and who waits, as every phone shows them: read once per change.

After each change of a live meeting, its 200 phones fetch their page again within a
poll or two, and each used to read the same speaking list from the database (five
statements, two objects per turn). The first to come reads it; the others find it
kept in this process under the meeting's live version (raised by every change of the
turns, `operations.live._commit`) and its order rule (which may change outside the
live operations). What each phone adds of its own (its place, its clock) is worked out
from it per phone.

The list is never older than the version it is kept under: it is read after the
meeting, so at worst it is a little newer, and the next version reads it again. Each
process keeps its own, one per meeting; a restored database goes with a restarted
server (`assembly restore` says so), and the tests start each database on an empty
store (`clear`).
"""

from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from flask import current_app

from assembly.meetings.models import Meeting, SpeakerTurn, TurnKind
from assembly.meetings.operations.live import current_turn, queue

EXTENSION = "assembly.line_ups"
KEPT = 64  # meetings live at once in one process, at most, before the oldest is read again


@dataclass(frozen=True)
class Turn:
    """A turn as the phones show it: plain values, safe to share between requests."""

    id: int
    attendance_id: int
    name: str
    kind: TurnKind
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class LineUp:
    speaker: Turn | None  # the turn under way
    waiting: tuple[Turn, ...]  # in the order they get the floor


class Store:
    """The line-ups this process read, by meeting id: (their key, the line-up)."""

    def __init__(self):
        self.kept: dict[int, tuple[tuple, LineUp]] = {}
        self.lock = Lock()

    def get(self, meeting_id: int, key: tuple) -> LineUp | None:
        found = self.kept.get(meeting_id)
        return found[1] if found is not None and found[0] == key else None

    def put(self, meeting_id: int, key: tuple, line_up: LineUp) -> None:
        with self.lock:
            self.kept.pop(meeting_id, None)
            if len(self.kept) >= KEPT:
                del self.kept[next(iter(self.kept))]  # the one read longest ago
            self.kept[meeting_id] = (key, line_up)


def clear(app) -> None:
    """Forget every kept line-up (the tests, on each new database)."""
    app.extensions.pop(EXTENSION, None)


def line_up(meeting: Meeting) -> LineUp:
    """The turn under way and the waiting turns in order (none once the meeting ended)."""
    version = meeting.live_version
    if not isinstance(version, int):  # touched in this request, not yet written
        return _read(meeting)
    store = current_app.extensions.setdefault(EXTENSION, Store())
    key = (version, meeting.order_rule)  # ending and reopening touch the meeting too
    if (found := store.get(meeting.id, key)) is None:
        found = _read(meeting)
        store.put(meeting.id, key, found)
    return found


def _read(meeting: Meeting) -> LineUp:
    speaker = current_turn(meeting)
    waiting = () if meeting.ended else tuple(map(_turn, queue(meeting)))
    return LineUp(_turn(speaker) if speaker is not None else None, waiting)


def _turn(turn: SpeakerTurn) -> Turn:
    return Turn(
        turn.id,
        turn.attendance_id,
        turn.attendance.name,
        TurnKind(turn.kind),
        turn.started_at,
        turn.ended_at,
    )

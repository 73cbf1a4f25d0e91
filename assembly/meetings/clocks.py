"""The meeting's clocks: a time box read at one moment of the server's clock.

The item under way and the speaker's turn are both `Countdown`s, computed on the
server (`Meeting.item_clock`, `Meeting.turn_clock`) so that the conduct page, the
projector and the phones agree; static/clock.js ticks them in the browser.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from assembly.clock import utcnow

TURN_MINUTES = range(0, 11)  # the time per speaking turn a meeting may set; 0: none
EXTRA_MINUTES = 5  # what "+5 min" adds to the item under way


@dataclass(frozen=True)
class Countdown:
    """A time box at one moment of the server's clock (`countdown`), as every live page shows it.

    `left` is in whole seconds, rounded up (a fresh box of 20 minutes reads 20:00),
    negative once the time is over. While it runs, `ends_at` is when it reaches zero;
    a paused countdown has none, and nothing ticks. static/clock.js applies the same
    rule in the browser, from `ends_iso` and the server's time (`server_now()`).
    """

    left: int
    ends_at: datetime | None

    @property
    def running(self) -> bool:
        return self.ends_at is not None

    @property
    def over(self) -> bool:
        return self.left < 0

    @property
    def figure(self) -> str:
        """Minutes and seconds, left or over: "12:05"."""
        minutes, seconds = divmod(abs(self.left), 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def ends_iso(self) -> str:
        return _iso(self.ends_at) if self.ends_at else ""


def server_now() -> str:
    """The server's time as a page shows it to static/clock.js, taken as late as possible
    (while the template renders): the browser learns the server's time from it."""
    return _iso(utcnow())


def _iso(moment: datetime) -> str:
    """A naive UTC time as JavaScript's Date.parse reads it."""
    return moment.isoformat(timespec="milliseconds") + "Z"


def countdown(ends_at: datetime, now: datetime, running: bool = True) -> Countdown:
    """The time left at `now` to `ends_at`; not `running`: held as it is (paused)."""
    left = math.ceil((ends_at - now).total_seconds())
    return Countdown(left=left, ends_at=ends_at if running else None)

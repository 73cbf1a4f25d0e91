"""The order of the speaking list: one pure function, whatever the meeting's rule.

Points of order come first, then direct replies, each in the order asked. Then the
ordinary requests, ordered by the meeting's rule:

- first come, first served;
- newcomers first: people who have not spoken yet in this meeting go before those
  who have (then whoever has spoken least), in the order asked;
- alternation: when both sides wait, the floor goes to the other side than the
  previous speaker's. The sides are men, and everyone else (women, other genders,
  and people who did not say) — the usual practice of groups that alternate.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from assembly.meetings.models import Gender, OrderRule, TurnKind


@dataclass(frozen=True)
class Request:
    """A waiting request, with what the rules need to know about its speaker."""

    id: int
    speaker: int  # the attendance id
    kind: TurnKind
    asked_at: datetime
    turns_taken: int = 0  # turns this person already had in the meeting
    gender: Gender | None = None


def side(gender: Gender | None) -> str:
    """The side of the alternation a speaker stands on."""
    return "men" if gender == Gender.MAN else "others"


def speaking_order(
    waiting: Sequence[Request], rule: OrderRule, previous: Request | None = None
) -> list[Request]:
    """Return the waiting requests in the order they get the floor.

    `previous` is the last person who spoke (or speaks now): alternation starts
    from their side.
    """
    by_time = sorted(waiting, key=lambda r: (r.asked_at, r.id))
    urgent = [r for r in by_time if r.kind == TurnKind.ORDER] + [
        r for r in by_time if r.kind == TurnKind.REPLY
    ]
    ordinary = [r for r in by_time if r.kind == TurnKind.NORMAL]
    if rule == OrderRule.NEWCOMERS_FIRST:
        ordinary.sort(key=lambda r: (r.turns_taken > 0, r.turns_taken, r.asked_at, r.id))
    elif rule == OrderRule.ALTERNATE:
        ordinary = _alternate(ordinary, side(previous.gender) if previous else None)
    return urgent + ordinary


def _alternate(requests: list[Request], last_side: str | None) -> list[Request]:
    """Interleave the two sides, each in the order asked, starting opposite `last_side`."""
    queues = {
        "men": [r for r in requests if side(r.gender) == "men"],
        "others": [r for r in requests if side(r.gender) == "others"],
    }
    ordered = []
    while queues["men"] or queues["others"]:
        if queues["men"] and queues["others"]:
            if last_side is None:  # nobody spoke yet: whoever asked first
                first = min(queues["men"][0], queues["others"][0], key=lambda r: (r.asked_at, r.id))
                turn = side(first.gender)
            else:
                turn = "others" if last_side == "men" else "men"
        else:
            turn = "men" if queues["men"] else "others"
        ordered.append(queues[turn].pop(0))
        last_side = turn
    return ordered

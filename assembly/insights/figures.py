"""The report's arithmetic, in one place and tested on known answers.

Concentration (Gini, the top 10 %'s share), the median, the suppression of small
cells, and the log-likelihood that says which words set one part of the texts apart.
Plain functions on plain numbers: the sections gather the numbers, these say what
they mean.
"""

import math
import statistics
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

# A cell that stands for fewer people than this is not shown (the CNIL's and INSEE's habit).
SMALL = 5


def gini(values: Iterable[float]) -> float | None:
    """The Gini coefficient of `values`: 0 when everyone gives as much, near 1 when one
    gives all. None for no values or a zero total.

    From the sorted values x₁ ≤ … ≤ xₙ: G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n.
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return None
    weighted = sum(rank * value for rank, value in enumerate(ordered, start=1))
    return 2 * weighted / (n * total) - (n + 1) / n


def top_share(values: Iterable[float], fraction: float = 0.10) -> float | None:
    """The share of the total made by the top `fraction` of contributors (at least one).

    With 20 contributors the top 10 % are the 2 who gave most. None for a zero total.
    """
    ordered = sorted(values, reverse=True)
    total = sum(ordered)
    if not ordered or total == 0:
        return None
    top = max(1, math.ceil(len(ordered) * fraction - 1e-9))
    return sum(ordered[:top]) / total


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    values = list(values)
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class Cell:
    """A count in a breakdown, and how many distinct people stand behind it.

    `shown` is False when the count must read "< 5": too few people, or a cell that,
    hidden alone, the total would give back.
    """

    value: int
    people: int
    shown: bool = True

    def as_dict(self) -> dict:
        return {"value": self.value if self.shown else None, "shown": self.shown}


def suppress(cells: Mapping[Hashable, tuple[int, int]]) -> dict[Hashable, Cell]:
    """Hide every cell of a breakdown that stands for 1 to 4 people, and when exactly one
    is hidden, the next smallest as well, so that the shown total cannot give it back.

    `cells` maps a key to (value, people). Empty cells (no people) stay shown: a zero
    tells nothing about anyone.
    """
    hidden = {key for key, (_, people) in cells.items() if 0 < people < SMALL}
    if len(hidden) == 1:
        others = [
            (people, value, str(key))
            for key, (value, people) in cells.items()
            if key not in hidden and people > 0
        ]
        if others:
            smallest = min(others)[2]
            hidden |= {key for key in cells if str(key) == smallest}
    return {
        key: Cell(value, people, shown=key not in hidden) for key, (value, people) in cells.items()
    }


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole, or None when either is unknown (suppressed) or the whole is zero."""
    if part is None or not whole:
        return None
    return part / whole


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """How surely a word's frequency differs between a part of the texts and the rest:
    Dunning's log-likelihood G² as Rayson and Garside use it for keyness.

    `a` occurrences among `c` words of the part, `b` among `d` words of the rest.
    Above 3.84 the difference is significant at p < 0.05, above 6.63 at p < 0.01.
    Signed: negative when the part uses the word less than the rest.
    """
    if a + b == 0 or c == 0 or d == 0:
        return 0.0
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    g2 = 2 * sum(
        observed * math.log(observed / expected)
        for observed, expected in ((a, expected_a), (b, expected_b))
        if observed > 0
    )
    return g2 if a / c >= b / d else -g2

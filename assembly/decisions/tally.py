"""Counting: yes/no/abstain ballots and majority judgment (Balinski & Laraki).

Pure functions of the grades and choices, so the same rules serve the result page,
the projector, the minutes and the tests.

Majority judgment, as the result page explains it:

- each voter gives every option a grade, from 0 (À rejeter) to 5 (Très bien);
- an option's *majority grade* is the median of its grades; with an even number of
  grades, the lower of the two middle ones;
- options are ranked by majority grade; between tied options, one grade equal to the
  majority grade is taken away from each and the medians compared again, and so on;
  options whose grades run out together stay tied (they share a rank);
- a grade the voter left out counts as À rejeter (the lowest), so every option is
  judged by the same number of voters.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

LOWEST, HIGHEST = 0, 5
GRADES = range(LOWEST, HIGHEST + 1)


def lower_median(grades: Sequence[int]) -> int:
    """The median of `grades`; the lower middle one when their number is even."""
    ordered = sorted(grades)
    return ordered[(len(ordered) - 1) // 2]


def majority_value(grades: Sequence[int]) -> tuple[int, ...]:
    """The majority grade, then the medians found by taking it away again and again.

    Comparing these tuples (greater is better) is the usual tie-breaking rule.
    """
    remaining = sorted(grades)
    medians = []
    while remaining:
        median = remaining.pop((len(remaining) - 1) // 2)
        medians.append(median)
    return tuple(medians)


@dataclass(frozen=True)
class Judged:
    """One option's place in a majority-judgment result."""

    option: Hashable
    rank: int  # 1 is the best; tied options share their rank
    majority_grade: int | None  # None when nobody voted
    profile: tuple[int, ...]  # how many voters gave each grade, LOWEST first
    value: tuple[int, ...]

    @property
    def voters(self) -> int:
        return sum(self.profile)


def judge(grades_by_option: Mapping[Hashable, Sequence[int]], voters: int = 0) -> list[Judged]:
    """Rank the options, best first. Missing grades count as the lowest.

    `voters` is how many people voted; an option with fewer grades is padded with
    the lowest grade up to it (or up to the option with the most grades).
    """
    counted = max([voters, *(len(grades) for grades in grades_by_option.values())])
    padded = {
        option: [*grades, *[LOWEST] * (counted - len(grades))]
        for option, grades in grades_by_option.items()
    }
    values = {option: majority_value(grades) for option, grades in padded.items()}
    order = sorted(padded, key=lambda option: values[option], reverse=True)
    return [
        Judged(
            option=option,
            rank=1 + sum(1 for other in order if values[other] > values[option]),
            majority_grade=values[option][0] if values[option] else None,
            profile=tuple(padded[option].count(grade) for grade in GRADES),
            value=values[option],
        )
        for option in order
    ]


@dataclass(frozen=True)
class Count:
    """Yes, no and abstentions. Adopted when more yes than no; abstentions do not count."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def adopted(self) -> bool:
        return self.yes > self.no


def count(choices: Iterable[str]) -> Count:
    """Count ballots whose choice is "yes", "no" or "abstain"."""
    choices = list(choices)
    return Count(choices.count("yes"), choices.count("no"), choices.count("abstain"))

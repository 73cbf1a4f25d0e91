"""The report: its sections, each computing its figures for a period and naming its template.

A section is registered once (`section(...)` in `insights/sections/`) with its place on
the page; `figures(group, period)` computes all of them as one JSON-able dict,
which `insights.snapshots` keeps, and the page, the bilan, the ODT and the open data read.
Every figure that stands for people comes through `figures.suppress` before it is kept:
what is kept is what may be shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from assembly.groups.models import Group
from assembly.insights.period import Period


@dataclass(frozen=True)
class Section:
    """One part of the report: `compute(group, period)` gives its figures, `template` shows
    them (it receives them as `data`)."""

    name: str
    template: str
    compute: Callable[[Group, Period], dict]
    order: int


SECTIONS: list[Section] = []


def section(name: str, template: str, order: int) -> Callable:
    """Register the decorated function as the computation of the section `name`, shown
    at `order` among the others (contributions 10, contributors 20, meetings 30,
    speaking 40, funnel 50, campaigns 60)."""

    def register(compute: Callable[[Group, Period], dict]) -> Callable:
        SECTIONS.append(Section(name, template, compute, order))
        SECTIONS.sort(key=lambda part: part.order)
        return compute

    return register


def figures(group: Group, period: Period) -> dict:
    """Every section's figures for `period`, by section name."""
    return {part.name: part.compute(group, period) for part in SECTIONS}

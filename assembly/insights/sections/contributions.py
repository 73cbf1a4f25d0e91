"""The report's section: contributions by kind, by channel and over time.

Each cell is a count of contributions and stands for the people behind it
(`contributions.people_in`); a cell of fewer than five people reads "< 5", and so does
the next smallest when only one would (`figures.suppress`).
"""

from collections import defaultdict
from collections.abc import Callable, Hashable

from assembly.groups.models import Group
from assembly.insights.contributions import Contribution, ContributionKind, contributions, people_in
from assembly.insights.figures import suppress
from assembly.insights.period import Period
from assembly.insights.report import section
from assembly.needs.models import Channel


def breakdown(
    found: list[Contribution], key: Callable[[Contribution], Hashable], keys: list | None = None
) -> dict[Hashable, list[Contribution]]:
    """The contributions grouped by `key`, in the order of `keys` when given (missing ones
    empty), else in the order they first appear."""
    groups: dict[Hashable, list[Contribution]] = {k: [] for k in keys or []}
    for contribution in found:
        groups.setdefault(key(contribution), []).append(contribution)
    return groups


def rows(groups: dict[Hashable, list[Contribution]], skip_empty: bool = True) -> list[dict]:
    """[{"key", "value", "shown"}] for a breakdown, through the suppression of small cells."""
    cells = suppress({str(k): (len(found), people_in(found)) for k, found in groups.items()})
    return [
        {"key": key, **cell.as_dict()}
        for key, cell in cells.items()
        if cell.value or not skip_empty
    ]


def over_time(found: list[Contribution], period: Period) -> list[dict]:
    """Contributions per bucket (week or month) of the period, empty buckets included;
    keys are the buckets' first days as ISO dates."""
    by_bucket: dict = defaultdict(list)
    for contribution in found:
        by_bucket[period.bucket(contribution.at)].append(contribution)
    groups = {bucket.isoformat(): by_bucket.get(bucket, []) for bucket in period.buckets()}
    return rows(groups, skip_empty=False)


@section("contributions", "insights/_contributions.html", order=10)
def contributions_section(group: Group, period: Period) -> dict:
    """How many contributions, of which kinds, by which channels, and when."""
    found = contributions(group, period.since, period.until)
    return {
        "total": len(found),
        "unknown": sum(1 for contribution in found if contribution.who is None),
        "unit": "week" if period.by_week else "month",
        "by_type": rows(
            breakdown(found, lambda c: c.kind.value, [k.value for k in ContributionKind])
        ),
        "by_channel": rows(breakdown(found, lambda c: c.channel.value, [c.value for c in Channel])),
        "over_time": over_time(found, period),
    }

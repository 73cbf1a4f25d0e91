"""The report's section: who contributes — how many people, new or returning, how often,
and how concentrated the contributions are among them.

Only contributions that name someone (`Contribution.who`) count people; the others are
said apart, never added to them. A person is new in the period when their first
contribution ever falls in it.
"""

import math
from collections import Counter

from assembly.groups.models import Group
from assembly.insights.contributions import contributions
from assembly.insights.figures import SMALL, gini, share, suppress, top_share
from assembly.insights.period import Period
from assembly.insights.report import section

TOP = 0.10  # the most active tenth of the contributors


def _shown(cells: dict, key: str) -> int | None:
    return cells[key].as_dict()["value"]


@section("contributors", "insights/_contributors.html", order=20)
def contributors(group: Group, period: Period) -> dict:
    """Distinct contributors, new and returning, repeat rate and concentration."""
    everything = contributions(group, until=period.until)
    first: dict[str, object] = {}
    for contribution in everything:  # in time order: the first seen is the first made
        if contribution.who is not None:
            first.setdefault(contribution.who, contribution.at)
    found = [c for c in everything if c.at >= period.since]
    counts = Counter(c.who for c in found if c.who is not None)
    distinct = len(counts)
    new = {who for who in counts if first[who] >= period.since}
    repeaters = sum(1 for count in counts.values() if count >= 2)

    everyone = suppress({"distinct": (distinct, distinct)})
    newcomers = suppress(
        {"new": (len(new), len(new)), "returning": (distinct - len(new), distinct - len(new))}
    )
    repeat = suppress(
        {"repeat": (repeaters, repeaters), "once": (distinct - repeaters, distinct - repeaters)}
    )
    by_bucket = Counter(period.bucket(first[who]) for who in new)
    over_time = suppress(
        {bucket.isoformat(): (by_bucket[bucket],) * 2 for bucket in period.buckets()}
    )
    shown = _shown(everyone, "distinct")
    # Under five people, every figure about them is hidden, even a zero beside them.
    known = shown is not None
    new_shown = _shown(newcomers, "new") if known else None
    concentrated = distinct >= SMALL
    return {
        "distinct": shown,
        "new": new_shown,
        "returning": _shown(newcomers, "returning") if known else None,
        "new_share": share(new_shown, shown),
        "repeat_rate": share(_shown(repeat, "repeat"), shown),
        "top10_share": top_share(counts.values(), TOP) if concentrated else None,
        "top10_people": max(1, math.ceil(distinct * TOP - 1e-9)) if concentrated else None,
        "gini": gini(counts.values()) if concentrated else None,
        "unknown": len(found) - sum(counts.values()),
        "contributions": len(found),
        "unit": "week" if period.by_week else "month",
        "new_over_time": [{"key": key, **cell.as_dict()} for key, cell in over_time.items()],
    }

"""Figures computed once and read many times: what lets the report cost the same to read at
a thousand contributions or a hundred thousand.

The first reader of a period computes its figures and keeps them as a `Snapshot`; later
readers get the kept ones until they are `REPORT_MAX_AGE_MINUTES` old (the page says when
they were computed), and the team may recompute them at once. A snapshot is derived data:
writing one on a GET changes nothing of the group's records.
"""

from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.models import Snapshot
from assembly.insights.period import Period


def _find(group: Group, name: str, period: Period) -> Snapshot | None:
    return db.session.scalar(
        db.select(Snapshot).filter_by(
            group_id=group.id, name=name, starts_on=period.start, ends_on=period.end
        )
    )


def kept(group: Group, name: str, period: Period, compute: Callable[[], dict]) -> Snapshot:
    """The snapshot `name` of `group` for `period`: the kept one while it is fresh, else
    `compute()`'s result, kept for the next readers."""
    now = utcnow()
    max_age = timedelta(minutes=current_app.config["REPORT_MAX_AGE_MINUTES"])
    snapshot = _find(group, name, period)
    if snapshot is not None and now - snapshot.computed_at < max_age:
        return snapshot
    fresh = Snapshot(
        group_id=group.id,
        name=name,
        starts_on=period.start,
        ends_on=period.end,
        payload=compute(),
        computed_at=now,
    )
    # The figures were read in this request's read transaction. End it before writing: on
    # SQLite a transaction that has read cannot take the write lock once another writer
    # has committed meanwhile, and computing takes seconds at 100,000 contributions.
    db.session.rollback()
    try:
        return _keep(group, period, fresh)
    except (IntegrityError, OperationalError):
        # Another reader kept the same figures at the same moment, or the database is
        # busy: answer with these figures all the same, kept or not.
        db.session.rollback()
        return _find(group, name, period) or fresh


def _keep(group: Group, period: Period, fresh: Snapshot) -> Snapshot:
    """Keep `fresh` in place of the period's older figures, and drop the group's stale ones."""
    kept = _find(group, fresh.name, period)
    if kept is None:
        kept = fresh
        db.session.add(kept)
    else:
        kept.payload, kept.computed_at = fresh.payload, fresh.computed_at
    # Yesterday's periods are not asked again: keep the table the size of what is read.
    db.session.execute(
        db.delete(Snapshot).where(
            Snapshot.group_id == group.id,
            Snapshot.computed_at < fresh.computed_at - timedelta(days=2),
        )
    )
    db.session.commit()
    return kept


def forget(group: Group) -> None:
    """Drop the group's kept figures: the next reader computes them afresh."""
    db.session.execute(db.delete(Snapshot).where(Snapshot.group_id == group.id))
    db.session.commit()

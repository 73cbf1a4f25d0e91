"""Supports held past one address's daily cap, and the team's review of them.

An anonymous "moi aussi" beyond SUPPORTS_PER_ADDRESS_PER_DAY from one address on one
need within a day is recorded but held: not counted until the team counts it or sets
it aside. The address is only ever a keyed hash (`web.visitor.address_key`), kept for
the day it counts against the cap.
"""

from datetime import datetime, timedelta

from flask import current_app

from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.events import NEED_HELD_COUNTED, NEED_HELD_DISCARDED
from assembly.needs.models import Need, Support
from assembly.trace.operations import record

# How long an address's supports count against its cap (SUPPORTS_PER_ADDRESS_PER_DAY),
# and so how long its keyed hash is kept.
ADDRESS_WINDOW = timedelta(days=1)


def past_the_cap(need: Need, address_key: str) -> bool:
    """Whether this address already sent its day's share of anonymous supports to `need`.

    Its keys older than the window are erased on the way (`forget_support_addresses`
    erases everyone's, daily).
    """
    hold(Need, need.id)  # one writer per need at a time (PostgreSQL; SQLite already is)
    _forget_addresses(utcnow(), need)
    sent = db.session.scalar(
        db.select(db.func.count())
        .select_from(Support)
        .where(
            Support.need_id == need.id,
            Support.address_key == address_key,
            Support.created_at > utcnow() - ADDRESS_WINDOW,
        )
    )
    return sent >= current_app.config["SUPPORTS_PER_ADDRESS_PER_DAY"]


def _forget_addresses(now: datetime, need: Need | None = None) -> int:
    """Erase the address keys older than the window (of one need, or all): they no longer count."""
    query = db.update(Support).where(
        Support.address_key.is_not(None), Support.created_at <= now - ADDRESS_WINDOW
    )
    if need is not None:
        query = query.where(Support.need_id == need.id)
    return db.session.execute(query.values(address_key=None)).rowcount


def forget_support_addresses(now: datetime) -> int:
    """Erase every address key older than a day; return how many (the daily `assembly purge`)."""
    erased = _forget_addresses(now)
    db.session.commit()
    return erased


def last_held(need: Need) -> int:
    """The id of the newest held support of `need` (0 if none): the team reviews up to it."""
    return db.session.scalar(
        db.select(db.func.coalesce(db.func.max(Support.id), 0)).where(
            Support.need_id == need.id, Support.held.is_(True)
        )
    )


def review_held(need: Need, *, count: bool, through: int) -> int:
    """Count the supports held on `need`, or discard them; return how many.

    Only those up to id `through`, the ones the team saw; the address keys go either way.
    """
    seen = (Support.need_id == need.id, Support.held.is_(True), Support.id <= through)
    if count:
        reviewed = db.session.execute(
            db.update(Support).where(*seen).values(held=False, address_key=None)
        ).rowcount
        need.support_count = Need.support_count + reviewed
        need.total_support = Need.total_support + reviewed
    else:
        reviewed = db.session.execute(db.delete(Support).where(*seen)).rowcount
    if reviewed:
        verb = NEED_HELD_COUNTED if count else NEED_HELD_DISCARDED
        record(verb, need, group_id=need.group_id, count=reviewed)
    db.session.commit()
    db.session.refresh(need)
    return reviewed


def needs_with_held(group: Group) -> list[tuple[Need, int]]:
    """The group's needs that have held supports, with how many: the team's to review."""
    held = db.func.count(Support.id)
    query = (
        db.select(Need, held)
        .join(Support, Support.need_id == Need.id)
        .where(Need.group_id == group.id, Support.held.is_(True))
        .group_by(Need.id)
        .order_by(held.desc(), Need.id)
    )
    return [(need, n) for need, n in db.session.execute(query)]

"""Writing to the journal. Every operation that changes state calls `record`."""

from typing import Any

from flask import has_request_context
from flask_login import current_user

from assembly.extensions import db
from assembly.trace.models import Event


def _current_actor_id() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


def record(
    verb: str,
    subject: Any,
    *,
    group_id: int | None = None,
    actor_id: int | None = None,
    **payload: Any,
) -> Event:
    """Add an event for `subject` (a model instance) to the current transaction.

    The subject type is its table name; the actor defaults to the signed-in user.
    The caller commits, so the change and its event land together or not at all.
    """
    db.session.flush()  # the subject needs its id
    event = Event(
        verb=verb,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        group_id=group_id,
        actor_id=actor_id if actor_id is not None else _current_actor_id(),
        payload=payload,
    )
    db.session.add(event)
    return event


def events_for(subject_type: str, subject_id: int) -> list[Event]:
    """Return the story of one record, oldest first."""
    query = (
        db.select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
        .order_by(Event.created_at, Event.id)
    )
    return list(db.session.scalars(query))

"""What the group asks, what the target answers, what it promises, and how promises end.

Each verb writes its journal event in the same transaction and commits. A commitment's
state changes only here (`_set_state`), and every change is journaled: by the team (kept,
broken, pending again) or by time (late, no actor: `campaigns.commitments`).
"""

from datetime import date, datetime

from assembly.auth.models import User
from assembly.campaigns.events import (
    COMMITMENT_DELETED,
    COMMITMENT_EDITED,
    COMMITMENT_MADE,
    COMMITMENT_STATE,
    DEMAND_DELETED,
    DEMAND_EDITED,
    DEMAND_WRITTEN,
    EXCHANGE_DELETED,
    EXCHANGE_EDITED,
    EXCHANGE_LOGGED,
)
from assembly.campaigns.models import (
    Campaign,
    Commitment,
    CommitmentState,
    Demand,
    Exchange,
    ExchangeKind,
    SentHow,
    Stage,
    Target,
)
from assembly.clock import local_today, utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.trace.models import Event
from assembly.trace.operations import record

DEMAND_FIELDS = ("what", "target_id", "letter", "sent_on", "sent_how")
EXCHANGE_FIELDS = ("kind", "happened_on", "who_went", "said")
COMMITMENT_FIELDS = ("what", "due_on", "words", "said_by", "exchange_id")


# Reading


def campaign_demands(campaign: Campaign) -> list[Demand]:
    """The campaign's demands, in the order they were written."""
    return list(
        db.session.scalars(
            db.select(Demand).where(Demand.campaign_id == campaign.id).order_by(Demand.id)
        )
    )


def exchanges_of(demand: Demand) -> list[Exchange]:
    """The target's answers and the meetings with it about `demand`, in date order."""
    return list(
        db.session.scalars(
            db.select(Exchange)
            .where(Exchange.demand_id == demand.id)
            .order_by(Exchange.happened_on, Exchange.id)
        )
    )


def commitments_of(campaign: Campaign, demand: Demand | None = None) -> list[Commitment]:
    """The campaign's commitments (those about `demand` when given), soonest due first."""
    query = db.select(Commitment).where(Commitment.campaign_id == campaign.id)
    if demand is not None:
        query = query.where(Commitment.demand_id == demand.id)
    return list(
        db.session.scalars(
            query.order_by(Commitment.due_on.is_(None), Commitment.due_on, Commitment.id)
        )
    )


def last_changes(commitments: list[Commitment]) -> dict[int, dict]:
    """By commitment id: its last change of state as the journal keeps it (before, after,
    note) — the team's note is shown beside the state it explains."""
    if not commitments:
        return {}
    rows = db.session.execute(
        db.select(Event.subject_id, Event.payload)
        .where(
            Event.subject_type == Commitment.__tablename__,
            Event.subject_id.in_([c.id for c in commitments]),
            Event.verb == COMMITMENT_STATE,
        )
        .order_by(Event.id)
    )
    return {subject_id: payload for subject_id, payload in rows}


def late_commitments(group: Group, today: date, *, limit: int | None = None) -> list[Commitment]:
    """The late promises of the group's campaigns under way (an ended campaign's are told
    on its page, not every morning), the longest overdue first; pending ones past their
    date count, before the sender's pass writes them late."""
    query = (
        db.select(Commitment)
        .join(Campaign, Campaign.id == Commitment.campaign_id)
        .where(
            Campaign.group_id == group.id,
            Campaign.stage == Stage.ACTIVE,
            Commitment.effective_state(today) == CommitmentState.LATE,
        )
        .order_by(Commitment.due_on, Commitment.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


# Demands


def write_demand(
    campaign: Campaign,
    *,
    what: str,
    target: Target | None,
    letter: str,
    sent_on: date | None,
    sent_how: SentHow | None,
    by: User | None,
) -> Demand:
    """Write down a demand to `target` (none yet: the targets come later), sent or not."""
    demand = Demand(
        campaign_id=campaign.id,
        what=what,
        target_id=target.id if target else None,
        letter=letter,
        sent_on=sent_on,
        sent_how=sent_how,
        created_by_id=by.id if by else None,
    )
    db.session.add(demand)
    record(DEMAND_WRITTEN, demand, group_id=campaign.group_id, campaign_id=campaign.id)
    db.session.commit()
    return demand


def edit_demand(demand: Demand, campaign: Campaign, **values) -> None:
    """Change a demand (`DEMAND_FIELDS`): what, to whom, the letter, when and how sent."""
    changed = _assign(demand, DEMAND_FIELDS, values)
    if changed:
        record(DEMAND_EDITED, demand, group_id=campaign.group_id, fields=changed)
    db.session.commit()


def delete_demand(demand: Demand, campaign: Campaign) -> None:
    """Delete a demand written by mistake, with its answers and commitments (their story
    is the demand's: left unlinked, they would show nowhere)."""
    commitments = db.select(Commitment).where(Commitment.demand_id == demand.id)
    exchanges = db.select(Exchange).where(Exchange.demand_id == demand.id)
    gone = {"commitments": 0, "exchanges": 0}
    for key, rows in (("commitments", commitments), ("exchanges", exchanges)):
        for row in db.session.scalars(rows).all():
            db.session.delete(row)
            gone[key] += 1
    record(DEMAND_DELETED, demand, group_id=campaign.group_id, what=demand.what[:140], **gone)
    db.session.delete(demand)
    db.session.commit()


# The target's answers and the meetings with it


def log_exchange(
    demand: Demand,
    campaign: Campaign,
    *,
    kind: ExchangeKind,
    happened_on: date,
    who_went: str,
    said: str,
    by: User | None,
) -> Exchange:
    """Write down the target's answer to `demand`, or a meeting with it about it."""
    exchange = Exchange(
        campaign_id=campaign.id,
        demand_id=demand.id,
        target_id=demand.target_id,
        kind=kind,
        happened_on=happened_on,
        who_went=who_went if kind == ExchangeKind.MEETING else "",
        said=said,
        created_by_id=by.id if by else None,
    )
    db.session.add(exchange)
    record(EXCHANGE_LOGGED, exchange, group_id=campaign.group_id, kind=kind.value)
    db.session.commit()
    return exchange


def edit_exchange(exchange: Exchange, campaign: Campaign, **values) -> None:
    """Change an answer or a meeting (`EXCHANGE_FIELDS`)."""
    if values.get("kind") == ExchangeKind.ANSWER:
        values["who_went"] = ""  # nobody went to a written answer
    changed = _assign(exchange, EXCHANGE_FIELDS, values)
    if changed:
        record(EXCHANGE_EDITED, exchange, group_id=campaign.group_id, fields=changed)
    db.session.commit()


def delete_exchange(exchange: Exchange, campaign: Campaign) -> None:
    """Delete an answer or a meeting; the commitments made there stay, unlinked."""
    record(EXCHANGE_DELETED, exchange, group_id=campaign.group_id, kind=exchange.kind.value)
    db.session.delete(exchange)
    db.session.commit()


# Commitments


def record_commitment(
    demand: Demand,
    campaign: Campaign,
    *,
    what: str,
    due_on: date | None,
    words: str,
    said_by: str,
    exchange: Exchange | None,
    by: User | None,
) -> Commitment:
    """Write down what the target promised about `demand`, by when, in whose words."""
    commitment = Commitment(
        campaign_id=campaign.id,
        demand_id=demand.id,
        target_id=demand.target_id,
        exchange_id=exchange.id if exchange else None,
        what=what,
        due_on=due_on,
        words=words,
        said_by=said_by,
        state=CommitmentState.PENDING,
        created_by_id=by.id if by else None,
    )
    db.session.add(commitment)
    record(COMMITMENT_MADE, commitment, group_id=campaign.group_id, due_on=_day(due_on))
    db.session.commit()
    return commitment


def edit_commitment(commitment: Commitment, campaign: Campaign, **values) -> None:
    """Change a commitment (`COMMITMENT_FIELDS`). A late one given a new date still to
    come is pending again (the target promised anew), journaled as any change of state."""
    changed = _assign(commitment, COMMITMENT_FIELDS, values)
    if changed:
        record(COMMITMENT_EDITED, commitment, group_id=campaign.group_id, fields=changed)
    due_on = commitment.due_on
    if commitment.state == CommitmentState.LATE and (due_on is None or due_on >= local_today()):
        _set_state(commitment, campaign, CommitmentState.PENDING, note="")
    db.session.commit()


def mark_commitment(
    commitment: Commitment, campaign: Campaign, state: CommitmentState, *, note: str
) -> bool:
    """The team says the promise was kept or broken (or was not settled after all: pending
    again); with a short note kept in the journal. False when nothing changed."""
    if state == commitment.state:
        return False
    _set_state(commitment, campaign, state, note=note)
    db.session.commit()
    return True


def turn_late(commitment: Commitment, now: datetime) -> None:
    """Time's word: the promise's date has passed without the team saying it was kept.
    No actor in the journal; the caller commits (the sender's pass, many at once)."""
    _set_state(commitment, None, CommitmentState.LATE, note="", actor_id=None, at=now)


def delete_commitment(commitment: Commitment, campaign: Campaign) -> None:
    record(COMMITMENT_DELETED, commitment, group_id=campaign.group_id, what=commitment.what[:140])
    db.session.delete(commitment)
    db.session.commit()


def _set_state(
    commitment: Commitment,
    campaign: Campaign | None,
    state: CommitmentState,
    *,
    note: str,
    actor_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Change the state and journal it: from, to, and the team's note."""
    group_id = (campaign or db.session.get(Campaign, commitment.campaign_id)).group_id
    before = commitment.state
    commitment.state = state
    commitment.state_changed_at = at or utcnow()
    record(
        COMMITMENT_STATE,
        commitment,
        group_id=group_id,
        actor_id=actor_id,
        before=before.value,
        after=state.value,
        note=note,
    )


def _assign(row, fields: tuple[str, ...], values: dict) -> list[str]:
    """Set the given `fields` of `row` from `values`; the names of those that changed."""
    changed = []
    for name in fields:
        if name in values and getattr(row, name) != values[name]:
            setattr(row, name, values[name])
            changed.append(name)
    return changed


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None

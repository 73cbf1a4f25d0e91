"""What only an online decision does: a voting period, and arguments for and against.

An online decision is put to the members between meetings (DemocracyOS): it opens
and closes on its own at the times the team chose, members post arguments "pour"
and "contre" and read them before voting, by phone ballot or majority judgment.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.decisions.events import DECISION_ARGUED
from assembly.decisions.models import (
    Argument,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Method,
    Side,
)
from assembly.decisions.operations import core
from assembly.enums import Labelled
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need
from assembly.trace.operations import record
from assembly.web.languages import FRENCH

ONLINE_METHODS = (Method.BALLOT, Method.JUDGMENT)
LONGEST_PERIOD = timedelta(days=60)
ARGUMENTS_PER_PAGE = 10  # per side: a page of arguments stays well under 14 KB
MAX_OPTIONS = 12


class PeriodProblem(Labelled, StrEnum):
    """Why a voting period cannot be used, and how the form says it."""

    __labels__ = {
        "past": _l("This moment is already past: choose a later closing time."),
        "backwards": _l("The vote must close after it opens."),
        "too_long": _l("A vote lasts 60 days at most."),
    }

    PAST = "past"  # it would close before now
    BACKWARDS = "backwards"  # it would close before it opens
    TOO_LONG = "too_long"  # longer than LONGEST_PERIOD


class BadPeriod(ValueError):
    """Raised when an online decision's period is unusable; `args[0]` is a PeriodProblem."""


def period_problem(opens_at: datetime, closes_at: datetime, now: datetime) -> PeriodProblem | None:
    """What is wrong with voting from `opens_at` to `closes_at` (naive UTC), if anything."""
    if closes_at <= now:
        return PeriodProblem.PAST
    if closes_at <= opens_at:
        return PeriodProblem.BACKWARDS
    if closes_at - max(opens_at, now) > LONGEST_PERIOD:
        return PeriodProblem.TOO_LONG
    return None


def create_online_decision(
    group: Group,
    *,
    question: str,
    method: Method,
    by: User | None,
    closes_at: datetime,
    opens_at: datetime | None = None,
    proposal: str = "",
    options: Iterable[str] = (),
    secret: bool = False,
    public: bool = False,
    needs: Iterable[Need] = (),
    now: datetime | None = None,
    commit: bool = True,
) -> Decision:
    """Put a question to the members from `opens_at` (default: now) until `closes_at`
    (with `commit=False`, the caller commits).

    Raises BadPeriod for a period that is over, backwards or too long, and
    ValueError for a method other than ballot or judgment, or a judgment with
    fewer than two options. An opening time already past means "open now".
    """
    now = now or utcnow()
    opens_at = max(opens_at or now, now)
    problem = period_problem(opens_at, closes_at, now)
    if problem is not None:
        raise BadPeriod(problem)
    if method not in ONLINE_METHODS:
        raise ValueError(f"an online decision is by ballot or judgment, not {method}")
    labels = (
        [label.strip() for label in options if label.strip()] if method == Method.JUDGMENT else []
    )
    if method == Method.JUDGMENT and not 2 <= len(labels) <= MAX_OPTIONS:
        raise ValueError("a majority judgment needs between 2 and 12 options")
    return core.create_decision(
        group,
        question=question,
        method=method,
        by=by,
        proposal=proposal,
        options=labels,
        secret=secret,
        public=public,
        needs=list(needs),
        opens_at=opens_at,
        closes_at=closes_at,
        commit=commit,
    )


def add_argument(
    decision: Decision,
    *,
    user: User,
    side: Side,
    body: str,
    language: str = FRENCH,
    now: datetime | None = None,
) -> Argument:
    """Post a member's argument for or against, in the language she wrote it in, while
    the vote is open.

    Raises core.NotOpen before the opening and after the closing. Arguments are
    signed: the journal names the member who posted one, even on a secret ballot
    (an argument is not a vote).
    """
    if not decision.online or not decision.open_at(now or utcnow()):
        raise core.NotOpen(decision.id)
    argument = Argument(
        decision_id=decision.id, user_id=user.id, side=side, body=body.strip(), language=language
    )
    db.session.add(argument)
    record(DECISION_ARGUED, decision, group_id=decision.group_id, actor_id=user.id, side=str(side))
    db.session.commit()
    return argument


@dataclass(frozen=True)
class Arguments:
    """One page of a decision's arguments per side, newest first, with each author's name."""

    shown: dict[Side, list[tuple[Argument, str]]]
    counts: dict[Side, int]
    page: int
    more: bool  # older arguments on the next page


def arguments_by_side(
    decision: Decision, page: int = 1, per_side: int = ARGUMENTS_PER_PAGE
) -> Arguments:
    """The arguments for and against, `per_side` of each per page, so a long debate stays light."""
    page = max(page, 1)
    counted = db.select(Argument.side, db.func.count(Argument.id)).where(
        Argument.decision_id == decision.id
    )
    counts = {Side.FOR: 0, Side.AGAINST: 0}
    counts.update(
        {Side(side): n for side, n in db.session.execute(counted.group_by(Argument.side))}
    )
    shown = {}
    for side in counts:
        query = (
            db.select(Argument, User.display_name)
            .outerjoin(User, User.id == Argument.user_id)
            .where(Argument.decision_id == decision.id, Argument.side == side)
            .order_by(Argument.id.desc())
            .offset((page - 1) * per_side)
            .limit(per_side)
        )
        shown[side] = [(argument, name or "") for argument, name in db.session.execute(query)]
    more = any(count > page * per_side for count in counts.values())
    return Arguments(shown, counts, page, more)


# Where an online decision stands


@dataclass(frozen=True)
class Settled:
    """A decision's result: as recorded at closing, or counted now once its period is over."""

    outcome: DecisionOutcome
    result: dict
    decided_at: datetime | None


def settled(decision: Decision, now: datetime | None = None) -> Settled | None:
    """The result of a decision that is over, else None.

    An online decision whose period has ended shows its result at once, even
    before `assembly close-decisions` records it: ballots cannot change any more
    (core refuses them), so counting now gives what closing will record.
    """
    now = now or utcnow()
    if decision.status == DecisionStatus.CLOSED:
        return Settled(decision.outcome, decision.result or {}, decided_at(decision))
    if decision.over_at(now):  # its period has ended; the command has not recorded it yet
        counted = core.count_decision(decision)
        return Settled(
            counted.outcome(decision.method), core.snapshot(decision, counted), decision.closes_at
        )
    return None


def decided_at(decision: Decision) -> datetime | None:
    """When the vote ended: the end of its period, or the closing by hand if that came first."""
    moments = [moment for moment in (decision.closes_at, decision.closed_at) if moment is not None]
    return min(moments) if moments else None


def decided_at_column():
    """`decided_at` as an SQL expression, to sort the register."""
    column = Decision.closed_at
    return db.case(
        (Decision.closes_at.is_(None), column),
        (column.is_(None), Decision.closes_at),
        (Decision.closes_at < column, Decision.closes_at),
        else_=column,
    )


def over_clause(now: datetime):
    """SQL: decisions that are over (closed, or online and past their closing time)."""
    return db.or_(
        Decision.status == DecisionStatus.CLOSED,
        db.and_(
            Decision.status == DecisionStatus.OPEN,
            Decision.meeting_id.is_(None),
            Decision.closes_at <= now,
        ),
    )


def running(group: Group, now: datetime | None = None) -> list[Decision]:
    """The group's online decisions still to come or taking votes, closing soonest first."""
    now = now or utcnow()
    query = (
        db.select(Decision)
        .where(
            Decision.group_id == group.id,
            Decision.meeting_id.is_(None),
            Decision.status == DecisionStatus.OPEN,
            Decision.closes_at > now,
        )
        .order_by(Decision.closes_at, Decision.id)
    )
    return list(db.session.scalars(query))

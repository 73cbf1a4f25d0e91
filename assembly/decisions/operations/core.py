"""Creating, opening, counting and closing a decision (voting is in `voting`).

The journal never records a vote, secret or not: the tally is what is recorded.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.decisions import messages, tally
from assembly.decisions.events import (
    DECISION_CLOSED,
    DECISION_CREATED,
    DECISION_DELETED,
    DECISION_EDITED,
    DECISION_OPENED,
    NEED_DECIDED,
)
from assembly.decisions.models import (
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Method,
    Option,
    Voters,
)
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Attendance, Meeting
from assembly.needs import messages as need_messages
from assembly.needs.models import Need
from assembly.trace.operations import record

PHONE_METHODS = (Method.BALLOT, Method.JUDGMENT)  # the methods voted on a phone

signals = Namespace()
# Sent (with `decision`) when a decision closes, its outcome and result recorded, before
# the commit: what a feature does about it (campaigns: the chosen candidate starts) is
# written in the same transaction, so the result and its consequence are kept together or
# not at all. A receiver writes and journals; it never commits.
decision_closed = signals.signal("decision-closed")


class NotOpen(ValueError):
    """Raised when a ballot (or an objection, an argument) reaches a decision that is not
    taking any."""


def _touch_meeting(decision: Decision) -> None:
    """Phones and the projector show decisions: a change is a live change of the meeting."""
    if decision.meeting_id is not None:
        db.session.get(Meeting, decision.meeting_id).touch()


def _commit(decision: Decision) -> None:
    _touch_meeting(decision)
    db.session.commit()


# Creating and opening


def create_decision(
    group: Group,
    *,
    question: str,
    method: Method,
    by: User | None,
    proposal: str = "",
    options: Iterable[str] = (),
    voters: Voters = Voters.PRESENT,
    secret: bool = False,
    public: bool | None = None,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    needs: Iterable[Need] | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    follows: Decision | None = None,
    commit: bool = True,
) -> Decision:
    """Prepare a decision on an agenda item (a draft, opened live) or online (open in its period).

    A decision at a meeting is public when the meeting is, and concerns the needs on
    its agenda item unless `needs` says otherwise. An online decision is for members.
    With `commit=False` the caller commits, with what else its change writes.
    """
    if item is not None:
        meeting = meeting or item.meeting
    online = meeting is None
    decision = Decision(
        group_id=group.id,
        meeting_id=None if online else meeting.id,
        item_id=item.id if item is not None else None,
        question=question.strip(),
        proposal=proposal.strip(),
        method=method,
        voters=Voters.MEMBERS if online else voters,
        secret=secret,
        public=bool(public) if public is not None else (not online and meeting.public),
        status=DecisionStatus.OPEN if online else DecisionStatus.DRAFT,
        opens_at=opens_at,
        closes_at=closes_at,
        follows_id=follows.id if follows is not None else None,
        created_by_id=by.id if by is not None else None,
    )
    decision.options = [
        Option(position=position, label=label.strip())
        for position, label in enumerate(label for label in options if label.strip())
    ]
    decision.needs = list(needs if needs is not None else (item.needs if item else []))
    db.session.add(decision)
    record(
        DECISION_CREATED,
        decision,
        group_id=group.id,
        method=str(method),
        meeting_id=decision.meeting_id,
        follows=decision.follows_id,
    )
    if online:
        messages.opened(decision)
    if commit:
        _commit(decision)
    else:
        _touch_meeting(decision)
        db.session.flush()
    return decision


def edit_draft(
    decision: Decision,
    *,
    question: str,
    method: Method,
    proposal: str = "",
    options: Iterable[str] = (),
    voters: Voters = Voters.PRESENT,
    secret: bool = False,
) -> None:
    """Change a decision still prepared (a typo, another method): nobody has voted yet."""
    decision.question, decision.proposal = question.strip(), proposal.strip()
    decision.method, decision.voters, decision.secret = method, voters, secret
    decision.options = [
        Option(position=position, label=label.strip())
        for position, label in enumerate(label for label in options if label.strip())
    ]
    record(DECISION_EDITED, decision, group_id=decision.group_id, method=str(method))
    _commit(decision)


def delete_draft(decision: Decision) -> None:
    """Drop a decision still prepared; the journal keeps that it was, and its question."""
    record(DECISION_DELETED, decision, group_id=decision.group_id, question=decision.question)
    _touch_meeting(decision)
    db.session.delete(decision)
    db.session.commit()


def open_decision(decision: Decision) -> None:
    """Start taking votes (or objections) on a decision prepared for the meeting."""
    if decision.status != DecisionStatus.DRAFT:
        return
    decision.status = DecisionStatus.OPEN
    decision.opened_at = utcnow()
    record(DECISION_OPENED, decision, group_id=decision.group_id)
    _commit(decision)


# Counting


@dataclass(frozen=True)
class Tally:
    """Where a decision stands: ballots cast and, by method, the count or the ranking."""

    ballots: int
    count: tally.Count | None = None  # hands and phone ballots
    ranking: tuple[tally.Judged, ...] = ()  # majority judgment, best first
    unresolved: int = 0  # consent round: objections still open
    objections: int = 0
    present: int | None = None  # a phone vote of those present: its electorate (`electorate`)

    def outcome(self, method: Method) -> DecisionOutcome:
        """What the result means, by the method's rule."""
        if method == Method.CONSENT:
            return DecisionOutcome.REJECTED if self.unresolved else DecisionOutcome.ADOPTED
        if method == Method.JUDGMENT:
            if not self.ballots:
                return DecisionOutcome.VOID
            first = [judged for judged in self.ranking if judged.rank == 1]
            return DecisionOutcome.CHOSEN if len(first) == 1 else DecisionOutcome.TIED
        if self.count is None or not self.count.cast:
            return DecisionOutcome.VOID
        if self.count.yes == self.count.no:
            return DecisionOutcome.TIED
        return DecisionOutcome.ADOPTED if self.count.adopted else DecisionOutcome.REJECTED


def electorate(decision: Decision) -> int | None:
    """How many may vote in a phone vote of those present: who had joined the meeting when
    it opened, less the duplicates struck since. None for another decision, or a draft."""
    if (
        decision.meeting_id is None
        or decision.voters != Voters.PRESENT
        or decision.method not in PHONE_METHODS
        or decision.status == DecisionStatus.DRAFT
    ):
        return None
    query = db.select(db.func.count(Attendance.id)).where(
        Attendance.meeting_id == decision.meeting_id, Attendance.counted()
    )
    if decision.opened_at is not None:  # see Attendance.may_vote_since
        query = query.where(Attendance.created_at <= decision.opened_at)
    return db.session.scalar(query)


def ballots(decision: Decision) -> list[Ballot]:
    return list(db.session.scalars(db.select(Ballot).filter_by(decision_id=decision.id)))


def count_decision(decision: Decision) -> Tally:
    """Count a decision as it stands now (ballots cannot change once it is closed)."""
    if decision.method == Method.HANDS:
        count = tally.Count(
            decision.hands_for or 0, decision.hands_against or 0, decision.hands_abstain or 0
        )
        return Tally(ballots=count.cast, count=count)
    if decision.method == Method.CONSENT:
        open_ones = [o for o in decision.objections if o.resolved_at is None]
        return Tally(ballots=0, unresolved=len(open_ones), objections=len(decision.objections))
    cast, present = ballots(decision), electorate(decision)
    if decision.method == Method.BALLOT:
        count = tally.count(b.choice for b in cast if b.choice)
        return Tally(ballots=len(cast), count=count, present=present)
    grades = {option.id: [] for option in decision.options}
    for ballot in cast:
        for graded in ballot.grades:
            grades.setdefault(graded.option_id, []).append(graded.grade)
    ranking = tuple(tally.judge(grades, voters=len(cast)))
    return Tally(ballots=len(cast), ranking=ranking, present=present)


def snapshot(decision: Decision, counted: Tally) -> dict:
    """The result as written into the decision and the journal: numbers and labels, no names."""
    result = {"ballots": counted.ballots}
    if counted.count is not None:
        result.update(yes=counted.count.yes, no=counted.count.no, abstain=counted.count.abstain)
    if decision.method == Method.HANDS:
        result["present"] = decision.present
    elif counted.present is not None:  # how many could vote, next to how many did
        result["present"] = counted.present
    if decision.method == Method.CONSENT:
        result.update(objections=counted.objections, unresolved=counted.unresolved)
    if counted.ranking:
        labels = {option.id: option.label for option in decision.options}
        result["ranking"] = [
            {
                "option": judged.option,
                "label": labels.get(judged.option, ""),
                "rank": judged.rank,
                "grade": judged.majority_grade,
                "profile": list(judged.profile),
            }
            for judged in counted.ranking
        ]
    return result


# Closing


def close_decision(decision: Decision, *, outcome: DecisionOutcome | None = None) -> None:
    """Stop the vote and record its result, on the decision and on each need it concerns."""
    if decision.status == DecisionStatus.CLOSED:
        return
    counted = count_decision(decision)
    decision.status = DecisionStatus.CLOSED
    decision.closed_at = utcnow()
    decision.outcome = outcome or counted.outcome(decision.method)
    decision.result = snapshot(decision, counted)
    record(
        DECISION_CLOSED,
        decision,
        group_id=decision.group_id,
        outcome=str(decision.outcome),
        result=decision.result,
    )
    tell_needs(decision)
    if decision.online:
        messages.closed(decision, chosen_option(decision))
    decision_closed.send(decision)
    _commit(decision)


def chosen_option(decision: Decision) -> str | None:
    """The label of the option a decision chose, when it chose one."""
    if decision.outcome != DecisionOutcome.CHOSEN:
        return None
    first = [ranked for ranked in (decision.result or {}).get("ranking", []) if ranked["rank"] == 1]
    return first[0]["label"] if len(first) == 1 else None


def tell_needs(decision: Decision, **more) -> None:
    """Add the decision's outcome to the trace of each need it concerns, and tell the
    need's followers (once per decision and outcome: a recount that changes it tells again).

    The trace says which option was chosen (`option`): a resident reads what was decided
    without opening the decision. Older events have no `option`; their sentence says less.
    """
    for need in decision.needs:
        need_messages.decided(
            need, decision, chosen_option(decision), corrected=more.get("corrected", False)
        )
        record(
            NEED_DECIDED,
            need,
            group_id=decision.group_id,
            decision_id=decision.id,
            question=decision.question,
            outcome=str(decision.outcome),
            option=chosen_option(decision),
            public=decision.public,
            **more,
        )


def due_for_closing(now: datetime) -> list[Decision]:
    """Online decisions whose period is over but whose result is not recorded yet."""
    return list(
        db.session.scalars(
            db.select(Decision)
            .where(Decision.status == DecisionStatus.OPEN, Decision.closes_at <= now)
            .order_by(Decision.id)
        )
    )


def close_due(now: datetime | None = None) -> int:
    """Record the result of every decision whose period has ended (`assembly close-decisions`)."""
    due = due_for_closing(now or utcnow())
    for decision in due:
        close_decision(decision)
    return len(due)

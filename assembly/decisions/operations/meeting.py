"""What only a decision at a meeting does: counted hands, consent rounds, live views.

Hands are a tally the facilitator reads off the room, not anyone's vote, so their
numbers go into the journal; a correction after closing is its own event with the
old and new numbers and the reason. Objections keep the objector's name (optional)
on the objection only; the journal carries ids.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.decisions import tally
from assembly.decisions.events import (
    DECISION_CORRECTED,
    DECISION_HANDS,
    DECISION_OBJECTION,
    DECISION_RESOLVED,
)
from assembly.decisions.models import (
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Method,
    Objection,
)
from assembly.decisions.operations import core, voting
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Attendance, Meeting
from assembly.meetings.operations.live import attendance_struck
from assembly.trace.operations import record

FOLLOW_UP_METHODS = (Method.BALLOT, Method.HANDS)


class Refused(ValueError):
    """Raised when a decision is not in a state that allows the action (`args[0]` says why)."""


# Reading: what the conduct page, the phones and the projector show


def decisions_of_item(item: AgendaItem | None) -> list[Decision]:
    """The decisions prepared on an agenda item, oldest first."""
    if item is None:
        return []
    query = db.select(Decision).filter_by(item_id=item.id).order_by(Decision.id)
    return list(db.session.scalars(query))


def decisions_of_items(items: list[AgendaItem]) -> list[Decision]:
    """The decisions prepared on any of `items`, oldest first."""
    if not items:
        return []
    ids = [item.id for item in items]
    query = db.select(Decision).where(Decision.item_id.in_(ids)).order_by(Decision.id)
    return list(db.session.scalars(query))


def open_decisions(meeting: Meeting) -> list[Decision]:
    """The meeting's decisions taking votes or objections now, oldest first."""
    query = db.select(Decision).where(_open_at(meeting)).order_by(Decision.id)
    return list(db.session.scalars(query))


def blocks_end(meeting: Meeting) -> str | None:
    """Why the meeting cannot end yet: a vote or a consent round still open (or None)."""
    still_open = open_decisions(meeting)
    if not still_open:
        return None
    return _(
        "A vote is still open (%(question)s): close it before ending the meeting.",
        question=still_open[0].question,
    )


def recorded_tally(decision: Decision) -> core.Tally:
    """The result as written at closing (or corrected since), read back from the decision."""
    result = decision.result or {}
    count = None
    if "yes" in result:
        count = tally.Count(result["yes"], result["no"], result["abstain"])
    ranking = tuple(
        tally.Judged(
            option=row["option"],
            rank=row["rank"],
            majority_grade=row["grade"],
            profile=tuple(row["profile"]),
            value=(),
        )
        for row in result.get("ranking", ())
    )
    return core.Tally(
        ballots=result.get("ballots", 0),
        count=count,
        ranking=ranking,
        unresolved=result.get("unresolved", 0),
        objections=result.get("objections", 0),
        # hands keep the count the facilitator typed on the decision (`present`)
        present=result.get("present") if decision.method in core.PHONE_METHODS else None,
    )


def standing(decision: Decision) -> core.Tally:
    """Where a decision stands: its recorded result once closed, else the count so far."""
    if decision.status == DecisionStatus.CLOSED and decision.result is not None:
        return recorded_tally(decision)
    return core.count_decision(decision)


@dataclass
class Shown:
    """A decision as a live view shows it, with where it stands and, on a phone, my vote."""

    decision: Decision
    tally: core.Tally | None  # not counted for a phone, which shows no numbers while open
    voted: bool = False


@dataclass
class LiveDecisions:
    """What phones and the projector show: the open decisions, then the latest result."""

    open: list[Shown] = field(default_factory=list)
    closed: Shown | None = None  # the latest decision of the current item, once closed


def live_decisions(meeting: Meeting, attendance: Attendance | None = None) -> LiveDecisions:
    """The open decisions of `meeting` and the latest closed one of its current item.

    With `attendance` (a phone), each open decision says whether this person voted
    instead of how many did: every phone re-renders after each vote, so it stays cheap.
    """
    shown = LiveDecisions()
    opened = open_decisions(meeting)
    if attendance is None:
        shown.open = [Shown(decision, core.count_decision(decision)) for decision in opened]
    elif opened:
        voted = set(db.session.scalars(voting.decisions_voted_by(attendance, _open_at(meeting))))
        shown.open = [Shown(decision, None, decision.id in voted) for decision in opened]
    latest = next(reversed(decisions_of_item(meeting.current_item)), None)
    if latest is not None and latest.status == DecisionStatus.CLOSED:
        shown.closed = Shown(latest, standing(latest))
    return shown


def ballots_marker(meeting: Meeting) -> str:
    """What ballots change on the projector, for its ETag: how many are in (a ballot does
    not touch the meeting, so 200 phones do not all fetch their page again each time one
    of them votes; a phone shows only whether its person voted, and a vote touches that
    phone alone: `voting.cast_ballot`)."""
    query = db.select(db.func.count(Ballot.id)).join(Decision).where(_open_at(meeting))
    return str(db.session.scalar(query))


def _open_at(meeting: Meeting):
    """The SQL condition of `open_decisions`."""
    return (Decision.meeting_id == meeting.id) & (Decision.status == DecisionStatus.OPEN)


# A struck attendance's named ballots leave the votes still open (meetings sends it).
attendance_struck.connect(voting.drop_named_ballots)


# Preparing


def prepare_on_item(
    group: Group, item: AgendaItem, *, by: User | None, start: bool = False, **chosen
) -> Decision:
    """Prepare a decision on an agenda item; with `start`, open it at once (a question put
    to the room now, a show of hands for instance). The caller checks the meeting is on."""
    decision = core.create_decision(group, item=item, by=by, **chosen)
    if start:
        core.open_decision(decision)
    return decision


# Counted hands


@dataclass(frozen=True)
class Hands:
    """What the facilitator counted in the room."""

    yes: int
    no: int
    abstain: int
    present: int | None = None

    def as_dict(self) -> dict:
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain, "present": self.present}


def hands_of(decision: Decision) -> Hands:
    return Hands(
        decision.hands_for or 0,
        decision.hands_against or 0,
        decision.hands_abstain or 0,
        decision.present,
    )


def enter_hands(decision: Decision, hands: Hands, *, reason: str = "") -> None:
    """Write the counted hands; after closing, a correction that updates the result.

    A correction needs a reason and is journaled with the old and new numbers, so a
    result is never changed silently. Raises Refused for another method, a count
    below zero or above the people present, or a correction without a reason. (The
    form says the same next to its fields; this is where the rule holds.)
    """
    if decision.method != Method.HANDS:
        raise Refused("not hands")
    cast = hands.yes + hands.no + hands.abstain
    if min(hands.yes, hands.no, hands.abstain, hands.present or 0) < 0:
        raise Refused("negative")
    if hands.present is not None and cast > hands.present:
        raise Refused("present")
    closed = decision.status == DecisionStatus.CLOSED
    if closed and not reason.strip():
        raise Refused("reason")
    before, old_outcome = hands_of(decision), decision.outcome
    decision.hands_for, decision.hands_against = hands.yes, hands.no
    decision.hands_abstain, decision.present = hands.abstain, hands.present
    if not closed:
        record(DECISION_HANDS, decision, group_id=decision.group_id, **hands.as_dict())
        core._commit(decision)
        return
    counted = core.count_decision(decision)
    decision.result = core.snapshot(decision, counted)
    decision.outcome = counted.outcome(decision.method)
    record(
        DECISION_CORRECTED,
        decision,
        group_id=decision.group_id,
        old=before.as_dict(),
        new=hands.as_dict(),
        reason=reason.strip(),
        old_outcome=str(old_outcome) if old_outcome else None,
        outcome=str(decision.outcome),
        result=decision.result,
    )
    if decision.outcome != old_outcome:  # what the needs' trace says was decided changed
        core.tell_needs(decision, corrected=True)
    core._commit(decision)


def count_and_close(decision: Decision, hands: Hands) -> None:
    """The hands counted and the vote closed in one step, from the conduct page.

    Raises Refused as `enter_hands` does, or NotOpen when the vote is not open.
    """
    if decision.status != DecisionStatus.OPEN:
        raise core.NotOpen(decision.id)
    enter_hands(decision, hands)
    core.close_decision(decision)


# Consent rounds


def _consent_open(decision: Decision) -> None:
    if decision.method != Method.CONSENT:
        raise Refused("not consent")
    if decision.status != DecisionStatus.OPEN:
        raise core.NotOpen(decision.id)


def raise_objection(decision: Decision, *, reason: str, name: str = "") -> Objection:
    """Note an objection in an open consent round. Raises Refused or NotOpen."""
    _consent_open(decision)
    objection = Objection(name=name.strip(), reason=reason.strip())
    decision.objections.append(objection)
    record(DECISION_OBJECTION, decision, group_id=decision.group_id)
    core._commit(decision)
    return objection


def load_objection(decision: Decision, objection_id: int) -> Objection | None:
    objection = db.session.get(Objection, objection_id)
    return objection if objection is not None and objection.decision_id == decision.id else None


def resolve_objection(decision: Decision, objection: Objection, resolution: str) -> None:
    """Say how an objection was met (the proposal amended, the objector reassured…)."""
    _consent_open(decision)
    objection.resolution = resolution.strip()
    objection.resolved_at = utcnow()
    record(DECISION_RESOLVED, decision, group_id=decision.group_id, objection=objection.id)
    core._commit(decision)


def send_to_vote(decision: Decision, method: Method, *, by: User | None) -> Decision:
    """End a consent round with "sent to a vote" and prepare that vote on the same item.

    The follow-up is a draft with the same question and proposal, opened when the
    facilitator is ready. Raises Refused or NotOpen.
    """
    _consent_open(decision)
    if method not in FOLLOW_UP_METHODS:
        raise Refused("method")
    core.close_decision(decision, outcome=DecisionOutcome.TO_VOTE)
    return core.create_decision(
        db.session.get(Group, decision.group_id),
        question=decision.question,
        proposal=decision.proposal,
        method=method,
        by=by,
        voters=decision.voters,
        secret=decision.secret and method == Method.BALLOT,
        public=decision.public,
        meeting=db.session.get(Meeting, decision.meeting_id),
        item=db.session.get(AgendaItem, decision.item_id) if decision.item_id else None,
        needs=list(decision.needs),
        follows=decision,
    )

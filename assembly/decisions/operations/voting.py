"""Voting: the roll and the ballot box, kept apart as a paper election keeps them.

The roll (`voting_roll`) says who has voted, for every decision, so that nobody votes
twice. A named ballot says who cast it and when; a secret ballot says neither, has a
random id, and is changed only with the token its voter's phone holds (the ballot
keeps its SHA-256, `change_key`): nobody holding the database and the secret key can
tell whose it is. In a vote of those present, the electorate is who had joined the
meeting when the vote opened, less the duplicates the team struck. Votes write no
journal event.
"""

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from assembly.clock import utcnow
from assembly.database import hold
from assembly.decisions.models import (
    Ballot,
    BallotGrade,
    Choice,
    Decision,
    DecisionStatus,
    Method,
    Voters,
    random_ballot_id,
    voting_roll,
)
from assembly.decisions.operations.core import NotOpen
from assembly.extensions import db
from assembly.meetings.models import Attendance
from assembly.meetings.operations.live import touch_phone


class NotInElectorate(ValueError):
    """Raised when an attendance may not vote in a vote of those present: it joined after
    the vote opened, or the team struck it as a duplicate."""


class AlreadyVoted(ValueError):
    """Raised when someone on the roll of a secret vote sends a ballot without the token
    of the phone they voted from: their ballot cannot be found, and a second is refused."""


def roll_name(*, user_id: int | None = None, attendance_id: int | None = None) -> str:
    """Who votes, as the roll (and a named ballot) writes it: ``u:<id>`` or ``a:<id>``."""
    return f"u:{user_id}" if user_id is not None else f"a:{attendance_id}"


def has_voted(decision: Decision, voter: str) -> bool:
    """Whether `voter` (a `roll_name`) is on the decision's roll."""
    query = db.select(voting_roll.c.voter).where(
        voting_roll.c.decision_id == decision.id, voting_roll.c.voter == voter
    )
    return db.session.scalar(query) is not None


def decisions_voted_by(attendance: Attendance, where):
    """A statement: the ids of the decisions matching `where` whose roll holds the person
    behind this phone, as present in a vote of those present, as a member in a vote of
    members (a phone joined without an account is on no members' roll)."""
    as_member = None if attendance.user_id is None else roll_name(user_id=attendance.user_id)
    voter = db.case(
        (Decision.voters == Voters.PRESENT, roll_name(attendance_id=attendance.id)),
        else_=as_member,
    )
    on_roll = (voting_roll.c.decision_id == Decision.id) & (voting_roll.c.voter == voter)
    return db.select(Decision.id).join(voting_roll, on_roll).where(where)


def enroll(decision: Decision, voter: str) -> None:
    """Put `voter` on the decision's roll; for a secret vote, write the whole roll again.

    Rewritten in key order rather than appended, no row of a secret vote's roll carries
    when it was added (its place in the table, or on PostgreSQL its transaction, which
    every row then shares). A named ballot says who and when anyway: its roll is appended.
    """
    if not decision.secret:
        db.session.execute(db.insert(voting_roll).values(decision_id=decision.id, voter=voter))
        return
    where = voting_roll.c.decision_id == decision.id
    voters = set(db.session.scalars(db.select(voting_roll.c.voter).where(where))) | {voter}
    db.session.execute(db.delete(voting_roll).where(where))
    db.session.execute(
        db.insert(voting_roll), [{"decision_id": decision.id, "voter": v} for v in sorted(voters)]
    )


def token_key(token: str) -> str:
    """What a secret ballot keeps of its phone's token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def ballot_of(decision: Decision, voter: str, token: str | None = None) -> Ballot | None:
    """The ballot `voter` may see and change: a named one by its voter; a secret one only
    with the token the phone that cast it holds (and only while `voter` is on the roll)."""
    if not decision.secret:
        return db.session.scalar(db.select(Ballot).filter_by(decision_id=decision.id, voter=voter))
    if not token or not has_voted(decision, voter):
        return None
    query = db.select(Ballot).filter_by(decision_id=decision.id, change_key=token_key(token))
    return db.session.scalar(query)


def electorate_problem(decision: Decision, attendance: Attendance) -> str | None:
    """Why this attendance may not vote in `decision`, a vote of those present: "late" (it
    joined after the vote opened), "struck" (a duplicate the team struck); None if it may."""
    if decision.voters != Voters.PRESENT or decision.meeting_id is None:
        return None
    if attendance.struck_at is not None:
        return "struck"
    if not attendance.may_vote_since(decision.opened_at):
        return "late"
    return None


def _unused_ballot_id() -> int:
    """A random ballot id nobody has (see `models.random_ballot_id`)."""
    while db.session.get(Ballot, candidate := random_ballot_id()) is not None:
        pass
    return candidate


@dataclass(frozen=True)
class Cast:
    """A ballot just cast, and for a new secret one the token its phone must keep."""

    ballot: Ballot
    token: str | None = None


def cast_ballot(
    decision: Decision,
    *,
    user_id: int | None = None,
    attendance_id: int | None = None,
    name: str = "",
    choice: Choice | None = None,
    grades: Mapping[int, int] | None = None,
    token: str | None = None,
    now: datetime | None = None,
) -> Cast:
    """Record or change one person's vote: a choice (ballot) or a grade per option (judgment).

    Raises NotOpen outside the voting period, NotInElectorate for an attendance that
    may not vote in a vote of those present, AlreadyVoted for a secret ballot sent
    again without the `token` of the phone that cast the first. A named ballot keeps
    who and when; a secret one neither (see `Ballot`): the returned `Cast.token` is
    what the voter's phone keeps to change it.
    """
    if not decision.open_at(now or utcnow()):
        raise NotOpen(decision.id)
    if attendance_id is not None and user_id is None:
        attendance = db.session.get(Attendance, attendance_id)
        if attendance is None or electorate_problem(decision, attendance):
            raise NotInElectorate(decision.id)
    hold(Decision, decision.id)  # a double tap changes the first ballot instead of adding a second
    voter = roll_name(user_id=user_id, attendance_id=attendance_id)
    ballot, new_token = ballot_of(decision, voter, token), None
    if ballot is None:
        if has_voted(decision, voter):  # a secret ballot, from another phone
            raise AlreadyVoted(decision.id)
        ballot = Ballot(id=_unused_ballot_id(), decision_id=decision.id)
        if decision.secret:
            new_token = secrets.token_urlsafe(16)
            ballot.change_key = token_key(new_token)
        else:
            ballot.voter, ballot.name = voter, name
            ballot.user_id, ballot.attendance_id = user_id, attendance_id
        db.session.add(ballot)
        enroll(decision, voter)
        if decision.meeting_id is not None:  # a phone there shows that its person voted
            touch_phone(decision.meeting_id, user_id=user_id, attendance_id=attendance_id)
    if not decision.secret:
        ballot.cast_at = utcnow()
    if decision.method == Method.JUDGMENT:
        ballot.grades = [
            BallotGrade(option_id=option.id, grade=int(grades[option.id]))
            for option in decision.options
            if grades and option.id in grades
        ]
    else:
        ballot.choice = choice
    # Not a live change of the meeting: the projector's ETag counts ballots
    # (meeting.ballots_marker) and the voter's phone was touched, so the other phones
    # keep getting 304s.
    db.session.commit()
    return Cast(ballot, new_token)


def drop_named_ballots(attendance: Attendance) -> None:
    """Take a struck attendance's named ballots (and its place on the roll) out of the
    votes still open. Its secret ballots cannot be told from the others: they stay."""
    still_open = db.select(Decision.id).where(
        Decision.meeting_id == attendance.meeting_id, Decision.status == DecisionStatus.OPEN
    )
    voter = roll_name(attendance_id=attendance.id)
    named = db.session.scalars(
        db.select(Ballot).where(Ballot.decision_id.in_(still_open), Ballot.voter == voter)
    )
    for ballot in named:
        db.session.execute(
            db.delete(voting_roll).where(
                voting_roll.c.decision_id == ballot.decision_id, voting_roll.c.voter == voter
            )
        )
        db.session.delete(ballot)

"""Decisions, their options, ballots and grades, consent objections and online arguments.

Who has voted and what was voted are kept apart, as at a polling station: the roll
(`voting_roll`) says who has voted, the ballot box (`ballots`) what; for a secret
vote nothing links one to the other (see `Ballot`).
"""

import secrets
from datetime import datetime
from enum import IntEnum, StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import MembersUnlessPublic
from assembly.needs.models import Need
from assembly.web.languages import Written
from assembly.web.personal_data import Erase, Keep, Kept, Refers, declare


class Method(Labelled, StrEnum):
    __labels__ = {
        "hands": _l("Show of hands"),
        "ballot": _l("Ballot: yes, no, abstain"),
        "consent": _l("Consent round"),
        "judgment": _l("Majority judgment"),
    }

    HANDS = "hands"  # counted hands, entered by the facilitator
    BALLOT = "ballot"  # yes / no / abstain from phones
    CONSENT = "consent"  # sociocratic consent round
    JUDGMENT = "judgment"  # majority judgment


class Voters(Labelled, StrEnum):
    __labels__ = {
        "present": _l("The people present at the meeting, from their phone (with the code)"),
        "members": _l("The group's members, signed in with their account"),
    }

    PRESENT = "present"  # those signed in at the meeting
    MEMBERS = "members"  # the group's members with an account


class DecisionStatus(Labelled, StrEnum):
    __labels__ = {
        "draft": _l("Prepared, not open yet"),
        "open": _l("Open"),
        "closed": _l("Closed"),
    }

    DRAFT = "draft"  # prepared, not open yet
    OPEN = "open"
    CLOSED = "closed"


class DecisionOutcome(Labelled, StrEnum):
    __labels__ = {
        "adopted": _l("Adopted"),
        "rejected": _l("Rejected"),
        "chosen": _l("Option chosen"),
        "tied": _l("Tied: nothing decided"),
        "to_vote": _l("Sent to a vote"),
        "void": _l("Nobody voted"),
    }

    ADOPTED = "adopted"
    REJECTED = "rejected"
    CHOSEN = "chosen"  # majority judgment: one option ranks first
    TIED = "tied"  # as many yes as no, or options tied for first
    TO_VOTE = "to_vote"  # a consent round the facilitator sent to a vote
    VOID = "void"  # nobody voted


class Choice(Labelled, StrEnum):
    __labels__ = {"yes": _l("Yes"), "no": _l("No"), "abstain": _l("Abstain")}

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Grade(Labelled, IntEnum):
    """The mention scale of majority judgment, best last (see decisions/tally.py)."""

    __labels__ = {
        5: _l("Very good"),
        4: _l("Good"),
        3: _l("Fair"),
        2: _l("Passable"),
        1: _l("Insufficient"),
        0: _l("To reject"),
    }

    REJECT = 0
    INSUFFICIENT = 1
    PASSABLE = 2
    FAIR = 3
    GOOD = 4
    VERY_GOOD = 5


class Side(Labelled, StrEnum):
    __labels__ = {"for": _l("For"), "against": _l("Against")}

    FOR = "for"
    AGAINST = "against"


decision_needs = Table(
    "decision_needs",
    db.metadata,
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class Decision(MembersUnlessPublic, db.Model):
    """A question put to a meeting (on one agenda item) or to the members online.

    The result is written once, when the decision closes (`result`, `outcome`); a
    correction of counted hands is a new journal event, never a silent change. Who
    sees it: `visible_to` (members, unless it and its meeting are public); those who
    joined a members-only meeting with its code also reach its ballots
    (`decisions.views.meeting.load_for_ballot`).
    """

    __tablename__ = "decisions"
    visibility_parent = "meeting"  # members only whenever its meeting is

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(String(300))
    proposal: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[Method] = mapped_column(enum_text(Method, 16))
    voters: Mapped[Voters] = mapped_column(enum_text(Voters, 16), default=Voters.PRESENT)
    secret: Mapped[bool] = mapped_column(default=False)
    public: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DecisionStatus] = mapped_column(
        enum_text(DecisionStatus, 16), default=DecisionStatus.DRAFT
    )
    # Online decisions open and close on their own at these times (naive UTC).
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Counted hands, entered by the facilitator.
    hands_for: Mapped[int | None]
    hands_against: Mapped[int | None]
    hands_abstain: Mapped[int | None]
    present: Mapped[int | None]
    result: Mapped[dict | None] = mapped_column(JSON)  # the tally as it stood at closing
    outcome: Mapped[DecisionOutcome | None] = mapped_column(enum_text(DecisionOutcome, 16))
    follows_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="SET NULL")
    )  # the consent round this vote follows
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    options: Mapped[list["Option"]] = relationship(
        back_populates="decision", order_by="Option.position", cascade="all, delete-orphan"
    )
    objections: Mapped[list["Objection"]] = relationship(
        order_by="Objection.id", cascade="all, delete-orphan"
    )
    arguments: Mapped[list["Argument"]] = relationship(
        order_by="Argument.id", cascade="all, delete-orphan"
    )
    needs: Mapped[list[Need]] = relationship(secondary=decision_needs)
    meeting: Mapped["Meeting | None"] = relationship()  # noqa: F821 (meetings.models)

    def __repr__(self) -> str:
        return f"<Decision {self.id} {self.method} {self.question[:30]}>"

    @property
    def online(self) -> bool:
        return self.meeting_id is None

    def over_at(self, now: datetime) -> bool:
        """Whether the vote is over: closed, or an online period that has ended.

        Once over, ballots cannot change, so the result can be shown before
        `assembly close-decisions` records it.
        """
        if self.status == DecisionStatus.CLOSED:
            return True
        return (
            self.status == DecisionStatus.OPEN
            and self.closes_at is not None
            and now >= self.closes_at
        )

    def open_at(self, now: datetime) -> bool:
        """Whether ballots are taken at `now`: opened by hand, or inside its period."""
        if self.status != DecisionStatus.OPEN:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class Option(db.Model):
    """One of the choices graded in a majority judgment."""

    __tablename__ = "decision_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))

    decision: Mapped[Decision] = relationship(back_populates="options")


# The roll: who has voted in a decision (``u:<user id>`` or ``a:<attendance id>``), to
# refuse a second ballot. No id, no time, and on SQLite no rowid (the rows are stored
# in key order): nothing in it says in which order people voted. Casting a secret
# ballot writes the decision's roll again in key order (`voting.enroll`), so on
# PostgreSQL too every row of it carries the same transaction, that of the last voter.
voting_roll = Table(
    "voting_roll",
    db.metadata,
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("voter", String(64), primary_key=True),
    sqlite_with_rowid=False,
)

BALLOT_IDS = 2**31 - 1  # ballot ids are drawn at random in 1..BALLOT_IDS (an INTEGER)


def random_ballot_id() -> int:
    """A ballot's id: drawn at random, so that ids (and SQLite's row order) say nothing
    of the order ballots were cast in. `voting.cast_ballot` draws one not taken."""
    return secrets.randbelow(BALLOT_IDS) + 1


class Ballot(db.Model):
    """One vote, changeable until the decision closes.

    A named vote says who cast it: `voter` (``u:<user id>`` or ``a:<attendance id>``),
    `user_id` or `attendance_id`, `name`, and when (`cast_at`). A secret ballot says
    none of it: no voter, no time, a random id; only `change_key`, the SHA-256 of a
    random token that the voter's phone alone keeps (in its session cookie), lets the
    voter change it. That the voter has voted is on the roll (`voting_roll`), which
    does not say which ballot is theirs.
    """

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("decision_id", "voter"),
        UniqueConstraint("decision_id", "change_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=random_ballot_id)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    voter: Mapped[str | None] = mapped_column(String(64))  # named votes only
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendances.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(80), default="")
    choice: Mapped[Choice | None] = mapped_column(enum_text(Choice, 8))
    cast_at: Mapped[datetime | None]  # named votes only
    change_key: Mapped[str | None] = mapped_column(String(64))  # secret ballots only

    grades: Mapped[list["BallotGrade"]] = relationship(cascade="all, delete-orphan")


class BallotGrade(db.Model):
    """The grade one ballot gives one option (stored in key order on SQLite: no rowid)."""

    __tablename__ = "ballot_grades"
    __table_args__ = {"sqlite_with_rowid": False}

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("decision_options.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[int] = mapped_column(SmallInteger)  # a Grade


class Objection(db.Model):
    """An objection raised in a consent round, its reason and how it was resolved."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80), default="")
    reason: Mapped[str] = mapped_column(Text)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Argument(Written, db.Model):
    """An argument "pour" or "contre" posted by a member on an online decision, in the
    language she wrote it in."""

    __tablename__ = "arguments"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    side: Mapped[Side] = mapped_column(enum_text(Side, 8))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @staticmethod
    def read_by(viewer) -> bool:
        """Who reads arguments: the group's members (each is signed with its author's name).

        The decision page and the report's lexical analysis both ask here."""
        return viewer.is_member


declare(
    "decisions",
    _l("Votes"),
    Kept(
        what=_l(
            "Who has voted in each vote (the roll), and the ballots. A secret ballot holds only "
            "the answer: nothing says whose it is or when it was cast, and only the phone it was "
            "cast from can change it. A named ballot holds the name, the answer and the time."
        ),
        why=_l(
            "To count the votes, to let each person vote only once, and for a named vote to "
            "show who voted what."
        ),
        how_long=_l("As long as the group keeps the decision."),
        seen_by=_l(
            "Who has voted: nobody, only how many. A secret ballot: nobody. A named vote: the "
            "members of the group, once it is closed. A day before an online vote closes, the "
            "members who have not voted yet get a reminder: the organizers see to whom it went "
            "in the group's messages."
        ),
        columns=(
            "voting_roll.voter",
            "ballots.voter",
            "ballots.user_id",
            "ballots.attendance_id",
            "ballots.name",
            "ballots.choice",
            "ballots.cast_at",
            "ballot_grades.grade",
        ),
    ),
    Kept(
        what=_l(
            "Objections in a consent round (a name and the reason) and arguments written online "
            "(with the account's name)."
        ),
        why=_l("So that the proposal can be improved and the decision understood afterwards."),
        how_long=_l("As long as the group keeps the decision."),
        seen_by=_l("Whoever may see the decision: the members, or anyone when it is public."),
        columns=("objections.name", "objections.reason", "arguments.user_id", "arguments.body"),
    ),
    refers=(
        # A named ballot, erased, still counts: no name, no voter. (Secret ones name nobody.)
        Refers(
            "ballots",
            by=("user_id", "attendance_id"),
            erase=Keep(voter=Erase.NULL, name=Erase.NEUTRAL),
            withheld=("change_key",),
        ),
        Refers("arguments", by=("user_id",), erase=Keep()),
        Refers("decisions", by=("created_by_id",), acted=True, shows=("question", "created_at")),
    ),
)

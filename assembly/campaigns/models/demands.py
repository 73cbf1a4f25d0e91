"""What the group asks of a target, what the target answered or said when met, and what it
promised: commitments, held to their date."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, and_, case, func, literal, type_coerce
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.campaigns.models.strategy import Target
from assembly.enums import Labelled, enum_text
from assembly.extensions import db


class SentHow(Labelled, StrEnum):
    __labels__ = {
        "letter": _l("letter"),
        "delegation": _l("delegation"),
        "email": _l("e-mail"),
        "other": _l("other"),
    }

    LETTER = "letter"
    DELEGATION = "delegation"
    EMAIL = "email"
    OTHER = "other"


class ExchangeKind(Labelled, StrEnum):
    __labels__ = {"answer": _l("answer"), "meeting": _l("meeting with the target")}

    ANSWER = "answer"  # the target wrote or called back
    MEETING = "meeting"  # the group met the target: who went, what was said


class CommitmentState(Labelled, StrEnum):
    """A promise's state: pending until its date, then late by itself; kept or broken by
    the team's word."""

    __labels__ = {
        "pending": _l("pending"),
        "kept": _l("kept"),
        "late": _l("late"),
        "broken": _l("broken"),
    }

    PENDING = "pending"
    KEPT = "kept"
    LATE = "late"
    BROKEN = "broken"

    @property
    def settled(self) -> bool:
        """The team said how it ended: kept or broken (time changes it no more)."""
        return self in (CommitmentState.KEPT, CommitmentState.BROKEN)


# The states the team sets by hand; LATE is time's (and back to PENDING undoes a mistake).
MARKED_BY_HAND = (CommitmentState.KEPT, CommitmentState.BROKEN, CommitmentState.PENDING)


class Demand(db.Model):
    """What is asked, of which target, when and how it was sent, and the letter itself."""

    __tablename__ = "campaign_demands"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_targets.id", ondelete="SET NULL")
    )
    what: Mapped[str] = mapped_column(Text)
    letter: Mapped[str] = mapped_column(Text, default="")
    sent_on: Mapped[date | None]
    sent_how: Mapped[SentHow | None] = mapped_column(enum_text(SentHow, 16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    target: Mapped[Target | None] = relationship()

    @property
    def sent(self) -> bool:
        return self.sent_on is not None


class Exchange(db.Model):
    """An answer from the target, or a meeting with it: when, who went, what was said."""

    __tablename__ = "campaign_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_targets.id", ondelete="SET NULL")
    )
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_demands.id", ondelete="SET NULL")
    )
    kind: Mapped[ExchangeKind] = mapped_column(enum_text(ExchangeKind, 16))
    happened_on: Mapped[date]
    who_went: Mapped[str] = mapped_column(String(300), default="")  # a meeting's delegation
    said: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    target: Mapped[Target | None] = relationship()


class Commitment(db.Model):
    """What a target promised, by when, in whose words. Pending turns late by itself once
    its date has passed (`campaigns.commitments`); each change is journaled."""

    __tablename__ = "campaign_commitments"
    __table_args__ = (Index("ix_campaign_commitments_due", "state", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_targets.id", ondelete="SET NULL")
    )
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_demands.id", ondelete="SET NULL")
    )
    exchange_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_exchanges.id", ondelete="SET NULL")
    )
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None]
    words: Mapped[str] = mapped_column(Text, default="")  # the promise as the target said it
    said_by: Mapped[str] = mapped_column(String(140), default="")  # whose words
    state: Mapped[CommitmentState] = mapped_column(
        enum_text(CommitmentState, 16), default=CommitmentState.PENDING
    )
    state_changed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    target: Mapped[Target | None] = relationship()
    demand: Mapped[Demand | None] = relationship()

    @hybrid_method
    def effective_state(self, today: date) -> CommitmentState:
        """The state every page shows on `today` (the group's local date): a pending
        promise whose date has passed is late, even before the sender's pass writes it
        (`campaigns.commitments`). On the class, the same rule in SQL, for queries:
        ``where(Commitment.effective_state(today) == CommitmentState.LATE)``."""
        overdue = self.due_on is not None and self.due_on < today
        return (
            CommitmentState.LATE
            if self.state == CommitmentState.PENDING and overdue
            else self.state
        )

    @effective_state.inplace.expression
    @classmethod
    def _effective_state_expression(cls, today: date):
        overdue = and_(cls.state == CommitmentState.PENDING, cls.due_on < today)
        late = literal(CommitmentState.LATE.value)
        return type_coerce(case((overdue, late), else_=cls.state), cls.__table__.c.state.type)

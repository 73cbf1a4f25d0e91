"""A campaign's petition, its signatures (online and typed from paper sheets) and the
batches of sheets the team typed in."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.campaigns.models.strategy import Target
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.people.models import Person


class SignedVia(Labelled, StrEnum):
    __labels__ = {"web": _l("online"), "paper": _l("paper sheet")}

    WEB = "web"
    PAPER = "paper"


class Review(Labelled, StrEnum):
    """A signature's check against the others: looks like another (flagged, counted until
    the team decides), the same person (not counted), or checked and distinct. Held: one
    of too many signed online from one connection in a day (a room on one hotspot, or a
    robot), not counted until the team counts it."""

    __labels__ = {
        "none": _l("not flagged"),
        "flagged": _l("to check: looks like another signature"),
        "duplicate": _l("same person as another signature: not counted"),
        "distinct": _l("checked: a different person"),
        "held": _l("to check: many signed from one connection that day; not counted yet"),
    }

    NONE = "none"
    FLAGGED = "flagged"
    DUPLICATE = "duplicate"
    DISTINCT = "distinct"
    HELD = "held"


# Not counted: the team found it repeats another, or it waits past an address's daily cap.
NOT_COUNTED = (Review.DUPLICATE, Review.HELD)


class Petition(db.Model):
    """A petition of a campaign to a target: open for signing between its dates."""

    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_targets.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(140))
    text: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime | None]  # signatures taken online since
    closed_at: Mapped[datetime | None]  # and no more after
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    target: Mapped[Target | None] = relationship()

    def open_at(self, now: datetime) -> bool:
        """Whether the petition takes signatures at `now`: opened, and not closed since."""
        return (
            self.opened_at is not None
            and self.opened_at <= now
            and (self.closed_at is None or self.closed_at > now)
        )


class SignatureBatch(db.Model):
    """Paper sheets typed in at one sitting, by one team member: journaled."""

    __tablename__ = "petition_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    sheet: Mapped[str] = mapped_column(String(60), default="")  # the sheets' own label
    typed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Signature(db.Model):
    """One signature: a name, a building or street, whether they live here, and (with their
    consent, in the contact book) a way to reach them.

    `name_key` and `place_key` are the normalised name and place the duplicate check and the
    counts per building compare; `address_key` is the HMAC of an online signer's address for
    the rate limit, erased after a day, as for needs' supports.
    """

    __tablename__ = "petition_signatures"
    __table_args__ = (
        # The counts per place and the petition's count read these alone, not the rows
        # (operations.counting: counts_by_place and tally; bench/petition_scale.py).
        Index(
            "ix_petition_signatures_counts",
            "petition_id",
            "place_key",
            "review",
            "lives_here",
            "place",
        ),
        Index("ix_petition_signatures_review", "petition_id", "review"),
        Index("ix_petition_signatures_name", "petition_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80), default="")
    place: Mapped[str] = mapped_column(String(140), default="")
    place_key: Mapped[str] = mapped_column(String(140), default="")
    lives_here: Mapped[bool | None]
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    via: Mapped[SignedVia] = mapped_column(enum_text(SignedVia, 8), default=SignedVia.WEB)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("petition_batches.id", ondelete="SET NULL")
    )
    address_key: Mapped[str | None] = mapped_column(String(64), index=True)
    review: Mapped[Review] = mapped_column(enum_text(Review, 16), default=Review.NONE)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("petition_signatures.id", ondelete="SET NULL")
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person | None] = relationship()

    @classmethod
    def counted(cls):
        """SQL: the signatures counted: all but those the team found to repeat another and
        those held past an address's daily cap (until the team counts them)."""
        return cls.review.not_in(NOT_COUNTED)

    @property
    def is_counted(self) -> bool:
        return self.review not in NOT_COUNTED

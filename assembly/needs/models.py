"""Needs, their supports, and the group's themes."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, case, func, true
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.people.followup import met_in
from assembly.people.models import ConsentPurpose, Person
from assembly.web.contact import shown_reach
from assembly.web.languages import Written
from assembly.web.personal_data import Erase, Keep, Kept, Purge, Refers, declare


class Channel(Labelled, StrEnum):
    """How a need or a support reached the group (kept for the evaluation)."""

    __labels__ = {
        "web": _l("website"),
        "door": _l("door-knocking"),
        "meeting": _l("meeting"),
        "paper": _l("paper form"),
        "phone": _l("phone call"),
    }

    WEB = "web"
    DOOR = "door"
    MEETING = "meeting"
    PAPER = "paper"
    PHONE = "phone"


class NeedStatus(Labelled, StrEnum):
    """Where a need stands, from voiced to resolved."""

    __labels__ = {
        "new": _l("new"),
        "acknowledged": _l("acknowledged"),
        "taken_up": _l("taken up"),
        "resolved": _l("resolved"),
        "declined": _l("declined"),
    }

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    TAKEN_UP = "taken_up"
    RESOLVED = "resolved"
    DECLINED = "declined"


class Moderation(Labelled, StrEnum):
    """Whether the public may see a need.

    MERGED settles a need that was grouped with another while it waited: it leaves
    the queue unpublished (its wording was never reviewed), and its page only says
    which need it joined.
    """

    __labels__ = {
        "pending": _l("waiting for approval"),
        "approved": _l("approved"),
        "rejected": _l("rejected"),
        "spam": _l("spam"),
        "merged": _l("grouped with another need before approval"),
    }

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"
    MERGED = "merged"


class Theme(db.Model):
    """One of the group's themes (logement, propreté, transports…)."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("group_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))

    def __repr__(self) -> str:
        return f"<Theme {self.name}>"


class NeedSettings(db.Model):
    """A group's choices about needs. No row means the defaults."""

    __tablename__ = "need_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    # True: needs from the public wait for an organizer's approval before anyone sees them.
    premoderation: Mapped[bool] = mapped_column(default=True)


@dataclass(frozen=True)
class SupportSplit:
    """How a need's supporters were gathered: what its page shows under the count."""

    members: int  # online, signed in with an account
    anonymous: int  # online, without an account
    offline: dict[Channel, int]  # counted by the team: meeting, door, paper, phone
    held: int  # online without an account, held for the team's review: not counted yet

    @property
    def total(self) -> int:
        """Everyone counted, held supports aside: equal to `Need.total_support`."""
        return self.members + self.anonymous + sum(self.offline.values())


class Need(Written, db.Model):
    """Something a resident lives with and wants changed, in her words and her language."""

    __tablename__ = "needs"
    __table_args__ = (
        UniqueConstraint("group_id", "number"),
        Index("ix_needs_listing", "group_id", "moderation", "id"),
        Index("ix_needs_support", "group_id", "moderation", "total_support"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    number: Mapped[int]  # public, per group: B-142
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(140), default="")
    # Title, text and place as French stems (needs/search.py keeps it, both engines index it).
    search_text: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[Channel] = mapped_column(enum_text(Channel, 16), default=Channel.WEB)
    status: Mapped[NeedStatus] = mapped_column(enum_text(NeedStatus, 16), default=NeedStatus.NEW)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    moderation: Mapped[Moderation] = mapped_column(
        enum_text(Moderation, 16), default=Moderation.PENDING
    )
    moderation_reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80), default="")  # as signed on this need
    # Who raised it, in the contact book; their phone or e-mail is theirs, under a consent
    # to hear about this need (ConsentPurpose.NEED_FOLLOWUP) that ends when it closes.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    # Distinct people who said "moi aussi" online, the author included; held ones aside.
    support_count: Mapped[int] = mapped_column(default=0)
    # People counted off-line ("12 people at the meeting share this").
    counted_support: Mapped[int] = mapped_column(default=0)
    # The two together, kept as a column so the list can sort on an index.
    total_support: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship()
    theme: Mapped[Theme | None] = relationship()
    merged_into: Mapped["Need | None"] = relationship(remote_side=[id])
    person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<Need {self.reference}>"

    @property
    def followed_up(self) -> bool:
        """Whether its author may still be told about it: open, and neither turned down
        nor grouped with another (their consent ran "until the need is closed")."""
        return not self.closed and self.moderation in (Moderation.PENDING, Moderation.APPROVED)

    @property
    def contact(self) -> str:
        """How to tell its author what becomes of it ("06 12 34 56 78 · awa@example.org"):
        nothing once it is closed, nor without the author's live consent for that."""
        if self.person is None or not self.followed_up:
            return ""
        return shown_reach(self.person.reach(ConsentPurpose.NEED_FOLLOWUP))

    @property
    def reference(self) -> str:
        """The short public number residents write down, e.g. B-142."""
        return f"B-{self.number}"

    @hybrid_property
    def public(self) -> bool:
        """Approved: anyone may read it, and it is listed (on the class: the SQL condition)."""
        return self.moderation == Moderation.APPROVED

    @classmethod
    def listable(cls):
        """The SQL condition for the needs that lists show to anyone: the public ones."""
        return cls.public

    @hybrid_method
    def shown_to(self, viewer: Viewer) -> bool:
        """Whether `viewer` may read the need's title and text wherever it appears.

        Anyone, once it is approved; until then (waiting, rejected, spam) the team
        only. Its author's own browser also sees a waiting need, on its page alone
        (`needs.views.public`). On the class, the same rule as an SQL condition.
        """
        return self.public or viewer.is_team

    @shown_to.inplace.expression
    @classmethod
    def _shown_to_expression(cls, viewer: Viewer):
        return true() if viewer.is_team else cls.listable()

    def found_by(self, viewer: Viewer) -> bool:
        """Whether the need exists at all for `viewer`: rejected needs and spam exist
        only for the team; a waiting one shows others its number and state."""
        return self.moderation not in (Moderation.REJECTED, Moderation.SPAM) or viewer.is_team

    @property
    def closed(self) -> bool:
        return (
            self.status in (NeedStatus.RESOLVED, NeedStatus.DECLINED)
            or self.merged_into_id is not None
        )

    @property
    def takes_supports(self) -> bool:
        """Whether people may say "moi aussi" here, or take it back: published and open."""
        return self.public and not self.closed

    def support_split(self) -> SupportSplit:
        """Its supporters by how they were gathered, read from the supports themselves."""

        def how_many(condition):
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        counted = Support.held.is_(False)
        members, anonymous, held = db.session.execute(
            db.select(
                how_many(counted & Support.user_id.is_not(None)),
                how_many(counted & Support.user_id.is_(None)),
                how_many(Support.held.is_(True)),
            ).where(Support.need_id == self.id)
        ).one()
        offline = dict(
            db.session.execute(
                db.select(CountedSupport.channel, func.sum(CountedSupport.count))
                .where(CountedSupport.need_id == self.id)
                .group_by(CountedSupport.channel)
            ).all()
        )
        return SupportSplit(
            members=members,
            anonymous=anonymous,
            offline={channel: offline[channel] for channel in Channel if offline.get(channel)},
            held=held,
        )


class Support(db.Model):
    """One person's "moi aussi": by account, or by an anonymous browser's key.

    A held one (too many from one address on one need in a day) is kept but not
    counted until the team counts it or discards it.
    """

    __tablename__ = "supports"
    __table_args__ = (
        UniqueConstraint("need_id", "user_id"),
        UniqueConstraint("need_id", "anonymous_key"),
        Index("ix_supports_held", "held", "need_id"),  # the team's few to review, found fast
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # SHA-256 of the random token in the visitor's signed cookie; never the address.
    anonymous_key: Mapped[str | None] = mapped_column(String(64))
    # Anonymous supports only: HMAC of the sender's address (web.visitor.address_key), which
    # the per-address cap counts; erased after a day, or when the team reviews it.
    address_key: Mapped[str | None] = mapped_column(String(64), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    held: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[Channel] = mapped_column(enum_text(Channel, 16), default=Channel.WEB)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CountedSupport(db.Model):
    """People counted off-line as sharing a need, e.g. hands raised at a meeting."""

    __tablename__ = "counted_supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    count: Mapped[int]
    channel: Mapped[Channel] = mapped_column(enum_text(Channel, 16))
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


def _address_keys_due(now: datetime):
    """SQL: supports whose address key has served its day (`assembly purge` erases it)."""
    from assembly.needs.held import ADDRESS_WINDOW  # held.py imports this module

    return Support.created_at <= now - ADDRESS_WINDOW


declare(
    "needs",
    _l("Needs"),
    Kept(
        what=_l(
            "Who raised a need: the name they signed it with, if they gave one, and the person "
            "in the group's contact book it is linked to."
        ),
        why=_l("So that the team knows who raised it."),
        how_long=_l(
            "As long as the group keeps the need. When the person is erased (at their request, "
            "or after the group's retention period without contact), the need stays without "
            "the name."
        ),
        seen_by=_l("The group's team (facilitators, organizers, administrators)."),
        columns=("needs.author_name", "needs.person_id"),
    ),
    Kept(
        what=_l(
            "The contact (phone or e-mail) someone leaves with a need, with their agreement: it "
            "is kept in the group's contact book, with the words they agreed to."
        ),
        why=_l("So that the team can tell them what becomes of it."),
        how_long=_l(
            "Shown with the need only while it is open. Once it is closed (resolved or "
            "declined), grouped with another or not published, the agreement ends (when a "
            "message tells them so, once it has gone, within three days), unless another of "
            "their needs is still open; the daily clean-up then erases the contact, unless the "
            "person agreed to another use."
        ),
        seen_by=_l("The group's team (facilitators, organizers, administrators)."),
    ),
    Kept(
        what=_l(
            'Who said "me too": the account and its person in the group\'s contact book, or for '
            "a visitor without one a random number kept in their browser, never the internet "
            "address."
        ),
        why=_l("So that each person counts once."),
        how_long=_l("As long as the group keeps the need."),
        seen_by=_l(
            "Only the count is shown; the organizers see a member's \"me too\" in the group's "
            "contact book."
        ),
        columns=("supports.user_id", "supports.person_id", "supports.anonymous_key"),
    ),
    Kept(
        what=_l(
            'For a "me too" without an account, the internet address it came from, scrambled '
            "with the site's secret key so that nobody can read it back: the address itself is "
            "never kept."
        ),
        why=_l(
            "So that one connection cannot inflate a count: past a few a day on one need, its "
            '"me too" wait for the team to check them.'
        ),
        how_long=_l("Erased after a day, or as soon as the team has checked the support."),
        seen_by=_l("Nobody: the site only compares it with the others of the day."),
        columns=("supports.address_key",),
    ),
    refers=(
        Refers("needs", by=("person_id", "author_id"), erase=Keep(author_name=Erase.BLANK)),
        # Erased, a "me too" still counts, and no browser can take it back any more.
        Refers(
            "supports",
            by=("person_id", "user_id"),
            erase=Keep(anonymous_key=Erase.NULL, address_key=Erase.NULL),
            withheld=("anonymous_key", "address_key"),
        ),
        Refers("counted_supports", by=("recorded_by_id",), acted=True, shows=("need_id", "count")),
    ),
    purge=(
        Purge(
            "supports",
            "address keys of supports",
            due=_address_keys_due,
            erase=Keep(address_key=Erase.NULL),
        ),
    ),
)

# Each need voiced and each "me too" is a time the group met its person (people's follow-up).
met_in(Need.person_id, Need.created_at)
met_in(Support.person_id, Support.created_at)

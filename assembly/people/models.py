"""The people a group knows, the consents they gave, one-to-ones, asks and the ladder.

A `Person` belongs to one group: the name as they gave it and, only under a live
`Consent`, how to reach them. Needs, door visits, RSVPs, attendances and supports
point to a person (`person_id`) where one exists. Who may see a person is one method,
`Person.visible_to`: the organizers and administrators see everything; facilitators see
names and attendance (`Person.named_to`); members and the public see nothing. What the
contact book keeps, and when it is erased, is declared in `personal.py`.
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, func, or_, select
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false, true

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group


class ConsentPurpose(Labelled, StrEnum):
    """What a consent allows the group to do with what it knows of a person."""

    __labels__ = {
        "need_followup": _l("Be told what becomes of the needs they raised"),
        "meeting_news": _l("Be told of a change to a meeting they answered"),
        "consultation_followup": _l(
            "Be told what becomes of their contributions to a consultation"
        ),
        "group_actions": _l("Be contacted about the group's actions and meetings"),
        "sms_reminders": _l("Receive reminders by SMS"),
        "email_reminders": _l("Receive reminders by e-mail"),
        "named_in_minutes": _l("Appear by name in the minutes"),
        "sensitive": _l(
            "Keep what they shared about their opinions, union membership, health or origin"
        ),
    }

    NEED_FOLLOWUP = "need_followup"
    MEETING_NEWS = "meeting_news"
    CONSULTATION_FOLLOWUP = "consultation_followup"
    GROUP_ACTIONS = "group_actions"
    SMS_REMINDERS = "sms_reminders"
    EMAIL_REMINDERS = "email_reminders"
    NAMED_IN_MINUTES = "named_in_minutes"
    SENSITIVE = "sensitive"


class ConsentSource(Labelled, StrEnum):
    """Where a consent (or a contact) was given."""

    __labels__ = {
        "web": _l("web form"),
        "door": _l("at the door"),
        "meeting": _l("at a meeting"),
        "paper": _l("on paper"),
        "phone": _l("by phone"),
    }

    WEB = "web"
    DOOR = "door"
    MEETING = "meeting"
    PAPER = "paper"
    PHONE = "phone"


class ReachBy(Labelled, StrEnum):
    """How a person prefers to be reached."""

    __labels__ = {
        "sms": _l("SMS"),
        "phone": _l("phone call"),
        "email": _l("e-mail"),
        "door": _l("at the door"),
        "post": _l("post"),
    }

    SMS = "sms"
    PHONE = "phone"
    EMAIL = "email"
    DOOR = "door"
    POST = "post"


# What a phone, and an e-mail, may serve for, each under a live consent for it: reminders
# are asked for one channel at a time, the rest for whichever contact the person gave.
BY_PHONE = (
    ConsentPurpose.GROUP_ACTIONS,
    ConsentPurpose.NEED_FOLLOWUP,
    ConsentPurpose.MEETING_NEWS,
    ConsentPurpose.CONSULTATION_FOLLOWUP,
    ConsentPurpose.SMS_REMINDERS,
)
BY_EMAIL = (
    ConsentPurpose.GROUP_ACTIONS,
    ConsentPurpose.NEED_FOLLOWUP,
    ConsentPurpose.MEETING_NEWS,
    ConsentPurpose.CONSULTATION_FOLLOWUP,
    ConsentPurpose.EMAIL_REMINDERS,
)

# The ladder of engagement when a group has not named its own levels (rank 0 first).
DEFAULT_LADDER = (
    _l("contacted"),
    _l("participant"),
    _l("active"),
    _l("in charge"),
    _l("leader"),
)


class Person(db.Model):
    """Someone the group knows: a resident met at the door, at a meeting or online."""

    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_group_name", "group_id", "name"),
        Index("ix_people_group_phone", "group_id", "phone"),
        Index("ix_people_group_email", "group_id", "email"),
        Index("ix_people_group_contact", "group_id", "last_contact_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80), default="")  # as they gave it
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164: +33612345678
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(200), default="")  # street and number
    building: Mapped[str] = mapped_column(String(140), default="")
    staircase: Mapped[str] = mapped_column(String(40), default="")
    floor: Mapped[str] = mapped_column(String(40), default="")
    preferred_channel: Mapped[ReachBy | None] = mapped_column(enum_text(ReachBy, 8))
    language: Mapped[str] = mapped_column(String(8), default="")  # a locale: fr, en, ar…
    languages: Mapped[str] = mapped_column(String(200), default="")  # spoken, in words
    # Opinions, union membership, health, origin (GDPR art. 9): only under a live consent
    # for ConsentPurpose.SENSITIVE (people.operations.update_person refuses otherwise).
    sensitive: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    ladder_rank: Mapped[int] = mapped_column(default=0)
    last_contact_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship()
    user: Mapped[User | None] = relationship()
    consents: Mapped[list["Consent"]] = relationship(
        back_populates="person", order_by="Consent.given_at", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"

    @hybrid_method
    def visible_to(self, viewer: Viewer) -> bool:
        """Whether `viewer` may open the person's page, contacts, notes and export: the
        group's organizers and administrators only (on the class, an SQL condition)."""
        return viewer.is_organizer

    @visible_to.inplace.expression
    @classmethod
    def _visible_to_expression(cls, viewer: Viewer):
        return true() if viewer.is_organizer else false()

    @staticmethod
    def named_to(viewer: Viewer) -> bool:
        """Whether `viewer` may see people's names and attendance (facilitators too)."""
        return viewer.is_team

    @property
    def label(self) -> str:
        """The name to show; a door with no name given reads as its place."""
        if self.name:
            return self.name
        return " · ".join(part for part in (self.building, self.staircase, self.floor) if part)

    def live_consent(
        self, purpose: ConsentPurpose, now: datetime | None = None
    ) -> "Consent | None":
        """The consent in force for `purpose`, if any (the most recent)."""
        now = now or utcnow()
        for consent in reversed(self.consents):
            if consent.purpose == purpose and consent.live(now):
                return consent
        return None

    def may(self, purpose: ConsentPurpose, now: datetime | None = None) -> bool:
        """Whether the group may use what it knows of this person for `purpose`."""
        return self.live_consent(purpose, now) is not None

    def reach(self, purpose: ConsentPurpose) -> dict[str, str]:
        """The contact details usable for `purpose`: none without a live consent for it."""
        if not self.may(purpose):
            return {}
        return details_for(purpose, self.phone, self.email)


def details_for(purpose: ConsentPurpose, phone: str, email: str) -> dict[str, str]:
    """Of a phone and an e-mail, those that may serve `purpose` (given a live consent for
    it), by kind: `Person.reach`, and the counts the database makes (`outbox.routes`)."""
    found = {
        "phone": phone if purpose in BY_PHONE else "",
        "email": email if purpose in BY_EMAIL else "",
    }
    return {kind: value for kind, value in found.items() if value}


class Consent(db.Model):
    """One consent a person gave for one purpose: the words they saw, when, where, to whom.

    Withdrawing keeps the row with the date; a consent may also run out (`expires_at`),
    e.g. a door contact a year after the round.
    """

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_person", "person_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_text(ConsentPurpose, 24))
    wording: Mapped[str] = mapped_column(Text)  # the words shown, in the language shown
    version: Mapped[int] = mapped_column(default=1)
    source: Mapped[ConsentSource] = mapped_column(enum_text(ConsentSource, 8))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(back_populates="consents")
    recorded_by: Mapped[User | None] = relationship()

    def live(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.withdrawn_at is None and (self.expires_at is None or self.expires_at > now)


class LadderLevel(db.Model):
    """A rung of a group's ladder of engagement, named by the group (rank 0 first)."""

    __tablename__ = "ladder_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    name: Mapped[str] = mapped_column(String(60))


class OneToOne(db.Model):
    """A one-to-one (rencontre individuelle): what moves the person, and the next step."""

    __tablename__ = "one_to_ones"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    met_on: Mapped[date]
    met_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    self_interest: Mapped[str] = mapped_column(Text, default="")  # what they care about
    story: Mapped[str] = mapped_column(Text, default="")
    talents: Mapped[str] = mapped_column(Text, default="")
    networks: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(200), default="")
    next_step_on: Mapped[date | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    met_by: Mapped[User | None] = relationship()


class AskOutcome(Labelled, StrEnum):
    __labels__ = {
        "pending": _l("no answer yet"),
        # Words of their own: an ask is not a need ("declined") nor a task ("done").
        "accepted": _l("they said yes"),
        "declined": _l("they said no"),
        "done": _l("they did it"),
    }

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DONE = "done"


class Ask(db.Model):
    """Something the group asked of a person ("will you bring three neighbours?")."""

    __tablename__ = "asks"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(200))
    asked_on: Mapped[date]
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[AskOutcome] = mapped_column(
        enum_text(AskOutcome, 16), default=AskOutcome.PENDING
    )
    answered_at: Mapped[datetime | None]

    asked_by: Mapped[User | None] = relationship()


# The purposes that use a contact detail: without a consent in force for one of them, the
# daily purge erases the person's phone, e-mail and address.
CONTACT_PURPOSES = (
    ConsentPurpose.NEED_FOLLOWUP,
    ConsentPurpose.MEETING_NEWS,
    ConsentPurpose.CONSULTATION_FOLLOWUP,
    ConsentPurpose.GROUP_ACTIONS,
    ConsentPurpose.SMS_REMINDERS,
    ConsentPurpose.EMAIL_REMINDERS,
)


def consent_in_force(person_id, purposes, now: datetime):
    """SQL: the person `person_id` (a column) holds a consent for one of `purposes` that is
    neither withdrawn nor expired at `now`."""
    return (
        select(Consent.id)
        .where(
            Consent.person_id == person_id,
            Consent.purpose.in_(purposes),
            Consent.withdrawn_at.is_(None),
            or_(Consent.expires_at.is_(None), Consent.expires_at > now),
        )
        .exists()
    )


import assembly.people.personal  # noqa: E402, F401  (what the contact book keeps, declared)

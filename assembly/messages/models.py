"""The outbox: every SMS and e-mail the app sends, and each group's settings for them.

A `Message` is written in the same transaction as what causes it (a need's status, an
RSVP, an opened vote, an organizer's call to action), already worded in the recipient's
language, with the consent it relies on; `assembly send` delivers it later (see
`messages.sender`). Nothing is sent from inside a request: a slow SMTP server or a
phone gateway out of reach delays messages, it never loses them nor slows a page.
"""

from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, and_, func, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.people.models import ConsentPurpose, Person
from assembly.web.personal_data import DELETE, Erase, Keep, Kept, Purge, Refers, declare


class MessageChannel(Labelled, StrEnum):
    __labels__ = {"sms": _l("SMS"), "email": _l("e-mail")}

    SMS = "sms"
    EMAIL = "email"


class MessageStatus(Labelled, StrEnum):
    """Where a message is on its way. Queued and sending are the open states."""

    __labels__ = {
        "queued": _l("waiting to be sent"),
        "sending": _l("being sent"),
        "sent": _l("sent"),
        "delivered": _l("delivered"),
        "failed": _l("failed"),
        "cancelled": _l("not sent"),
    }

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"  # no longer due: consent withdrawn, too late, event changed


class MessageKind(Labelled, StrEnum):
    """What a message is about: a group turns each kind on or off on its settings page."""

    __labels__ = {
        "meeting_invitation": _l("Invitation to a meeting"),
        "meeting_reminder": _l("Reminder of a meeting to those who said they would come"),
        "meeting_changed": _l("A meeting moved or was cancelled"),
        "need_update": _l("What became of a need, to who raised or supported it"),
        "consultation_final": _l("The final text of a consultation, to who contributed to it"),
        "vote_opened": _l("An online vote opened"),
        "vote_closing": _l("An online vote closes tomorrow"),
        "vote_result": _l("The result of an online vote"),
        "task_due": _l("A task is due in two days, to whom it is assigned"),
        "team_digest": _l("Daily digest of what waits, to the team"),
        "call_to_action": _l("Call to action written by an organizer"),
        "account_recovery": _l("Link to choose a new password"),
        "stop_confirmation": _l("Confirmation of an SMS STOP"),
    }

    MEETING_INVITATION = "meeting_invitation"
    MEETING_REMINDER = "meeting_reminder"
    MEETING_CHANGED = "meeting_changed"
    NEED_UPDATE = "need_update"
    CONSULTATION_FINAL = "consultation_final"
    VOTE_OPENED = "vote_opened"
    VOTE_CLOSING = "vote_closing"
    VOTE_RESULT = "vote_result"
    TASK_DUE = "task_due"
    TEAM_DIGEST = "team_digest"
    CALL_TO_ACTION = "call_to_action"
    ACCOUNT_RECOVERY = "account_recovery"
    STOP_CONFIRMATION = "stop_confirmation"


# Kinds a group may turn off; the others answer someone's own request and always go.
OPTIONAL_KINDS = tuple(
    kind
    for kind in MessageKind
    if kind not in (MessageKind.ACCOUNT_RECOVERY, MessageKind.STOP_CONFIRMATION)
)


class Message(db.Model):
    """One SMS or e-mail to one recipient, from the moment it is decided until delivered."""

    __tablename__ = "messages"
    __table_args__ = (
        # What the sender reads each pass: the due messages, oldest first.
        Index("ix_messages_due", "status", "send_after"),
        Index("ix_messages_group", "group_id", "created_at"),
        Index("ix_messages_person", "person_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a message to an account about itself (a password link).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The consent it relies on: checked again just before sending.
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id", ondelete="SET NULL"))
    kind: Mapped[MessageKind] = mapped_column(enum_text(MessageKind, 24))
    purpose: Mapped[ConsentPurpose | None] = mapped_column(enum_text(ConsentPurpose, 24))
    channel: Mapped[MessageChannel] = mapped_column(enum_text(MessageChannel, 8))
    address: Mapped[str] = mapped_column(String(254))  # E.164 phone or e-mail address
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200), default="")  # e-mail only
    body: Mapped[str] = mapped_column(Text)  # plain text; the e-mail's HTML is made from it
    link: Mapped[str] = mapped_column(String(500), default="")  # where the message leads
    # The same event never makes two messages: e.g. "need:12:resolved:person:34".
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[MessageStatus] = mapped_column(
        enum_text(MessageStatus, 12), default=MessageStatus.QUEUED
    )
    send_after: Mapped[datetime]
    send_before: Mapped[datetime | None]  # past it, the message is no longer worth sending
    claimed_until: Mapped[datetime | None]  # a sender's lease while sending
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(String(300), default="")
    gateway_id: Mapped[str] = mapped_column(String(64), default="", index=True)  # SMS id
    segments: Mapped[int] = mapped_column(default=0)  # SMS parts, what it costs
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The call to action it is part of (messages.broadcast), so the outbox can show one.
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL"), index=True
    )

    group: Mapped[Group | None] = relationship()
    person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.kind} {self.channel} {self.status}>"

    @staticmethod
    def visible_to(viewer: Viewer) -> bool:
        """Whether `viewer` may see the group's outbox, bodies included: its organizers and
        administrators (a message names its recipient and says what concerns them)."""
        return viewer.is_organizer

    @property
    def open(self) -> bool:
        return self.status in (MessageStatus.QUEUED, MessageStatus.SENDING)


class Broadcast(db.Model):
    """A call to action as an organizer sent it: the words, to whom in words, how many.

    Its messages point to it (`Message.broadcast_id`); what became of each is theirs.
    """

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_group", "group_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # The form's one-time key (hashed, cut short): the same form sent twice is one batch.
    batch: Mapped[str] = mapped_column(String(32), unique=True)
    subject: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    selection: Mapped[str] = mapped_column(String(500), default="")  # the filters, in words
    by_sms: Mapped[int] = mapped_column(default=0)
    by_email: Mapped[int] = mapped_column(default=0)
    excluded: Mapped[int] = mapped_column(default=0)  # matched, but no consent or contact
    sms_parts: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Broadcast {self.id} to {self.reached}>"

    @property
    def reached(self) -> int:
        return self.by_sms + self.by_email


class MessageSettings(db.Model):
    """A group's choices for its messages; a group without a row has the defaults."""

    __tablename__ = "message_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    # Kinds the group turned off, space-separated (every kind is on by default).
    turned_off: Mapped[str] = mapped_column(String(400), default="")
    # Meeting reminders, in hours before the start, space-separated: two days and three hours.
    reminder_hours: Mapped[str] = mapped_column(String(40), default="48 3")
    # No SMS from quiet_from to quiet_until o'clock (local time): queued until morning.
    quiet_from: Mapped[int] = mapped_column(default=21)
    quiet_until: Mapped[int] = mapped_column(default=8)
    sender_name: Mapped[str] = mapped_column(String(60), default="")  # e-mail "From" name

    def sends(self, kind: MessageKind) -> bool:
        return kind not in OPTIONAL_KINDS or kind.value not in self.turned_off.split()

    @property
    def reminders(self) -> list[int]:
        """Hours before a meeting at which those who said yes or maybe are reminded."""
        return sorted({int(hours) for hours in self.reminder_hours.split()}, reverse=True)


# How long message texts and addresses are kept after they stop moving, then the rows.
KEEP_TEXT = timedelta(days=90)
KEEP_ROW = timedelta(days=365)


def _settled_before(moment: datetime):
    settled = Message.status.in_(
        (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.CANCELLED)
    )
    return and_(
        settled, Message.created_at < moment, or_(Message.body != "", Message.address != "")
    )


declare(
    "messages",
    _l("Messages sent by SMS and e-mail"),
    Kept(
        what=_l(
            "Each SMS and e-mail sent to someone: the phone number or address, the text, "
            "what it was about, the consent it relied on, and whether it arrived."
        ),
        why=_l(
            "To send only what people agreed to receive, once, and to show the team what failed."
        ),
        how_long=_l(
            "The number or address and the text are erased 90 days after the message was "
            "written; the rest a year after."
        ),
        seen_by=_l("The group's organizers and administrators."),
        columns=(
            "messages.person_id",
            "messages.user_id",
            "messages.address",
            "messages.body",
            "messages.subject",
            "messages.consent_id",
        ),
    ),
    refers=(
        Refers("messages", by=("person_id",)),
        Refers("messages", by=("user_id",)),
        Refers("messages", by=("created_by_id",), acted=True, shows=("created_at",)),
        # The organizer who wrote a call to action: the words are the group's, not theirs.
        Refers("broadcasts", by=("created_by_id",), acted=True, shows=("created_at",)),
    ),
    purge=(
        Purge(
            "messages",
            "message texts and addresses",
            due=lambda now: _settled_before(now - KEEP_TEXT),
            erase=Keep(address=Erase.BLANK, body=Erase.BLANK, subject=Erase.BLANK),
        ),
        Purge(
            "messages",
            "old messages",
            due=lambda now: Message.created_at < now - KEEP_ROW,
            erase=DELETE,
        ),
    ),
)

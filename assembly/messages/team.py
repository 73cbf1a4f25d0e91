"""What the team does with its outbox: read it, try a failed message again or let it go,
and choose the group's settings. Every change is journaled (messages.events).
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, false, func, select

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.messages.events import MESSAGE_DISMISSED, MESSAGE_RETRIED, MESSAGE_SETTINGS_CHANGED
from assembly.messages.models import (
    OPTIONAL_KINDS,
    Message,
    MessageChannel,
    MessageKind,
    MessageSettings,
    MessageStatus,
)
from assembly.messages.outbox import settings_of
from assembly.trace.operations import record
from assembly.web.inputs import whole_number

PAGE_SIZE = 50
OPEN = (MessageStatus.QUEUED, MessageStatus.SENDING)
GONE = (MessageStatus.SENT, MessageStatus.DELIVERED)
DISMISSED = "dismissed"  # the start of the error of a failed message the team let go
WAITING = "waiting"  # the status filter for queued and sending alike


@dataclass(frozen=True)
class OutboxFilters:
    """The outbox's filters, as the query string carries them."""

    status: str = ""  # a MessageStatus value, WAITING, or ""
    kind: str = ""
    channel: str = ""
    broadcast: str = ""  # a call to action's id, as text
    person: str = ""  # a person's id, as text

    @classmethod
    def read(cls, args: Mapping[str, str]) -> "OutboxFilters":
        """The filters in `args`; what cannot be one is left out."""
        status, kind, channel = (
            args.get("status", ""),
            args.get("kind", ""),
            args.get("channel", ""),
        )
        broadcast, person = whole_number(args.get("broadcast")), whole_number(args.get("person"))
        return cls(
            status=status if status in {*MessageStatus, WAITING} else "",
            kind=kind if kind in set(MessageKind) else "",
            channel=channel if channel in set(MessageChannel) else "",
            broadcast="" if broadcast is None else str(broadcast),
            person="" if person is None else str(person),
        )

    def args(self, **changed: str) -> dict[str, str]:
        """The filters for a link (pages, another status), only those set."""
        values = asdict(self) | changed
        return {name: value for name, value in values.items() if value}


def outbox(group: Group, viewer: Viewer, filters: OutboxFilters) -> Select:
    """The group's messages `viewer` may see that match `filters`, newest first."""
    query = select(Message).where(Message.group_id == group.id)
    if not Message.visible_to(viewer):
        query = query.where(false())
    if filters.status == WAITING:
        query = query.where(Message.status.in_(OPEN))
    elif filters.status:
        query = query.where(Message.status == MessageStatus(filters.status))
    if filters.kind:
        query = query.where(Message.kind == MessageKind(filters.kind))
    if filters.channel:
        query = query.where(Message.channel == MessageChannel(filters.channel))
    if filters.broadcast:
        query = query.where(Message.broadcast_id == int(filters.broadcast))
    if filters.person:
        query = query.where(Message.person_id == int(filters.person))
    return query.order_by(Message.created_at.desc(), Message.id.desc())


def month_start(now: datetime) -> datetime:
    """The first instant of `now`'s month in the group's time zone, as naive UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@dataclass(frozen=True)
class Totals:
    waiting: int
    sent_this_month: int
    failed: int
    sms_parts_this_month: int


def totals(group: Group, now: datetime | None = None) -> Totals:
    """The outbox's figures, in one query: what waits, what went this month and what it
    cost in SMS parts, what failed."""
    since = month_start(now or utcnow())
    this_month = and_(Message.status.in_(GONE), Message.sent_at >= since)
    sms_month = and_(this_month, Message.channel == MessageChannel.SMS)
    row = db.session.execute(
        select(
            func.count(case((Message.status.in_(OPEN), 1))),
            func.count(case((this_month, 1))),
            func.count(case((Message.status == MessageStatus.FAILED, 1))),
            func.coalesce(func.sum(case((sms_month, Message.segments), else_=0)), 0),
        ).where(Message.group_id == group.id)
    ).one()
    return Totals(*(int(value) for value in row))


def failed_count(group: Group) -> int:
    """How many of the group's messages failed and wait for the team."""
    return db.session.scalar(
        select(func.count(Message.id)).where(
            Message.group_id == group.id, Message.status == MessageStatus.FAILED
        )
    )


def may_retry(message: Message, now: datetime | None = None) -> bool:
    """Whether a failed message may be tried again: while it is still worth sending."""
    now = now or utcnow()
    return message.status == MessageStatus.FAILED and (
        message.send_before is None or message.send_before > now
    )


def retry(message: Message, by: User) -> bool:
    """Put a failed message back in the queue, its attempts counted from zero; False
    (nothing done) when it did not fail or is no longer worth sending."""
    if not may_retry(message):
        return False
    message.status = MessageStatus.QUEUED
    message.send_after = utcnow()
    message.attempts = 0
    message.claimed_until = None
    record(
        MESSAGE_RETRIED,
        message,
        group_id=message.group_id,
        actor_id=by.id,
        kind=message.kind.value,
        channel=message.channel.value,
    )
    db.session.commit()
    return True


def dismiss(message: Message, by: User) -> bool:
    """Let a failed message go: it will not be sent, and leaves the failures. Its error
    stays, after "dismissed:", to say why it never went. False when it had not failed."""
    if message.status != MessageStatus.FAILED:
        return False
    message.status = MessageStatus.CANCELLED
    message.error = f"{DISMISSED}: {message.error}"[:300]
    record(
        MESSAGE_DISMISSED,
        message,
        group_id=message.group_id,
        actor_id=by.id,
        kind=message.kind.value,
        channel=message.channel.value,
    )
    db.session.commit()
    return True


# What a sending error means, for the team: the start of the error, and the words.
# The raw error is shown beside them, for the host.
EXPLAINED = (
    (DISMISSED, lambda: _("The team let it go.")),
    (
        "gateway unreachable",
        lambda: _("The group's phone could not be reached: is it on, and on the Wi-Fi?"),
    ),
    ("gateway", lambda: _("The group's phone refused it: is the number right?")),
    ("refused", lambda: _("The mail server refused this address: is it right?")),
    ("SMTP 5", lambda: _("The mail server refused this e-mail.")),
    ("SMTP", lambda: _("The mail server could not be reached.")),
    ("no sms", lambda: _("SMS are no longer set up on this server: ask the host.")),
    ("no email", lambda: _("E-mail is no longer set up on this server: ask the host.")),
    ("consent withdrawn", lambda: _("The person withdrew their consent before it went.")),
    ("too late", lambda: _("It could not go in time: it was no longer worth sending.")),
    ("no address", lambda: _("The number or address was erased.")),
)


def in_words(error: str) -> str:
    """Why a message did not go, in the team's words ("" when it has no error)."""
    if not error:
        return ""
    for start, words in EXPLAINED:
        if error.lower().startswith(start.lower()):
            return words()
    return _("Sending failed.")


def save_settings(
    group: Group,
    *,
    turned_on: set[MessageKind],
    reminder_hours: list[int],
    quiet_from: int,
    quiet_until: int,
    sender_name: str,
    by: User,
) -> MessageSettings:
    """Write the group's message settings (the row is made on the first save); the
    journal names the settings that changed."""
    hold(Group, group.id)  # two first saves at once make one row
    settings = db.session.get(MessageSettings, group.id)
    if settings is None:
        settings = settings_of(group.id)  # the defaults, to compare with
        db.session.add(settings)
    values = {
        "turned_off": " ".join(kind.value for kind in OPTIONAL_KINDS if kind not in turned_on),
        "reminder_hours": " ".join(
            str(hours) for hours in sorted(set(reminder_hours), reverse=True)
        ),
        "quiet_from": quiet_from,
        "quiet_until": quiet_until,
        "sender_name": sender_name.strip(),
    }
    changed = sorted(name for name, value in values.items() if getattr(settings, name) != value)
    for name, value in values.items():
        setattr(settings, name, value)
    if changed:
        record(MESSAGE_SETTINGS_CHANGED, group, group_id=group.id, actor_id=by.id, changed=changed)
    db.session.commit()
    return settings

"""Delivering the outbox: `assembly send` (one pass, from cron) or `assembly send --loop`.

Each pass first lets the timed producers write what time has made due (a daily digest),
then claims due messages a few at a time, reading what sending them takes in that same
short transaction, and hands each to SMTP or the gateway phone outside any transaction:
no lock is held while a server answers slowly; one statement records what became of it.

Claiming marks rows "sending" with a lease. On PostgreSQL several senders (several
servers) claim with FOR UPDATE SKIP LOCKED, so each message goes to one of them; on
SQLite the claim is one write transaction, so two senders cannot take the same row
either. A sender that dies mid-pass leaves its rows to the next one once the lease runs
out: a message may then go twice, never zero times (SMTP has no way to ask "did you get
it?"), which is why the lease is long and the batch small.
"""

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.messages import links
from assembly.messages.mail import build, send_mail
from assembly.messages.models import (
    Message,
    MessageChannel,
    MessageKind,
    MessageSettings,
    MessageStatus,
)
from assembly.messages.outbox import configured_channels, quiet_until, settings_of
from assembly.messages.sms import SendFailed, send_sms
from assembly.people.models import Consent, ConsentPurpose

LEASE = timedelta(minutes=10)
BATCH = 20
# Minutes to wait after the 1st, 2nd… failed attempt; past the last, the message failed.
BACKOFF = (1, 5, 15, 60, 180, 360, 720)

# Messages whose text opens an account: blanked once sent, failed or dropped.
SECRET_KINDS = (MessageKind.ACCOUNT_RECOVERY,)

# Producers of messages that time makes due: each is called with `now` every pass and
# writes what is due (deduplicated, so calling it again writes nothing new).
TIMED: list[Callable[[datetime], None]] = []


def lower_priority() -> None:
    """Let the pages have the processor first: `assembly send` runs at SENDER_NICENESS.

    Sending is background work, CPU-bound between two SMTP answers: on a server short of
    cores, at the web's priority, it made pages 1.2 times slower at the median and 1.8 at
    the 95th percentile while it sent (bench/messages_throughput.py). When the processor
    is free, a niced sender goes as fast as ever.
    """
    niceness = current_app.config["SENDER_NICENESS"]
    if niceness > 0 and hasattr(os, "nice"):
        os.nice(niceness)


def timed(producer: Callable[[datetime], None]) -> Callable[[datetime], None]:
    """Register `producer(now)` to run at each pass of the sender."""
    TIMED.append(producer)
    return producer


@dataclass(frozen=True)
class Claimed:
    """A message taken for sending, as read in the claim's transaction.

    Delivering it then reads nothing and writes one statement: on SQLite the sender's
    transactions hold the write lock, and every page that writes (a join, a need) waits
    for it, so the sender reads a batch at once and holds the lock as little as can be.
    """

    id: int
    kind: MessageKind
    purpose: ConsentPurpose | None
    channel: MessageChannel
    address: str
    subject: str
    body: str
    language: str
    group_id: int | None
    send_before: datetime | None
    created_at: datetime
    attempts: int
    consent_live: bool  # its consent, checked when claimed: a batch takes a second or so
    sender_name: str
    settings: MessageSettings | None  # the group's, detached (quiet hours)


def claim(now: datetime, limit: int = BATCH) -> list[Claimed]:
    """Take up to `limit` due messages for this sender, and read what sending them takes."""
    due = (
        select(Message.id)
        .where(
            or_(
                and_(Message.status == MessageStatus.QUEUED, Message.send_after <= now),
                and_(Message.status == MessageStatus.SENDING, Message.claimed_until < now),
            )
        )
        .order_by(Message.send_after, Message.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    claimed = []
    if ids:
        db.session.execute(
            update(Message)
            .where(Message.id.in_(ids))
            .values(status=MessageStatus.SENDING, claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        claimed = _read(ids, now)
    db.session.commit()
    return claimed


def _read(ids: list[int], now: datetime) -> list[Claimed]:
    """The claimed messages, their consents and their groups' settings, in three queries."""
    messages = db.session.scalars(
        select(Message)
        .where(Message.id.in_(ids))
        .order_by(Message.send_after, Message.id)
        .execution_options(populate_existing=True)
    ).all()
    consent_ids = {m.consent_id for m in messages if m.consent_id}
    live = {
        consent.id
        for consent in db.session.scalars(select(Consent).where(Consent.id.in_(consent_ids)))
        if consent.live(now)
    }
    groups = {m.group_id: m.group for m in messages if m.group_id}
    settings = {group_id: _detached(settings_of(group_id)) for group_id in groups}
    return [
        Claimed(
            id=m.id,
            kind=m.kind,
            purpose=m.purpose,
            channel=m.channel,
            address=m.address,
            subject=m.subject,
            body=m.body,
            language=m.language,
            group_id=m.group_id,
            send_before=m.send_before,
            created_at=m.created_at,
            attempts=m.attempts,
            consent_live=m.consent_id in live,
            sender_name=(settings[m.group_id].sender_name or groups[m.group_id].name)
            if m.group_id
            else "",
            settings=settings.get(m.group_id),
        )
        for m in messages
    ]


def _detached(settings: MessageSettings) -> MessageSettings:
    """A copy of a group's settings that outlives the transaction."""
    columns = MessageSettings.__table__.columns
    return MessageSettings(**{column.name: getattr(settings, column.name) for column in columns})


def _why_not(message: Claimed, now: datetime) -> str:
    """Why the message must not go any more, or "" when it still should."""
    if message.send_before is not None and now >= message.send_before:
        return "too late"
    if message.purpose is not None and not message.consent_live:
        return "consent withdrawn"
    if not message.address:
        return "no address"
    return ""


def deliver(message: Claimed, now: datetime) -> MessageStatus:
    """Send one claimed message, or put it back, or settle why it will not go.

    No transaction is held meanwhile: neither while the server answers nor while the
    e-mail is put together (milliseconds of CPU).
    """
    reason = _why_not(message, now)
    if reason:
        return _settle(message, MessageStatus.CANCELLED, error=reason)
    if message.channel == MessageChannel.SMS and message.settings is not None:
        wake = quiet_until(now, message.settings)
        if wake > now:  # quiet hours began since it was queued: until morning
            return _settle(message, MessageStatus.QUEUED, send_after=wake)
    if message.channel not in configured_channels():
        return _retry(message, now, SendFailed(f"no {message.channel} configured"))
    try:
        gateway_id = _outgoing(message)()
    except SendFailed as failure:
        return _retry(message, now, failure)
    return _settle(
        message,
        MessageStatus.SENT,
        sent_at=utcnow(),
        gateway_id=gateway_id or "",
        attempts=message.attempts + 1,
    )


def _outgoing(message: Claimed) -> Callable[[], str | None]:
    """What sending `message` takes."""
    if message.channel == MessageChannel.SMS:
        return lambda: send_sms(message.address, message.body)
    unsubscribe = links.unsubscribe_url(message) if message.purpose else ""
    body = message.body
    if unsubscribe:  # the way out in words too, for readers whose mail program shows no button
        with force_locale(message.language):
            why = _(
                "You receive this message from %(group)s because you agreed to. To stop: %(link)s",
                group=message.sender_name,
                link=unsubscribe,
            )
        body = f"{body}\n\n-- \n{why}"
    mail = build(
        to=message.address,
        subject=message.subject,
        body=body,
        language=message.language,
        sender_name=message.sender_name,
        unsubscribe=unsubscribe,
        date=message.created_at,
    )
    return lambda: send_mail(mail)


def _retry(message: Claimed, now: datetime, failure: SendFailed) -> MessageStatus:
    attempts = message.attempts + 1
    if failure.permanent or attempts > len(BACKOFF):
        return _settle(message, MessageStatus.FAILED, error=str(failure), attempts=attempts)
    wait = timedelta(minutes=BACKOFF[attempts - 1])
    return _settle(
        message, MessageStatus.QUEUED, error=str(failure), attempts=attempts, send_after=now + wait
    )


def _settle(message: Claimed, status: MessageStatus, **values) -> MessageStatus:
    """Write where the message is now, in one statement (the row is not read again)."""
    if status != MessageStatus.QUEUED and message.kind in SECRET_KINDS:
        values.update(body="", link="")  # a password link is kept no longer than on its way
    db.session.execute(
        update(Message)
        .where(Message.id == message.id)
        .values(status=status, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return status


def send_pass(now: datetime | None = None, most: int = 1000) -> Counter:
    """One pass: write what time made due, then send what is due, up to `most` messages.
    Returns how many messages ended in each status."""
    now = now or utcnow()
    for producer in TIMED:
        producer(now)
        db.session.commit()
    done: Counter = Counter()
    while sum(done.values()) < most:
        claimed = claim(now, min(BATCH, most - sum(done.values())))
        if not claimed:
            break
        for message in claimed:
            done[deliver(message, now)] += 1
        now = utcnow()
    current_app.logger.debug("sender pass: %s", dict(done))
    return done

"""Delivering the outbox: `assembly send` (one pass, from cron) or `assembly send --loop`.

Each pass first lets the timed producers write what time has made due (a daily digest),
then claims due messages a few at a time and hands each to SMTP or the gateway phone,
outside any transaction: no lock is held while a server answers slowly.

Claiming marks rows "sending" with a lease. On PostgreSQL several senders (several
servers) claim with FOR UPDATE SKIP LOCKED, so each message goes to one of them; on
SQLite the claim is one write transaction, so two senders cannot take the same row
either. A sender that dies mid-pass leaves its rows to the next one once the lease runs
out: a message may then go twice, never zero times (SMTP has no way to ask "did you get
it?"), which is why the lease is long and the batch small.
"""

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.messages import links
from assembly.messages.mail import build, send_mail
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.messages.outbox import configured_channels, quiet_until, settings_of
from assembly.messages.sms import SendFailed, send_sms
from assembly.people.models import Consent

LEASE = timedelta(minutes=10)
BATCH = 20
# Minutes to wait after the 1st, 2nd… failed attempt; past the last, the message failed.
BACKOFF = (1, 5, 15, 60, 180, 360, 720)

# Messages whose text opens an account: blanked once sent, failed or dropped.
SECRET_KINDS = (MessageKind.ACCOUNT_RECOVERY,)

# Producers of messages that time makes due: each is called with `now` every pass and
# writes what is due (deduplicated, so calling it again writes nothing new).
TIMED: list[Callable[[datetime], None]] = []


def timed(producer: Callable[[datetime], None]) -> Callable[[datetime], None]:
    """Register `producer(now)` to run at each pass of the sender."""
    TIMED.append(producer)
    return producer


def claim(now: datetime, limit: int = BATCH) -> list[int]:
    """Take up to `limit` due messages for this sender; their ids."""
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
    if ids:
        db.session.execute(
            update(Message)
            .where(Message.id.in_(ids))
            .values(status=MessageStatus.SENDING, claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return ids


def _why_not(message: Message, now: datetime) -> str:
    """Why the message must not go any more, or "" when it still should."""
    if message.send_before is not None and now >= message.send_before:
        return "too late"
    if message.purpose is not None:
        consent = db.session.get(Consent, message.consent_id) if message.consent_id else None
        if consent is None or not consent.live(now):
            return "consent withdrawn"
    if not message.address:
        return "no address"
    return ""


def deliver(message_id: int, now: datetime) -> MessageStatus:
    """Send one claimed message, or put it back, or settle why it will not go."""
    message = db.session.get(Message, message_id)
    if message is None or message.status != MessageStatus.SENDING:
        db.session.commit()
        return MessageStatus.CANCELLED
    reason = _why_not(message, now)
    if reason:
        return _settle(message, MessageStatus.CANCELLED, error=reason)
    if message.channel == MessageChannel.SMS and message.group_id is not None:
        wake = quiet_until(now, settings_of(message.group_id))
        if wake > now:  # quiet hours began since it was queued: until morning
            return _settle(message, MessageStatus.QUEUED, send_after=wake)
    if message.channel not in configured_channels():
        return _retry(message, now, SendFailed(f"no {message.channel} configured"))
    outgoing = _outgoing(message)
    db.session.commit()  # no transaction is held while the server answers
    try:
        gateway_id = outgoing()
    except SendFailed as failure:
        return _retry(db.session.get(Message, message_id), now, failure)
    message = db.session.get(Message, message_id)
    return _settle(
        message,
        MessageStatus.SENT,
        sent_at=utcnow(),
        gateway_id=gateway_id or "",
        attempts=message.attempts + 1,
    )


def _outgoing(message: Message) -> Callable[[], str | None]:
    """What sending `message` takes, read while its row is at hand."""
    if message.channel == MessageChannel.SMS:
        phone, text = message.address, message.body
        return lambda: send_sms(phone, text)
    sender = settings_of(message.group_id).sender_name if message.group_id else ""
    mail = build(
        to=message.address,
        subject=message.subject,
        body=message.body,
        language=message.language,
        sender_name=sender or (message.group.name if message.group else ""),
        unsubscribe=links.unsubscribe_url(message) if message.purpose else "",
        date=message.created_at,
    )
    return lambda: send_mail(mail)


def _retry(message: Message, now: datetime, failure: SendFailed) -> MessageStatus:
    attempts = message.attempts + 1
    if failure.permanent or attempts > len(BACKOFF):
        return _settle(message, MessageStatus.FAILED, error=str(failure), attempts=attempts)
    wait = timedelta(minutes=BACKOFF[attempts - 1])
    return _settle(
        message, MessageStatus.QUEUED, error=str(failure), attempts=attempts, send_after=now + wait
    )


def _settle(message: Message, status: MessageStatus, **values) -> MessageStatus:
    message.status = status
    message.claimed_until = None
    for name, value in values.items():
        setattr(message, name, value)
    if status != MessageStatus.QUEUED and message.kind in SECRET_KINDS:
        message.body = message.link = ""  # a password link is kept no longer than on its way
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
        ids = claim(now, min(BATCH, most - sum(done.values())))
        if not ids:
            break
        for message_id in ids:
            done[deliver(message_id, now)] += 1
        now = utcnow()
    current_app.logger.debug("sender pass: %s", dict(done))
    return done

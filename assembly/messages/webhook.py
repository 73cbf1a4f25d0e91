"""What the association's phone tells us on its webhook: delivery reports, incoming SMS.

"SMS Gateway for Android" posts one JSON event per call, `{"deviceId", "event", "id",
"payload", "webhookId"}`, signed with the key set on the phone (Settings → Webhooks →
Signing Key, our SMS_WEBHOOK_KEY): `X-Signature` is the hex HMAC-SHA256 of the raw body
followed by the `X-Timestamp` header (Unix seconds). The phone tries a call again until
it gets a 2xx, for up to two days: every event here may come twice, and handling it
twice changes nothing more than once.

- `sms:delivered` / `sms:failed`: the message whose `gateway_id` is the payload's
  `messageId` is delivered, or failed with the phone's reason.
- `sms:received`: a STOP withdraws that number's consents (`operations.stop_by_sms`);
  any other incoming SMS is dropped (only counted in the log): nobody reads the phone's
  inbox through the app, so its words and its number are not kept.
- `sms:sent`, `system:ping` and anything else: nothing to do.
"""

import hashlib
import hmac
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.messages.models import Message, MessageChannel, MessageStatus
from assembly.messages.operations import asks_to_stop, stop_by_sms
from assembly.web.contact import parse_phone

# A signed call older or newer than this is refused: a copy replayed later is worthless.
SKEW_SECONDS = 5 * 60


def signature_valid(key: str, body: bytes, timestamp: str, signature: str) -> bool:
    """Whether `signature` is the phone's for `body` at `timestamp`, and that time is now."""
    if not (timestamp.isascii() and timestamp.isdigit() and signature):
        return False
    now = utcnow().replace(tzinfo=UTC).timestamp()
    if abs(now - int(timestamp)) > SKEW_SECONDS:
        return False
    expected = hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


class BadEvent(ValueError):
    """A signed call whose body is not an event as the phone writes them."""


def handle(event: object) -> str:
    """Act on one event from the phone; returns what it was, for the log. The caller commits."""
    if not isinstance(event, dict) or not isinstance(event.get("payload", {}), dict):
        raise BadEvent("not a webhook event")
    kind, payload = event.get("event"), event.get("payload", {})
    if kind == "sms:delivered":
        found = _message(payload)
        if found is not None and found.status in (MessageStatus.SENT, MessageStatus.FAILED):
            found.status = MessageStatus.DELIVERED
            found.delivered_at = _moment(payload.get("deliveredAt"))
            found.error = ""
    elif kind == "sms:failed":
        found = _message(payload)
        if found is not None and found.status == MessageStatus.SENT:
            found.status = MessageStatus.FAILED
            found.error = (_text(payload, "reason") or "failed")[:300]
    elif kind == "sms:received":
        return _received(_text(payload, "phoneNumber"), _text(payload, "message"))
    return str(kind)


def _received(number: str, text: str) -> str:
    if not asks_to_stop(text):
        current_app.logger.info("incoming SMS dropped: not a STOP")
        return "sms:received"
    try:
        phone = parse_phone(number)
    except ValueError:
        current_app.logger.info("SMS STOP from a number that cannot be read: nothing to do")
        return "stop"
    if not stop_by_sms(phone):
        current_app.logger.info("SMS STOP from a number with nothing to withdraw")
    return "stop"


def _message(payload: dict) -> Message | None:
    """The SMS a report is about; None for an id we never sent (or sent by another app)."""
    gateway_id = _text(payload, "messageId")
    if not gateway_id:  # messages not sent yet have an empty gateway_id
        return None
    return db.session.scalar(
        select(Message)
        .filter_by(gateway_id=gateway_id, channel=MessageChannel.SMS)
        .order_by(Message.id)
        .limit(1)
    )


def _text(payload: dict, name: str) -> str:
    value = payload.get(name)
    return value if isinstance(value, str) else ""


def _moment(value: object) -> datetime:
    """The phone's time (ISO 8601 with its offset) in naive UTC; now when it is unreadable."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        return utcnow()
    return moment.astimezone(UTC).replace(tzinfo=None)

"""Links a message carries about itself: the way out, signed so no account is needed."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from assembly.extensions import db
from assembly.messages.models import Message
from assembly.messages.outbox import absolute_url


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="messages.unsubscribe")


def unsubscribe_token(message: Message) -> str:
    return _signer().dumps(message.id)


def message_of(token: str) -> Message | None:
    """The message a way-out link was made for; None for a forged or mangled token."""
    try:
        message_id = _signer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Message, message_id)


def unsubscribe_url(message: Message) -> str:
    """The page where the recipient stops these messages, without an account."""
    return absolute_url("messages.unsubscribe", token=unsubscribe_token(message))

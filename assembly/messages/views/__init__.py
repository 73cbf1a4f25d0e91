"""Messages pages: the way out of them (public, by a signed link); the phone's webhook; the
team's outbox, settings and calls to action; the forgotten password (a link by e-mail); a
member's own choice of messages from a group."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

from assembly.messages.views import (  # noqa: E402, F401  (they add routes to bp)
    calls,
    gateway,
    mine,
    recovery,
    team,
    unsubscribe,
)

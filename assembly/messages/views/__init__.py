"""Messages pages: the way out of them (public, by a signed link); the phone's webhook."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

from assembly.messages.views import gateway, unsubscribe  # noqa: E402, F401  (they add routes to bp)

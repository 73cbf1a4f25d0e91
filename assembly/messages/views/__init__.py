"""Messages pages: the way out of them (public, by a signed link); the forgotten password
(a link by e-mail); a member's own choice of messages from a group."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

# They add routes to bp.
from assembly.messages.views import mine, recovery, unsubscribe  # noqa: E402, F401

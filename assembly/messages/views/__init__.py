"""Messages pages: the way out of them (public, by a signed link)."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

import assembly.messages.views.team  # noqa: E402, F401  (the team's pages: outbox, calls)
from assembly.messages.views import unsubscribe  # noqa: E402, F401  (they add routes to bp)

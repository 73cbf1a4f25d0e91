"""Meeting pages, split by moment: planning before, live during (and the join page)."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from assembly.meetings.views import export, live, planning  # noqa: E402, F401  (they add routes to bp)

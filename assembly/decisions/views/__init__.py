"""Decision pages: at a meeting (hands, ballots, consent, judgment), online, the register."""

from flask import Blueprint

bp = Blueprint("decisions", __name__)

from assembly.decisions.views import meeting, online, preparing, register  # noqa: E402, F401  (they add routes to bp)

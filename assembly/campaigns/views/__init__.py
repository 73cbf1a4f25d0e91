"""Campaign pages, one module per part of the strategy chart."""

from flask import Blueprint

from assembly.campaigns.loading import campaign_shown

bp = Blueprint("campaigns", __name__, url_prefix="/g/<slug>/campaigns")
# A need's trace names a campaign only to those who may read it.
bp.add_app_template_global(campaign_shown)

from assembly.campaigns.views import core, outcome, people  # noqa: E402, F401  (they add routes to bp)

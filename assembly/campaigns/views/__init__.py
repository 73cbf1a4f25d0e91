"""Campaign pages, one module per part of the strategy chart."""

from flask import Blueprint

import assembly.campaigns.commitments  # noqa: F401  (late promises: the sender and the digest)
from assembly.campaigns.loading import campaign_shown
from assembly.meetings.panels import PagePanel, register_page_panel

bp = Blueprint("campaigns", __name__, url_prefix="/g/<slug>/campaigns")
# A need's trace names a campaign only to those who may read it.
bp.add_app_template_global(campaign_shown)

import assembly.campaigns.followup  # noqa: E402, F401  (an action's first-timers to call back)
from assembly.campaigns.views import (  # noqa: E402, F401  (they add routes to bp)
    actions,
    choice,
    core,
    demands,
    negotiation,
    outcome,
    people,
    petitions,
    signing,
)

# An action's meeting page names its campaign (and, for members, links the action's page).
bp.record_once(
    lambda state: register_page_panel(
        state.app,
        PagePanel(template="campaigns/_action_panel.html", data=actions.action_on_meeting),
    )
)

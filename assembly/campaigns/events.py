"""Campaigns' journal verbs, and those a need's trace tells (templates/campaigns/_events.html)."""

from assembly.trace.sentences import tells

CAMPAIGN_CREATED = "campaign.created"
CAMPAIGN_EDITED = "campaign.edited"
CAMPAIGN_CHARTED = "campaign.charted"  # goals or organizational considerations changed
CAMPAIGN_STARTED = "campaign.started"  # chosen: a candidate becomes a campaign under way
CAMPAIGN_ENDED = "campaign.ended"  # won, partly won, lost or dropped
ACTION_PLANNED = "campaign.action_planned"
ACTION_EDITED = "campaign.action_edited"  # its type, target, step, goal or its meeting's
ACTION_DEBRIEFED = "campaign.action_debriefed"  # what worked, what did not, the next step
# On a need: taken into a campaign, or out of it.
NEED_IN_CAMPAIGN = "need.in_campaign"
NEED_OUT_OF_CAMPAIGN = "need.out_of_campaign"

SENTENCES = "campaigns/_events.html"
tells(NEED_IN_CAMPAIGN, SENTENCES, "in_campaign")
tells(NEED_OUT_OF_CAMPAIGN, SENTENCES, "out_of_campaign")

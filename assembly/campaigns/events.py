"""Campaigns' journal verbs, and those a need's trace tells (templates/campaigns/_events.html)."""

from assembly.trace.sentences import tells

CAMPAIGN_CREATED = "campaign.created"
CAMPAIGN_EDITED = "campaign.edited"
CAMPAIGN_CHARTED = "campaign.charted"  # goals or organizational considerations changed
CAMPAIGN_STARTED = "campaign.started"  # chosen: a candidate becomes a campaign under way
CAMPAIGN_ENDED = "campaign.ended"  # won, partly won, lost or dropped
CAMPAIGN_REOPENED = "campaign.reopened"  # ended by mistake, or the fight goes on
ACTION_PLANNED = "campaign.action_planned"
# The people around it (on the campaign: the row may be gone, its name stays in the payload).
TARGET_ADDED = "campaign.target_added"
TARGET_EDITED = "campaign.target_edited"
TARGET_REMOVED = "campaign.target_removed"
STAKEHOLDER_ADDED = "campaign.stakeholder_added"
STAKEHOLDER_EDITED = "campaign.stakeholder_edited"
STAKEHOLDER_REMOVED = "campaign.stakeholder_removed"
# On a need: taken into a campaign, or out of it; the campaign ended, or went on again.
NEED_IN_CAMPAIGN = "need.in_campaign"
NEED_OUT_OF_CAMPAIGN = "need.out_of_campaign"
NEED_CAMPAIGN_ENDED = "need.campaign_ended"
NEED_CAMPAIGN_REOPENED = "need.campaign_reopened"

SENTENCES = "campaigns/_events.html"
tells(NEED_IN_CAMPAIGN, SENTENCES, "in_campaign")
tells(NEED_OUT_OF_CAMPAIGN, SENTENCES, "out_of_campaign")
tells(NEED_CAMPAIGN_ENDED, SENTENCES, "campaign_ended")
tells(NEED_CAMPAIGN_REOPENED, SENTENCES, "campaign_reopened")

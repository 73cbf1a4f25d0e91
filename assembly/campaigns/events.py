"""Campaigns' journal verbs, and those a need's trace tells (templates/campaigns/_events.html)."""

from assembly.trace.sentences import tells

CAMPAIGN_CREATED = "campaign.created"
CAMPAIGN_EDITED = "campaign.edited"
CAMPAIGN_CHARTED = "campaign.charted"  # goals or organizational considerations changed
CAMPAIGN_STARTED = "campaign.started"  # chosen: a candidate becomes a campaign under way
CAMPAIGN_ENDED = "campaign.ended"  # won, partly won, lost or dropped
ACTION_PLANNED = "campaign.action_planned"
# Choosing the issue: the residents' words the team quotes, a team member's grid, the
# candidates put to the group's decision, and what that decision settled for each.
CAMPAIGN_QUOTED = "campaign.quoted"
CAMPAIGN_SCORED = "campaign.scored"
CAMPAIGN_PUT_TO_CHOICE = "campaign.put_to_choice"
CAMPAIGN_CHOICE_SETTLED = "campaign.choice_settled"
# On a need: taken into a campaign, or out of it.
NEED_IN_CAMPAIGN = "need.in_campaign"
NEED_OUT_OF_CAMPAIGN = "need.out_of_campaign"

SENTENCES = "campaigns/_events.html"
tells(NEED_IN_CAMPAIGN, SENTENCES, "in_campaign")
tells(NEED_OUT_OF_CAMPAIGN, SENTENCES, "out_of_campaign")

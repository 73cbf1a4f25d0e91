"""Campaigns' journal verbs, and those a need's trace tells (templates/campaigns/_events.html)."""

from assembly.trace.sentences import tells

CAMPAIGN_CREATED = "campaign.created"
CAMPAIGN_EDITED = "campaign.edited"
CAMPAIGN_CHARTED = "campaign.charted"  # goals or organizational considerations changed
CAMPAIGN_STARTED = "campaign.started"  # chosen: a candidate becomes a campaign under way
CAMPAIGN_ENDED = "campaign.ended"  # won, partly won, lost or dropped
CAMPAIGN_REOPENED = "campaign.reopened"  # ended by mistake, or the fight goes on
ACTION_PLANNED = "campaign.action_planned"
ACTION_EDITED = "campaign.action_edited"  # its type, target, step, goal or its meeting's
ACTION_DEBRIEFED = "campaign.action_debriefed"  # what worked, what did not, the next step
# A petition (the subject of these is the petition).
PETITION_CREATED = "petition.created"
PETITION_EDITED = "petition.edited"
PETITION_OPENED = "petition.opened"
PETITION_CLOSED = "petition.closed"
PETITION_SIGNED = "petition.signed"  # online: one event per signature (held or not)
PETITION_BATCH_TYPED = "petition.batch_typed"  # paper sheets typed in, by whom
PETITION_SIGNATURE_REVIEWED = "petition.signature_reviewed"  # same person, or distinct
PETITION_HELD_COUNTED = "petition.held_counted"
PETITION_HELD_DISCARDED = "petition.held_discarded"
PETITION_DELIVERED = "petition.delivered"  # handed to the target: an action, with the count
# Demands, the target's answers and meetings, its commitments (subject: the row itself).
DEMAND_WRITTEN = "campaign.demand_written"
DEMAND_EDITED = "campaign.demand_edited"
DEMAND_DELETED = "campaign.demand_deleted"
EXCHANGE_LOGGED = "campaign.exchange_logged"
EXCHANGE_EDITED = "campaign.exchange_edited"
EXCHANGE_DELETED = "campaign.exchange_deleted"
COMMITMENT_MADE = "campaign.commitment_made"
COMMITMENT_EDITED = "campaign.commitment_edited"
COMMITMENT_DELETED = "campaign.commitment_deleted"
# Every change of a commitment's state, by the team or by time (no actor): from, to, note.
COMMITMENT_STATE = "campaign.commitment_state"
# Choosing the issue: the residents' words the team quotes, a team member's grid, the
# candidates put to the group's decision, and what that decision settled for each.
CAMPAIGN_QUOTED = "campaign.quoted"
CAMPAIGN_SCORED = "campaign.scored"
CAMPAIGN_PUT_TO_CHOICE = "campaign.put_to_choice"
CAMPAIGN_CHOICE_SETTLED = "campaign.choice_settled"
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

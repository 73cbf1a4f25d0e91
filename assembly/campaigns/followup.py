"""Who to call back after an action: once the team has debriefed it, the people who came
for the first time land in the People follow-up list (people asks its registry,
`people.followup.finds_newcomers`, without knowing what a campaign is)."""

from flask import url_for
from flask_babel import gettext as _

from assembly.campaigns.operations.actions import last_debriefed
from assembly.groups.models import Group
from assembly.meetings.newcomers import first_timers
from assembly.people.followup import Newcomers, finds_newcomers


@finds_newcomers
def action_first_timers(group: Group) -> Newcomers | None:
    """The first-timers of the group's action debriefed last (None before any debrief)."""
    action = last_debriefed(group)
    if action is None:
        return None
    return Newcomers(
        title=action.meeting.title,
        when=action.meeting.starts_at,
        url=url_for(
            "campaigns.action",
            slug=group.slug,
            campaign_id=action.campaign_id,
            action_id=action.id,
        ),
        person_ids=first_timers(action.meeting),
        heading=_("To call back: first time at the last action"),
    )

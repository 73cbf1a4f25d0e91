"""A campaign's actions: planned and changed by organizers, each with its own page for
members (turnout against the goal, first-timers, answers, the debrief), and the tactics
timeline on the campaign page. RSVP, check-in and the sign-in sheet are the meeting's
pages: an action is a meeting of kind "action"."""

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.campaigns.forms.actions import ActionForm, DebriefForm
from assembly.campaigns.loading import load_campaign, load_part
from assembly.campaigns.models import Action, Campaign
from assembly.campaigns.operations import actions as operations
from assembly.campaigns.operations.people import targets_of
from assembly.campaigns.views import bp
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings.models import Meeting
from assembly.meetings.operations.planning import STILL_UPCOMING
from assembly.web.render import form_status, render


@bp.app_template_global()
def campaign_timeline(campaign: Campaign) -> list:
    """(action, turnout) of the campaign's actions in date order, for its page's tactics."""
    return operations.timeline(campaign)


@bp.app_template_global()
def coming_actions(campaign: Campaign) -> list[Action]:
    """The campaign's actions still ahead that the visitor may answer (their meeting is
    visible to them), for those who do not read the plan."""
    since = utcnow() - STILL_UPCOMING
    return [
        action
        for action in operations.campaign_actions(campaign)
        if action.meeting.starts_at >= since
        and not action.meeting.cancelled
        and action.meeting.visible_to(g.viewer)
    ]


def action_on_meeting(meeting: Meeting) -> dict | None:
    """The meeting page's panel: the campaign an action meeting belongs to, for those
    who may read the campaign (its plan: a link to the action's page)."""
    action = operations.action_of_meeting(meeting)
    if action is None:
        return None
    campaign = db.session.get(Campaign, action.campaign_id)
    if not campaign.visible_to(g.viewer):
        return None
    return {"action": action, "campaign": campaign, "plan": campaign.plan_shown_to(g.viewer)}


def action_url(group: Group, action: Action) -> str:
    return url_for(
        "campaigns.action", slug=group.slug, campaign_id=action.campaign_id, action_id=action.id
    )


@bp.route("/<int:campaign_id>/actions/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_action(group: Group, campaign_id: int):
    """Plan an action of the campaign: it is a meeting too, which residents answer."""
    campaign = load_campaign(group, campaign_id)
    form = ActionForm(targets=targets_of(campaign), data={"public": campaign.public})
    if form.validate_on_submit():
        action = operations.plan_action(campaign, **form.fields())
        flash(_("The action is planned. Its page takes the answers; share it."))
        return redirect(action_url(group, action))
    return render(
        "campaigns/action_edit.html",
        group=group,
        campaign=campaign,
        action=None,
        form=form,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/actions/<int:action_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_action(group: Group, campaign_id: int, action_id: int):
    """Change an action: its type, target, step, goal, and its meeting's time and place."""
    campaign = load_campaign(group, campaign_id)
    action = load_part(Action, campaign, action_id)
    data = ActionForm.data_of(action) if request.method == "GET" else None
    form = ActionForm(targets=targets_of(campaign), data=data)
    if form.validate_on_submit():
        operations.edit_action(action, **form.fields())
        flash(_("The action is saved."))
        return redirect(action_url(group, action))
    return render(
        "campaigns/action_edit.html",
        group=group,
        campaign=campaign,
        action=action,
        form=form,
        status=form_status(form),
    )


@bp.get("/<int:campaign_id>/actions/<int:action_id>")
@group_view(Role.MEMBER)
def action(group: Group, campaign_id: int, action_id: int):
    """An action's page for members: its type, target, step, turnout against the goal,
    first-timers, answers, and the debrief."""
    campaign = load_campaign(group, campaign_id)
    if not campaign.plan_shown_to(g.viewer):
        abort(403)
    found = load_part(Action, campaign, action_id)
    return render(
        "campaigns/action.html",
        group=group,
        campaign=campaign,
        action=found,
        turnout=operations.turnout(found),
        editor=campaign.editable_by(g.viewer),
    )


@bp.route("/<int:campaign_id>/actions/<int:action_id>/debrief", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def debrief_action(group: Group, campaign_id: int, action_id: int):
    """After the action: what worked, what did not, how the target reacted, the next step."""
    campaign = load_campaign(group, campaign_id)
    found = load_part(Action, campaign, action_id)
    form = DebriefForm(obj=found if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.debrief_action(
            found,
            by=current_user,
            **{name: form[name].data or "" for name in operations.DEBRIEF_FIELDS},
        )
        flash(_("The debrief is saved. Its first-timers are on the follow-up list."))
        return redirect(action_url(group, found) + "#debrief")
    return render(
        "campaigns/debrief.html",
        group=group,
        campaign=campaign,
        action=found,
        form=form,
        status=form_status(form),
    )

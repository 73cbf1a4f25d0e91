"""How a campaign ends (organizers), its reopening, and the group's victories (public).

Ending takes two steps and no script: the page first asks how it ended (a link per way,
so that the needs' boxes start checked on a victory and unchecked otherwise), then the
words and the needs go in a confirmation step (`confirm_step`); the view changes nothing
without its confirm=yes.
"""

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from assembly.campaigns.forms.outcome import OutcomeForm
from assembly.campaigns.loading import load_campaign
from assembly.campaigns.messages import raisers
from assembly.campaigns.models import ENDED_STAGES, Campaign, Stage
from assembly.campaigns.operations import outcome as operations
from assembly.campaigns.views import bp
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.render import form_status, render


@bp.app_template_global()
def group_victories(group: Group, limit: int | None = operations.ON_GROUP_HOME) -> list[Campaign]:
    """The group's latest victories the visitor may read (the group's home shows them)."""
    return operations.victories(group, g.viewer, limit)


def back_to(group: Group, campaign: Campaign):
    return redirect(url_for("campaigns.show", slug=group.slug, campaign_id=campaign.id))


def chosen_stage(value: str | None) -> Stage:
    """The way of ending asked in the query (a victory unless another is named)."""
    return Stage(value) if value in {stage.value for stage in ENDED_STAGES} else Stage.WON


def end_page(group: Group, campaign: Campaign, form: OutcomeForm, stage: Stage, status=200):
    return render(
        "campaigns/end.html",
        status=status,
        group=group,
        campaign=campaign,
        form=form,
        stage=stage,
        stages=ENDED_STAGES,
        reached=len(raisers(campaign)),
    )


def outcome_form(campaign: Campaign, stage: Stage, formdata=None) -> OutcomeForm:
    """The form for `stage`: the campaign's open needs as boxes, checked on a victory."""
    needs = operations.open_needs(campaign)
    form = OutcomeForm(
        formdata=formdata,
        data={
            "stage": stage.value,
            "resolved": [need.id for need in needs] if stage.victory else [],
        },
    )
    form.resolved.choices = [
        SelectChoice(need.id, f"{need.reference} {need.title}") for need in needs
    ]
    return form


@bp.get("/<int:campaign_id>/end")
@group_view(Role.ORGANIZER)
def end(group: Group, campaign_id: int):
    """How did it end? Then what changed, the needs resolved, and the confirmation."""
    campaign = load_campaign(group, campaign_id)
    if campaign.stage != Stage.ACTIVE:
        flash(_("Only a campaign under way can end."))
        return back_to(group, campaign)
    stage = chosen_stage(request.args.get("stage"))
    return end_page(group, campaign, outcome_form(campaign, stage), stage)


@bp.post("/<int:campaign_id>/end")
@group_view(Role.ORGANIZER)
def confirm_end(group: Group, campaign_id: int):
    """End the campaign: its needs say so, those who raised them are told."""
    campaign = load_campaign(group, campaign_id)
    if campaign.stage != Stage.ACTIVE:
        flash(_("Only a campaign under way can end."))
        return back_to(group, campaign)
    stage = chosen_stage(request.form.get("stage"))
    form = outcome_form(campaign, stage, formdata=request.form)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(url_for("campaigns.end", slug=group.slug, campaign_id=campaign.id))
    if not form.validate_on_submit():
        return end_page(group, campaign, form, stage, status=form_status(form))
    chosen = set(form.resolved.data or ())
    try:
        told = operations.end_campaign(
            campaign,
            stage=stage,
            outcome=form.outcome.data,
            resolved=[need for need in operations.open_needs(campaign) if need.id in chosen],
            by=current_user._get_current_object(),
        )
    except operations.NotNow:
        flash(_("Only a campaign under way can end."))
        return back_to(group, campaign)
    flash(_("The campaign has ended: each of its needs says so."))
    if told:
        flash(
            ngettext(
                "%(num)d person who raised its needs is being told.",
                "%(num)d people who raised its needs are being told.",
                told,
            )
        )
    return back_to(group, campaign)


@bp.post("/<int:campaign_id>/reopen")
@group_view(Role.ORGANIZER)
def reopen(group: Group, campaign_id: int):
    """The campaign goes on: under way again (its needs' traces say so)."""
    campaign = load_campaign(group, campaign_id)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return back_to(group, campaign)
    try:
        operations.reopen_campaign(campaign, by=current_user._get_current_object())
    except operations.NotNow:
        flash(_("This campaign has not ended."))
        return back_to(group, campaign)
    flash(_("The campaign is under way again."))
    return back_to(group, campaign)


@bp.get("/victories")
@group_view()
def victories(group: Group):
    """Every victory of the group the visitor may read, newest first, with what changed."""
    return render(
        "campaigns/victories.html",
        group=group,
        campaigns=operations.victories(group, g.viewer),
    )

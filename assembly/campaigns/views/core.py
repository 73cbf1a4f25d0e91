"""The campaigns' list, a candidate issue opened and edited, the campaign page, its chart."""

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.campaigns.forms.core import CampaignForm, ChartForm, need_refs
from assembly.campaigns.loading import load_campaign
from assembly.campaigns.models import Campaign
from assembly.campaigns.operations import core as operations
from assembly.campaigns.views import bp
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.render import form_status, render


@bp.get("")
@group_view()
def index(group: Group):
    """The group's campaigns the visitor may see: candidate issues (members), under way, ended."""
    return render(
        "campaigns/index.html",
        group=group,
        campaigns=operations.group_campaigns(group, g.viewer),
        editor=Campaign.editable_by(g.viewer),
    )


@bp.route("/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """Open a candidate issue from needs the group gathered."""
    form = CampaignForm(group_id=group.id, viewer=g.viewer)
    if form.validate_on_submit():
        campaign = operations.create_campaign(
            group,
            title=form.title.data,
            problem=form.problem.data or "",
            needs=form.needs,
            by=current_user,
        )
        flash(_("The candidate issue is open: the team can weigh it now."))
        return redirect(url_for("campaigns.show", slug=group.slug, campaign_id=campaign.id))
    return render("campaigns/edit.html", group=group, form=form, status=form_status(form))


@bp.get("/<int:campaign_id>")
@group_view()
def show(group: Group, campaign_id: int):
    """The campaign page: its strategy chart, each part for those who may read it."""
    campaign = load_campaign(group, campaign_id)
    return render(
        "campaigns/show.html",
        group=group,
        campaign=campaign,
        plan=campaign.plan_shown_to(g.viewer),
        strategy=campaign.strategy_shown_to(g.viewer),
        editor=campaign.editable_by(g.viewer),
    )


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit(group: Group, campaign_id: int):
    """Change the campaign's name, problem, needs, public summary and who reads it."""
    campaign = load_campaign(group, campaign_id)
    form = CampaignForm(
        group_id=group.id,
        viewer=g.viewer,
        obj=campaign,
        need_refs=need_refs(campaign.needs),
    )
    if form.validate_on_submit():
        operations.edit_campaign(
            campaign,
            title=form.title.data,
            problem=form.problem.data or "",
            summary=form.summary.data or "",
            public=form.public.data,
            needs=form.needs,
        )
        flash(_("The campaign is saved."))
        return redirect(url_for("campaigns.show", slug=group.slug, campaign_id=campaign.id))
    return render(
        "campaigns/edit.html",
        group=group,
        form=form,
        campaign=campaign,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/chart", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def chart(group: Group, campaign_id: int):
    """Write the chart's goals and organizational considerations."""
    campaign = load_campaign(group, campaign_id)
    form = ChartForm(obj=campaign)
    if form.validate_on_submit():
        operations.chart(
            campaign, **{name: form[name].data or "" for name in operations.CHART_FIELDS}
        )
        flash(_("The strategy chart is saved."))
        return redirect(
            url_for("campaigns.show", slug=group.slug, campaign_id=campaign.id, _anchor="goals")
        )
    return render(
        "campaigns/chart.html",
        group=group,
        campaign=campaign,
        form=form,
        status=form_status(form),
    )

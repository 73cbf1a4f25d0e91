"""The people around a campaign: its targets and stakeholders, and the power map.

Members read the targets (who, their role and organisation, their power, what they care
about) and who the stakeholders are; the team also reads the stakes, the notes on the
targets and the power map (`Campaign.strategy_shown_to`); organizers write them
(`Campaign.editable_by`, the routes' role). The public reads none of it: naming people
and sizing up their weight is the group's plan, not its public word (the demands the
group sends name the target where it chooses to).
"""

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _

from assembly.campaigns import powermap
from assembly.campaigns.forms.people import StakeholderForm, TargetForm
from assembly.campaigns.loading import load_campaign, load_part
from assembly.campaigns.models import Campaign, Stakeholder, StakeholderKind, Target
from assembly.campaigns.operations import people as operations
from assembly.campaigns.views import bp
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.render import form_status, render


@bp.app_template_global()
def campaign_people(campaign: Campaign) -> dict:
    """What the campaign page's part on people shows: targets, stakeholders by kind."""
    stakeholders = operations.stakeholders_of(campaign)
    return {
        "targets": operations.targets_of(campaign),
        "by_kind": [
            (kind, [row for row in stakeholders if row.kind == kind]) for kind in StakeholderKind
        ],
    }


def back_to_people(group: Group, campaign: Campaign, anchor: str):
    return redirect(
        url_for("campaigns.people", slug=group.slug, campaign_id=campaign.id, _anchor=anchor)
    )


@bp.get("/<int:campaign_id>/people")
@group_view(Role.MEMBER)
def people(group: Group, campaign_id: int):
    """Targets and stakeholders; for the team, their stakes, notes and the power map."""
    campaign = load_campaign(group, campaign_id)
    stakeholders = operations.stakeholders_of(campaign)
    strategy = campaign.strategy_shown_to(g.viewer)
    return render(
        "campaigns/people.html",
        group=group,
        campaign=campaign,
        targets=operations.targets_of(campaign),
        stakeholders=stakeholders,
        points=powermap.layout(stakeholders) if strategy else [],
        geometry=powermap,
        stakeholder_kinds=list(StakeholderKind),
        strategy=strategy,
        editor=campaign.editable_by(g.viewer),
    )


@bp.route("/<int:campaign_id>/targets/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_target(group: Group, campaign_id: int):
    """Name a target of the campaign."""
    campaign = load_campaign(group, campaign_id)
    form = TargetForm()
    if form.validate_on_submit():
        target = operations.add_target(campaign, **form.values())
        flash(_("The target is on the chart."))
        return back_to_people(group, campaign, f"target-{target.id}")
    return render(
        "campaigns/target.html",
        group=group,
        campaign=campaign,
        form=form,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/targets/<int:target_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_target(group: Group, campaign_id: int, target_id: int):
    """Correct a target, or take it off the chart."""
    campaign = load_campaign(group, campaign_id)
    target = load_part(Target, campaign, target_id)
    form = TargetForm(data=TargetForm.data_of(target))
    if form.validate_on_submit():
        operations.edit_target(target, campaign, **form.values())
        flash(_("The target is saved."))
        return back_to_people(group, campaign, f"target-{target.id}")
    return render(
        "campaigns/target.html",
        group=group,
        campaign=campaign,
        target=target,
        form=form,
        status=form_status(form),
    )


@bp.post("/<int:campaign_id>/targets/<int:target_id>/remove")
@group_view(Role.ORGANIZER)
def remove_target(group: Group, campaign_id: int, target_id: int):
    """Take a target off the chart, once confirmed."""
    campaign = load_campaign(group, campaign_id)
    target = load_part(Target, campaign, target_id)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(
            url_for(
                "campaigns.edit_target",
                slug=group.slug,
                campaign_id=campaign.id,
                target_id=target.id,
            )
        )
    operations.remove_target(target, campaign)
    flash(_("The target is off the chart."))
    return back_to_people(group, campaign, "targets")


@bp.route("/<int:campaign_id>/stakeholders/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_stakeholder(group: Group, campaign_id: int):
    """Place a constituent, an ally or an opponent on the power map."""
    campaign = load_campaign(group, campaign_id)
    form = StakeholderForm()
    if form.validate_on_submit():
        row = operations.add_stakeholder(campaign, **form.values())
        flash(_("They are on the power map."))
        return back_to_people(group, campaign, f"stakeholder-{row.id}")
    return render(
        "campaigns/stakeholder.html",
        group=group,
        campaign=campaign,
        form=form,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/stakeholders/<int:stakeholder_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_stakeholder(group: Group, campaign_id: int, stakeholder_id: int):
    """Correct a stakeholder, move them on the map, or take them off it."""
    campaign = load_campaign(group, campaign_id)
    row = load_part(Stakeholder, campaign, stakeholder_id)
    form = StakeholderForm(obj=row)
    if form.validate_on_submit():
        operations.edit_stakeholder(row, campaign, **form.values())
        flash(_("The power map is saved."))
        return back_to_people(group, campaign, f"stakeholder-{row.id}")
    return render(
        "campaigns/stakeholder.html",
        group=group,
        campaign=campaign,
        stakeholder=row,
        form=form,
        status=form_status(form),
    )


@bp.post("/<int:campaign_id>/stakeholders/<int:stakeholder_id>/remove")
@group_view(Role.ORGANIZER)
def remove_stakeholder(group: Group, campaign_id: int, stakeholder_id: int):
    """Take a stakeholder off the map, once confirmed."""
    campaign = load_campaign(group, campaign_id)
    row = load_part(Stakeholder, campaign, stakeholder_id)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(
            url_for(
                "campaigns.edit_stakeholder",
                slug=group.slug,
                campaign_id=campaign.id,
                stakeholder_id=row.id,
            )
        )
    operations.remove_stakeholder(row, campaign)
    flash(_("They are off the power map."))
    return back_to_people(group, campaign, "stakeholders")

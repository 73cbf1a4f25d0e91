"""Demands, negotiation and commitments: members read them (`Campaign.plan_shown_to`),
organizers write them (`Campaign.editable_by`). The letter prints on its own page and
downloads as an ODT; a commitment's state shows as late once its date has passed
(`Commitment.effective_state`), whatever the sender has written yet."""

from types import SimpleNamespace

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.campaigns.forms.demands import (
    CommitmentStateForm,
    DemandForm,
)
from assembly.campaigns.letters import letter_odt, paragraphs
from assembly.campaigns.loading import load_campaign, load_part
from assembly.campaigns.models import (
    Campaign,
    Commitment,
    CommitmentState,
    Demand,
    ExchangeKind,
)
from assembly.campaigns.operations import demands as operations
from assembly.campaigns.operations.people import targets_of
from assembly.campaigns.views import bp
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.odt import odt_download, odt_filename
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, in_site_language, render

# What the group's home lists of the late commitments; the campaign pages hold the rest.
HOME_LATE = 5

bp.add_app_template_global(CommitmentState, "CommitmentState")
bp.add_app_template_global(ExchangeKind, "ExchangeKind")
bp.add_app_template_filter(paragraphs, "paragraphs")


# Template helpers: the campaign page's part, the group's home


@bp.app_template_global()
def campaign_today():
    """Today in the group's time zone: what `Commitment.effective_state` is read against."""
    return operations.local_today()


@bp.app_template_global()
def demands_part(campaign: Campaign) -> SimpleNamespace:
    """The campaign page's summary: each demand with its commitments, the commitments of
    no demand, and how many are late."""
    commitments = operations.commitments_of(campaign)
    today = operations.local_today()
    by_demand: dict[int | None, list[Commitment]] = {}
    for commitment in commitments:
        by_demand.setdefault(commitment.demand_id, []).append(commitment)
    return SimpleNamespace(
        demands=[
            (demand, by_demand.get(demand.id, []))
            for demand in operations.campaign_demands(campaign)
        ],
        loose=by_demand.get(None, []),
        late=sum(c.effective_state(today) == CommitmentState.LATE for c in commitments),
        today=today,
    )


@bp.app_template_global()
def late_commitments_home(group: Group) -> list[SimpleNamespace]:
    """The group home's "late commitments", for members: the longest overdue first."""
    if not g.viewer.is_member:
        return []
    late = operations.late_commitments(group, operations.local_today(), limit=HOME_LATE)
    campaigns = {c.campaign_id: db.session.get(Campaign, c.campaign_id) for c in late}
    return [SimpleNamespace(commitment=c, campaign=campaigns[c.campaign_id]) for c in late]


# Loaders


def load_demand(group: Group, campaign_id: int, demand_id: int) -> tuple[Campaign, Demand]:
    """The campaign and its demand, or 404."""
    campaign = load_campaign(group, campaign_id)
    return campaign, load_part(Demand, campaign, demand_id)


def targets_url(group: Group, campaign: Campaign) -> str:
    """Where the team adds a target."""
    return url_for("campaigns.new_target", slug=group.slug, campaign_id=campaign.id)


def demand_url(group: Group, campaign: Campaign, demand_id: int | None, anchor=None) -> str:
    """A demand's page, or the list of demands for what belongs to none."""
    if demand_id is None:
        return url_for("campaigns.demands", slug=group.slug, campaign_id=campaign.id)
    return url_for(
        "campaigns.demand",
        slug=group.slug,
        campaign_id=campaign.id,
        demand_id=demand_id,
        _anchor=anchor,
    )


# Demands


@bp.get("/<int:campaign_id>/demands")
@group_view(Role.MEMBER)
def demands(group: Group, campaign_id: int):
    """Every demand of the campaign, its state, and the commitments with theirs."""
    campaign = load_campaign(group, campaign_id)
    return render(
        "campaigns/demands.html",
        group=group,
        campaign=campaign,
        editor=campaign.editable_by(g.viewer),
        part=demands_part(campaign),
    )


def demand_form(campaign: Campaign, **kwargs) -> DemandForm:
    form = DemandForm(**kwargs)
    form.offer(form.target, targets_of(campaign), lambda t: t.label, none=_("no target yet"))
    return form


@bp.route("/<int:campaign_id>/demands/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_demand(group: Group, campaign_id: int):
    """Write down a demand and its letter, sent or still to send."""
    campaign = load_campaign(group, campaign_id)
    form = demand_form(campaign)
    if form.validate_on_submit():
        fallback = url_for("campaigns.demands", slug=group.slug, campaign_id=campaign.id)
        after = first_result(form, fallback=fallback)
        if after is None:
            demand = operations.write_demand(
                campaign,
                what=form.what.data,
                target=form.chosen(form.target),
                letter=form.letter.data or "",
                sent_on=form.sent_on.data,
                sent_how=form.sent_how_value(),
                by=current_user,
            )
            after = remember_result(form, demand_url(group, campaign, demand.id))
            flash(_("The demand is written down."))
        return redirect(after)
    return demand_page_form(group, campaign, form)


def demand_page_form(group, campaign, form, demand=None):
    return render(
        "campaigns/demand_form.html",
        group=group,
        campaign=campaign,
        demand=demand,
        form=form,
        targets_url=targets_url(group, campaign),
        status=form_status(form),
    )


@bp.get("/<int:campaign_id>/demands/<int:demand_id>")
@group_view(Role.MEMBER)
def demand(group: Group, campaign_id: int, demand_id: int):
    """A demand, its letter, the target's answers and meetings in date order, and what it
    promised."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    return demand_page(group, campaign, demand)


def demand_page(group, campaign, demand, *, failed: tuple[int, CommitmentStateForm] | None = None):
    """The demand's page; `failed` is a commitment's state form sent back with its error."""
    editor = campaign.editable_by(g.viewer)
    commitments = operations.commitments_of(campaign, demand)
    forms = {}
    if editor:
        for commitment in commitments:
            forms[commitment.id] = CommitmentStateForm(
                formdata=None, state=commitment.state.value
            ).with_ids(f"c{commitment.id}-")
        if failed:
            forms[failed[0]] = failed[1].with_ids(f"c{failed[0]}-")
    return render(
        "campaigns/demand.html",
        group=group,
        campaign=campaign,
        demand=demand,
        exchanges=operations.exchanges_of(demand),
        commitments=commitments,
        changes=operations.last_changes(commitments),
        state_forms=forms,
        editor=editor,
        today=operations.local_today(),
        status=400 if failed else 200,
    )


@bp.route("/<int:campaign_id>/demands/<int:demand_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_demand(group: Group, campaign_id: int, demand_id: int):
    """Change a demand: what, to whom, when and how it was sent, the letter."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    form = demand_form(
        campaign,
        obj=demand,
        data={"target": str(demand.target_id or ""), "sent_how": demand.sent_how or ""},
    )
    if form.validate_on_submit():
        target = form.chosen(form.target)
        operations.edit_demand(
            demand,
            campaign,
            what=form.what.data,
            target_id=target.id if target else None,
            letter=form.letter.data or "",
            sent_on=form.sent_on.data,
            sent_how=form.sent_how_value(),
        )
        flash(_("The demand is saved."))
        return redirect(demand_url(group, campaign, demand.id))
    return demand_page_form(group, campaign, form, demand)


@bp.post("/<int:campaign_id>/demands/<int:demand_id>/delete")
@group_view(Role.ORGANIZER)
def delete_demand(group: Group, campaign_id: int, demand_id: int):
    """Delete a demand, after the confirmation step."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    if not confirmed():
        abort(400)
    operations.delete_demand(demand, campaign)
    flash(_("The demand is deleted."))
    return redirect(demand_url(group, campaign, None))


@bp.get("/<int:campaign_id>/demands/<int:demand_id>/letter")
@group_view(Role.MEMBER)
@in_site_language
def demand_letter(group: Group, campaign_id: int, demand_id: int):
    """The letter on a clean A4 page, to print: the group, the date, the target, the text.
    In the language the group writes to institutions in: a letter to a French landlord
    dated in Arabic would not be sent."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    dated = demand.sent_on or operations.local_today()
    return render(
        "campaigns/letter.html",
        group=group,
        campaign=campaign,
        demand=demand,
        dated=dated,
    )


@bp.get("/<int:campaign_id>/demands/<int:demand_id>/letter.odt")
@group_view(Role.MEMBER)
@in_site_language
def demand_odt(group: Group, campaign_id: int, demand_id: int):
    """The letter as an ODT file, to finish in LibreOffice: the page's words."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    dated = demand.sent_on or operations.local_today()
    data = letter_odt(group, demand, title=campaign.title, dated=dated)
    name = odt_filename(
        _("letter of demands"), dated.isoformat(), campaign.title, fallback="letter"
    )
    return odt_download(data, name)

"""The target's answers and meetings with it, and its commitments: written from a demand's page
(views/demands.py), held to their date."""

from flask import abort, flash, redirect
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from assembly.campaigns.forms.demands import (
    CommitmentForm,
    CommitmentStateForm,
    ExchangeForm,
)
from assembly.campaigns.loading import load_campaign, load_part
from assembly.campaigns.models import (
    Campaign,
    Commitment,
    CommitmentState,
    Demand,
    Exchange,
)
from assembly.campaigns.operations import demands as operations
from assembly.campaigns.views import bp
from assembly.campaigns.views.demands import demand_page, demand_url, load_demand
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render

# The target's answers and the meetings with it


@bp.route("/<int:campaign_id>/demands/<int:demand_id>/exchanges/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_exchange(group: Group, campaign_id: int, demand_id: int):
    """Write down the target's answer to a demand, or a meeting with it."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    form = ExchangeForm()
    if form.validate_on_submit():
        after = first_result(form, fallback=demand_url(group, campaign, demand.id))
        if after is None:
            exchange = operations.log_exchange(
                demand,
                campaign,
                kind=form.kind_value(),
                happened_on=form.happened_on.data,
                who_went=form.who_went.data or "",
                said=form.said.data or "",
                by=current_user,
            )
            anchor = f"exchange-{exchange.id}"
            after = remember_result(form, demand_url(group, campaign, demand.id, anchor))
            flash(_("It is written down."))
        return redirect(after)
    return exchange_page_form(group, campaign, demand, form)


def exchange_page_form(group, campaign, demand, form, exchange=None):
    return render(
        "campaigns/exchange_form.html",
        group=group,
        campaign=campaign,
        demand=demand,
        exchange=exchange,
        form=form,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/exchanges/<int:exchange_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_exchange(group: Group, campaign_id: int, exchange_id: int):
    """Change an answer or a meeting with the target."""
    campaign = load_campaign(group, campaign_id)
    exchange = load_part(Exchange, campaign, exchange_id)
    demand = db.session.get(Demand, exchange.demand_id) if exchange.demand_id else None
    form = ExchangeForm(obj=exchange)
    if form.validate_on_submit():
        operations.edit_exchange(
            exchange,
            campaign,
            kind=form.kind_value(),
            happened_on=form.happened_on.data,
            who_went=form.who_went.data or "",
            said=form.said.data or "",
        )
        flash(_("It is saved."))
        return redirect(demand_url(group, campaign, exchange.demand_id, f"exchange-{exchange.id}"))
    return exchange_page_form(group, campaign, demand, form, exchange)


@bp.post("/<int:campaign_id>/exchanges/<int:exchange_id>/delete")
@group_view(Role.ORGANIZER)
def delete_exchange(group: Group, campaign_id: int, exchange_id: int):
    """Delete an answer or a meeting, after the confirmation step."""
    campaign = load_campaign(group, campaign_id)
    exchange = load_part(Exchange, campaign, exchange_id)
    if not confirmed():
        abort(400)
    demand_id = exchange.demand_id
    operations.delete_exchange(exchange, campaign)
    flash(_("It is deleted."))
    return redirect(demand_url(group, campaign, demand_id))


# Commitments


def commitment_form(campaign: Campaign, demand: Demand | None, **kwargs) -> CommitmentForm:
    form = CommitmentForm(**kwargs)
    exchanges = operations.exchanges_of(demand) if demand else []
    form.offer(
        form.exchange,
        exchanges,
        lambda e: f"{e.kind.label} · {format_date(e.happened_on, 'medium')}",
        none=_("nowhere in particular"),
    )
    return form


@bp.route("/<int:campaign_id>/demands/<int:demand_id>/commitments/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_commitment(group: Group, campaign_id: int, demand_id: int):
    """Write down what the target promised about a demand, by when, in whose words."""
    campaign, demand = load_demand(group, campaign_id, demand_id)
    form = commitment_form(campaign, demand)
    if form.validate_on_submit():
        after = first_result(form, fallback=demand_url(group, campaign, demand.id))
        if after is None:
            commitment = operations.record_commitment(
                demand,
                campaign,
                what=form.what.data,
                due_on=form.due_on.data,
                words=form.words.data or "",
                said_by=form.said_by.data or "",
                exchange=form.chosen(form.exchange),
                by=current_user,
            )
            anchor = f"commitment-{commitment.id}"
            after = remember_result(form, demand_url(group, campaign, demand.id, anchor))
            flash(_("The commitment is written down."))
        return redirect(after)
    return commitment_page_form(group, campaign, demand, form)


def commitment_page_form(group, campaign, demand, form, commitment=None):
    return render(
        "campaigns/commitment_form.html",
        group=group,
        campaign=campaign,
        demand=demand,
        commitment=commitment,
        form=form,
        status=form_status(form),
    )


def load_commitment(group: Group, campaign_id: int, commitment_id: int):
    """The campaign, its commitment and the commitment's demand (if any), or 404."""
    campaign = load_campaign(group, campaign_id)
    commitment = load_part(Commitment, campaign, commitment_id)
    return campaign, commitment, commitment.demand


@bp.route("/<int:campaign_id>/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_commitment(group: Group, campaign_id: int, commitment_id: int):
    """Change what was promised, its date, its words."""
    campaign, commitment, demand = load_commitment(group, campaign_id, commitment_id)
    form = commitment_form(
        campaign, demand, obj=commitment, data={"exchange": str(commitment.exchange_id or "")}
    )
    if form.validate_on_submit():
        exchange = form.chosen(form.exchange)
        operations.edit_commitment(
            commitment,
            campaign,
            what=form.what.data,
            due_on=form.due_on.data,
            words=form.words.data or "",
            said_by=form.said_by.data or "",
            exchange_id=exchange.id if exchange else None,
        )
        flash(_("The commitment is saved."))
        anchor = f"commitment-{commitment.id}"
        return redirect(demand_url(group, campaign, commitment.demand_id, anchor))
    return commitment_page_form(group, campaign, demand, form, commitment)


@bp.post("/<int:campaign_id>/commitments/<int:commitment_id>/state")
@group_view(Role.ORGANIZER)
def mark_commitment(group: Group, campaign_id: int, commitment_id: int):
    """The team's word on a commitment: kept, broken, or pending again; journaled."""
    campaign, commitment, demand = load_commitment(group, campaign_id, commitment_id)
    form = CommitmentStateForm()
    if not form.validate_on_submit():
        if demand is None:
            abort(400)  # the list of demands has no form to send back
        return demand_page(group, campaign, demand, failed=(commitment.id, form))
    state = CommitmentState(form.state.data)
    if operations.mark_commitment(commitment, campaign, state, note=form.note.data or ""):
        flash(_("The commitment is now: %(state)s.", state=state.label))
    anchor = f"commitment-{commitment.id}"
    return redirect(demand_url(group, campaign, commitment.demand_id, anchor))


@bp.post("/<int:campaign_id>/commitments/<int:commitment_id>/delete")
@group_view(Role.ORGANIZER)
def delete_commitment(group: Group, campaign_id: int, commitment_id: int):
    """Delete a commitment written by mistake, after the confirmation step."""
    campaign, commitment, _demand = load_commitment(group, campaign_id, commitment_id)
    if not confirmed():
        abort(400)
    demand_id = commitment.demand_id
    operations.delete_commitment(commitment, campaign)
    flash(_("The commitment is deleted."))
    return redirect(demand_url(group, campaign, demand_id))

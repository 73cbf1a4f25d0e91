"""Signing a petition: a public, short and stable address (`/p/<id>` under the group's
campaigns), no account, no script; then a receipt with the count.

The petition is shown to whoever may see its campaign (`Campaign.visible_to`).
"""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from assembly.campaigns.forms.petitions import SignForm
from assembly.campaigns.loading import load_campaign
from assembly.campaigns.models import Campaign, Petition, Signature
from assembly.campaigns.operations import counting
from assembly.campaigns.operations import petitions as operations
from assembly.campaigns.views import bp
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.visitor import address_key, limit_public_form, signed_in_user


def load_petition(group: Group, petition_id: int) -> tuple[Campaign, Petition]:
    """A petition of a campaign of `group` the visitor may see, with its campaign, or 404."""
    petition = db.session.get(Petition, petition_id)
    if petition is None:
        abort(404)
    return load_campaign(group, petition.campaign_id), petition


@bp.route("/p/<int:petition_id>", methods=["GET", "POST"])
@group_view()
@limit_public_form
def sign(group: Group, petition_id: int):
    """The petition's text and its signing form: name, building or street, whether one
    lives here, and a contact only if one wishes."""
    campaign, petition = load_petition(group, petition_id)
    form = SignForm()
    is_open = petition.open_at(utcnow())
    if is_open and form.validate_on_submit():
        home = url_for("campaigns.sign", slug=group.slug, petition_id=petition.id)
        if form.sent_by_robot():  # pretend all went well
            return redirect(home)
        if done := first_result(form, fallback=home):
            return redirect(done)  # sent before (back button, double tap)
        try:
            signature = operations.sign(
                petition,
                name=form.name.data,
                place=form.place.data,
                lives_here=form.lives_here.data == "yes",
                contact=form.consented_contact(),
                wording=form.consent_wording(),
                reminders_wording=form.reminders_wording(),
                user=signed_in_user(),
                address_key=address_key(),
            )
        except operations.PetitionClosed:
            db.session.rollback()
            flash(_("This petition no longer takes signatures."))
            return redirect(home)
        receipt = url_for(
            "campaigns.signed", slug=group.slug, petition_id=petition.id, signature_id=signature.id
        )
        return redirect(remember_result(form, receipt))
    if not is_open and form.is_submitted():
        flash(_("This petition does not take signatures now."))
    return render(
        "campaigns/petitions/sign.html",
        group=group,
        petition=petition,
        campaign=campaign,
        form=form,
        is_open=is_open,
        tally=counting.tally(petition.id),
        status=form_status(form) if is_open else 200,
    )


@bp.get("/p/<int:petition_id>/receipt/<int:signature_id>")
@group_view()
def signed(group: Group, petition_id: int, signature_id: int):
    """The receipt after signing: thanks, the count, and whether the team checks it first.
    It names nobody: its address may be passed on."""
    campaign, petition = load_petition(group, petition_id)
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.petition_id != petition.id:
        abort(404)
    return render(
        "campaigns/petitions/receipt.html",
        group=group,
        petition=petition,
        campaign=campaign,
        signature=signature,
        tally=counting.tally(petition.id),
    )

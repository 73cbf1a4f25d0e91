"""A petition for the team: written and opened by organizers; its counts per building and
street; the paper sheet to print and the batch form to type sheets in; the review of
signatures that look alike or wait past an address's cap; the handover to the target.

(Signing is public: views/signing.py.)
"""

from datetime import datetime

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, to_utc
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from assembly.campaigns.forms.petitions import (
    BATCH_ROWS,
    PAPER_CONSENT,
    BatchForm,
    DeliverForm,
    PetitionForm,
)
from assembly.campaigns.loading import load_campaign, load_part
from assembly.campaigns.models import Campaign, Petition, Signature, Target
from assembly.campaigns.operations import counting
from assembly.campaigns.operations import petitions as operations
from assembly.campaigns.operations.people import targets_of
from assembly.campaigns.views import bp
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.inputs import whole_number
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, in_site_language, render

REVIEWED_AT_ONCE = 100  # flagged or held signatures shown on the review page
SHEET_LINES = 15  # lines of an A4 sheet, as the batch form's page
MAX_PLACES = 60  # places listed one by one on the counts page; the rest on one line


@bp.app_template_global()
def petitions_of(campaign: Campaign) -> list[tuple[Petition, counting.Tally, bool]]:
    """The campaign's petitions, each with its counts (one grouped query) and whether it
    takes signatures now, for the campaign's page."""
    now = utcnow()
    return [
        (petition, counting.tally(petition.id), petition.open_at(now))
        for petition in operations.campaign_petitions(campaign)
    ]


def _load(group: Group, campaign_id: int, petition_id: int) -> tuple[Campaign, Petition]:
    campaign = load_campaign(group, campaign_id)
    return campaign, load_part(Petition, campaign, petition_id)


def _targets(campaign: Campaign) -> dict[str, Target]:
    return {str(target.id): target for target in targets_of(campaign)}


def _petition_form(campaign: Campaign, **kwargs) -> tuple[PetitionForm, dict[str, Target]]:
    form = PetitionForm(**kwargs)
    targets = _targets(campaign)
    form.target.choices = [SelectChoice("", _("— no target yet —"))] + [
        SelectChoice(key, target.label) for key, target in targets.items()
    ]
    return form, targets


def _page(group: Group, petition: Petition, anchor: str | None = None):
    return redirect(
        url_for(
            "campaigns.petition",
            slug=group.slug,
            campaign_id=petition.campaign_id,
            petition_id=petition.id,
            _anchor=anchor,
        )
    )


@bp.route("/<int:campaign_id>/petitions/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_petition(group: Group, campaign_id: int):
    """Write a petition of the campaign, to one of its targets."""
    campaign = load_campaign(group, campaign_id)
    form, targets = _petition_form(campaign)
    if form.validate_on_submit():
        petition = operations.create_petition(
            campaign,
            title=form.title.data,
            text=form.text.data,
            target=targets.get(form.target.data),
            by=current_user,
        )
        flash(_("The petition is written: open it when it may be signed."))
        return _page(group, petition)
    return render(
        "campaigns/petitions/edit.html",
        group=group,
        campaign=campaign,
        form=form,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/petitions/<int:petition_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit_petition(group: Group, campaign_id: int, petition_id: int):
    """Change the petition's words or its target."""
    campaign, petition = _load(group, campaign_id, petition_id)
    data = None
    if request.method == "GET":
        data = {
            "title": petition.title,
            "text": petition.text,
            "target": str(petition.target_id or ""),
        }
    form, targets = _petition_form(campaign, data=data)
    if form.validate_on_submit():
        operations.edit_petition(
            petition,
            title=form.title.data,
            text=form.text.data,
            target=targets.get(form.target.data),
        )
        flash(_("The petition is saved."))
        return _page(group, petition)
    return render(
        "campaigns/petitions/edit.html",
        group=group,
        campaign=campaign,
        petition=petition,
        form=form,
        status=form_status(form),
    )


@bp.post("/<int:campaign_id>/petitions/<int:petition_id>/state")
@group_view(Role.ORGANIZER)
def petition_state(group: Group, campaign_id: int, petition_id: int):
    """Open the petition for signing, or close it."""
    _campaign, petition = _load(group, campaign_id, petition_id)
    state = request.form.get("state")
    if state not in ("open", "closed"):
        abort(400)
    operations.set_open(petition, state == "open")
    flash(
        _("The petition is open for signing.") if state == "open" else _("The petition is closed.")
    )
    return _page(group, petition)


@bp.get("/<int:campaign_id>/petitions/<int:petition_id>")
@group_view(Role.FACILITATOR)
def petition(group: Group, campaign_id: int, petition_id: int):
    """The team's page of a petition: its state, its counts per building and street (a
    table and a bar chart drawn from it), and the team's tools."""
    campaign, petition = _load(group, campaign_id, petition_id)
    places, tally = counting.counts_by_place(petition)
    return render(
        "campaigns/petitions/page.html",
        group=group,
        campaign=campaign,
        petition=petition,
        places=places,
        max_places=MAX_PLACES,
        tally=tally,
        is_open=petition.open_at(utcnow()),
        editor=campaign.editable_by(g.viewer),
    )


def _short_url(group: Group, petition: Petition) -> str:
    return url_for("campaigns.sign", slug=group.slug, petition_id=petition.id, _external=True)


@bp.get("/<int:campaign_id>/petitions/<int:petition_id>/sheet")
@group_view(Role.FACILITATOR)
@in_site_language
def petition_sheet(group: Group, campaign_id: int, petition_id: int):
    """The A4 sheet to print: the text and target on top, a QR code to the online form,
    and lines to sign. The street signs it and the target receives it: in the site's
    language."""
    campaign, petition = _load(group, campaign_id, petition_id)
    url = _short_url(group, petition)
    import segno  # loaded when a QR code is first drawn, not at start (memory)

    # Inline, as a data URI (as the meeting's wall): no second request, crisp at any size.
    qr = segno.make(url, error="m").svg_data_uri(scale=3, border=2)
    return render(
        "campaigns/petitions/sheet.html",
        group=group,
        campaign=campaign,
        petition=petition,
        url=url.split("://", 1)[-1],
        qr=qr,
        consent=PAPER_CONSENT,
        rows=range(1, SHEET_LINES + 1),
    )


@bp.route("/<int:campaign_id>/petitions/<int:petition_id>/batch", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def petition_batch(group: Group, campaign_id: int, petition_id: int):
    """Type in paper sheets, 15 lines a page, from the keyboard alone; blank lines skipped."""
    campaign, petition = _load(group, campaign_id, petition_id)
    form = BatchForm()
    if form.validate_on_submit():
        again = url_for(
            "campaigns.petition_batch",
            slug=group.slug,
            campaign_id=campaign.id,
            petition_id=petition.id,
        )
        if done := first_result(form, fallback=again):
            return redirect(done)
        batch = operations.type_batch(
            petition,
            sheet=form.sheet.data,
            rows=form.typed_rows(),
            wording=str(PAPER_CONSENT),
            by=current_user,
        )
        flash(
            ngettext(
                "%(num)d signature typed in from “%(sheet)s”.",
                "%(num)d signatures typed in from “%(sheet)s”.",
                batch.count,
                sheet=batch.sheet,
            )
        )
        return redirect(remember_result(form, again))
    return render(
        "campaigns/petitions/batch.html",
        group=group,
        campaign=campaign,
        petition=petition,
        form=form,
        lines=BATCH_ROWS,
        status=form_status(form),
    )


@bp.get("/<int:campaign_id>/petitions/<int:petition_id>/review")
@group_view(Role.FACILITATOR)
def petition_review(group: Group, campaign_id: int, petition_id: int):
    """Signatures that look like another, each beside it, and those held past an
    address's cap: the team decides."""
    campaign, petition = _load(group, campaign_id, petition_id)
    held = operations.held_signatures(petition, REVIEWED_AT_ONCE)
    return render(
        "campaigns/petitions/review.html",
        group=group,
        campaign=campaign,
        petition=petition,
        flagged=operations.to_review(petition, REVIEWED_AT_ONCE),
        held=held,
        through=held[-1].id if held else 0,
        tally=counting.tally(petition.id),
    )


def _back_to_review(group: Group, petition: Petition):
    return redirect(
        url_for(
            "campaigns.petition_review",
            slug=group.slug,
            campaign_id=petition.campaign_id,
            petition_id=petition.id,
        )
    )


@bp.post("/<int:campaign_id>/petitions/<int:petition_id>/signatures/<int:signature_id>/review")
@group_view(Role.FACILITATOR)
def review_signature(group: Group, campaign_id: int, petition_id: int, signature_id: int):
    """Say whether a flagged signature is the same person as the one it looks like."""
    _campaign, petition = _load(group, campaign_id, petition_id)
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.petition_id != petition.id:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("same", "distinct"):
        abort(400)
    if not operations.review_signature(signature, same=decision == "same", by=current_user):
        flash(_("This signature was not waiting for a check."))
    elif decision == "same":
        flash(_("Same person: the signature is no longer counted."))
    else:
        flash(_("Different people: both signatures count."))
    return _back_to_review(group, petition)


@bp.post("/<int:campaign_id>/petitions/<int:petition_id>/held")
@group_view(Role.FACILITATOR)
def review_held(group: Group, campaign_id: int, petition_id: int):
    """Count the signatures held past an address's cap, or set them aside (confirmed).

    `through` is the newest held signature the page showed: later ones wait for a look.
    """
    _campaign, petition = _load(group, campaign_id, petition_id)
    decision = request.form.get("decision")
    through = whole_number(request.form.get("through"))
    if decision not in ("count", "discard") or through is None:
        abort(400)
    if decision == "discard" and not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return _back_to_review(group, petition)
    reviewed = operations.review_held(
        petition, count=decision == "count", through=through, by=current_user
    )
    if decision == "count":
        flash(
            ngettext(
                "%(num)d signature is now counted.", "%(num)d signatures are now counted.", reviewed
            )
        )
    else:
        flash(
            ngettext(
                "%(num)d signature was set aside.", "%(num)d signatures were set aside.", reviewed
            )
        )
    return _back_to_review(group, petition)


@bp.route("/<int:campaign_id>/petitions/<int:petition_id>/deliver", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def deliver_petition(group: Group, campaign_id: int, petition_id: int):
    """Hand the petition to its target: an action of the campaign, with the count."""
    campaign, petition = _load(group, campaign_id, petition_id)
    suggested = {"title": _("Petition handover: %(title)s", title=petition.title)[:140]}
    form = DeliverForm(data=None if request.method == "POST" else suggested)
    if form.validate_on_submit():
        action = operations.deliver(
            petition,
            title=form.title.data,
            starts_at=to_utc(datetime.combine(form.date.data, form.time.data)),
            place=form.place.data or "",
            by=current_user,
        )
        flash(
            ngettext(
                "The handover is planned with %(num)d signature.",
                "The handover is planned with %(num)d signatures.",
                action.delivered_count,
            )
        )
        return _page(group, petition)
    return render(
        "campaigns/petitions/deliver.html",
        group=group,
        campaign=campaign,
        petition=petition,
        form=form,
        tally=counting.tally(petition.id),
        status=form_status(form),
    )


@bp.get("/<int:campaign_id>/petitions/<int:petition_id>/list")
@group_view(Role.FACILITATOR)
def petition_list(group: Group, campaign_id: int, petition_id: int):
    """The list to hand to the target: names and buildings of the counted signatures."""
    campaign, petition = _load(group, campaign_id, petition_id)
    return render(
        "campaigns/petitions/list.html",
        group=group,
        campaign=campaign,
        petition=petition,
        signatures=counting.delivered_list(petition),
        now=utcnow(),
    )

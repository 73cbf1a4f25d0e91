"""A person's page (organizers): who they are, how to reach them under which consent, and
everything they did with the group; adding and correcting a card; consents by hand."""

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.people import book
from assembly.people.activity import activities
from assembly.people.forms import ConsentForm, PersonForm
from assembly.people.models import Consent, ConsentPurpose, ConsentSource, Person
from assembly.people.operations import (
    CARD_FIELDS,
    create_person,
    ladder,
    record_consent,
    take_back_consent,
    update_person,
)
from assembly.people.views import bp, load_person
from assembly.trace.operations import events_for
from assembly.web.contact import shown_phone
from assembly.web.i18n import LANGUAGE_NAMES
from assembly.web.once import SentOnce, first_result, remember_result
from assembly.web.render import form_status, render

ACTIVITY_MOST = 100  # lines on the page, newest first; a leader's whole story can be long


class NewPersonForm(SentOnce, PersonForm):
    """A new card, sent once: a double tap adds one person, not two."""


def languages() -> dict[str, str]:
    """The languages the site writes messages in, by code, in their own words."""
    return {code: LANGUAGE_NAMES.get(code, code) for code in current_app.config["LANGUAGES"]}


def card_data(person: Person) -> dict:
    """A card as its form shows it: the phone written the usual way."""
    data = {name: getattr(person, name) or "" for name in CARD_FIELDS}
    data["phone"] = shown_phone(person.phone)
    data["preferred_channel"] = person.preferred_channel.value if person.preferred_channel else ""
    return data


def load_consent(person: Person, consent_id: int) -> Consent:
    """The person's consent `consent_id`, or 404."""
    consent = next((c for c in person.consents if c.id == consent_id), None)
    if consent is None:
        abort(404)
    return consent


def person_page(group: Group, person: Person, consent_form=None, status: int = 200):
    lines = activities(person)
    return render(
        "people/show.html",
        status=status,
        group=group,
        person=person,
        uses=book.uses(person),
        ladder=ladder(group),
        lines=lines[:ACTIVITY_MOST],
        more=max(len(lines) - ACTIVITY_MOST, 0),
        consent_form=consent_form or ConsentForm(formdata=None),
        events=events_for(Person.__tablename__, person.id),
    )


@bp.get("/g/<slug>/people/<int:person_id>")
@group_view(Role.ORGANIZER)
def show(group: Group, person_id: int):
    """Who they are, how to reach them, their consents, and what they did, newest first."""
    return person_page(group, load_person(group, person_id))


@bp.route("/g/<slug>/people/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """Add someone the team met to the book; consents come after, on their page."""
    form = NewPersonForm(languages=languages())
    if form.validate_on_submit():
        if done := first_result(form, fallback=url_for("people.index", slug=group.slug)):
            return redirect(done)  # sent before (back button, double tap)
        person = create_person(group, **form.card())
        flash(_("%(name)s is in the contact book. Record their consents below.", name=person.label))
        page = url_for("people.show", slug=group.slug, person_id=person.id)
        return redirect(remember_result(form, page))
    return render("people/edit.html", group=group, form=form, person=None, status=form_status(form))


@bp.route("/g/<slug>/people/<int:person_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit(group: Group, person_id: int):
    """Correct a card. Sensitive notes are refused next to their box without a live
    consent for them."""
    person = load_person(group, person_id)
    form = PersonForm(person=person, languages=languages(), data=card_data(person))
    if form.validate_on_submit():
        update_person(person, **form.card())
        flash(_("The card is saved."))
        return redirect(url_for("people.show", slug=group.slug, person_id=person.id))
    return render(
        "people/edit.html", group=group, form=form, person=person, status=form_status(form)
    )


@bp.post("/g/<slug>/people/<int:person_id>/consents")
@group_view(Role.ORGANIZER)
def give_consent(group: Group, person_id: int):
    """Record a consent collected on paper, by phone, at the door or at a meeting."""
    person = load_person(group, person_id)
    form = ConsentForm()
    if not form.validate_on_submit():
        return person_page(group, person, consent_form=form, status=400)
    page = url_for("people.show", slug=group.slug, person_id=person.id, _anchor="consents")
    if not first_result(form, fallback=page):
        purpose = ConsentPurpose(form.purpose.data)
        record_consent(
            person, purpose, ConsentSource(form.source.data), by=current_user._get_current_object()
        )
        remember_result(form, page)
        flash(_("Consent recorded: %(purpose)s.", purpose=purpose.label))
    return redirect(page)


@bp.post("/g/<slug>/people/<int:person_id>/consents/<int:consent_id>/withdraw")
@group_view(Role.ORGANIZER)
def withdraw_consent(group: Group, person_id: int, consent_id: int):
    """The person takes a consent back: it stays on their page, withdrawn, with the date."""
    person = load_person(group, person_id)
    consent = load_consent(person, consent_id)
    was_live = consent.live()
    take_back_consent(person, consent)
    if was_live:
        flash(_("Consent withdrawn: %(purpose)s.", purpose=consent.purpose.label))
    return redirect(
        url_for("people.show", slug=group.slug, person_id=person.id, _anchor="consents")
    )

"""Possible duplicates in the contact book, and merging a pair the team confirms."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.people.merging import MergeRefused, merge_people, possible_duplicates
from assembly.people.models import Person
from assembly.people.views import bp, load_person
from assembly.web.inputs import asked_page, page_count, whole_number
from assembly.web.render import render

PAIRS_SHOWN = 20  # a page of pairs; each merge takes one off the list


def duplicates_page(group: Group, refused: dict | None = None, status: int = 200):
    """The pairs offered, a page at a time; after a refused merge, `refused` ({"ids": the
    pair's ids, "message": why}) is said next to its pair."""
    pairs = possible_duplicates(group)
    pages = page_count(len(pairs), PAIRS_SHOWN)
    page = asked_page(pages)
    shown = pairs[(page - 1) * PAIRS_SHOWN : page * PAIRS_SHOWN]
    ids = {person_id for pair in shown for person_id in (pair.first, pair.second)}
    people = db.session.scalars(db.select(Person).where(Person.id.in_(ids))).all()
    return render(
        "people/duplicates.html",
        status=status,
        group=group,
        pairs=shown,
        total=len(pairs),
        page=page,
        pages=pages,
        people={person.id: person for person in people},
        refused=refused,
        shown_ids=[pair.ids for pair in shown],
    )


@bp.get("/g/<slug>/people/duplicates")
@group_view(Role.ORGANIZER)
def duplicates(group: Group):
    """Pairs of cards that may be one person: same phone or e-mail, or same building and a
    similar name. Nothing is merged until the team chooses which card stays."""
    return duplicates_page(group)


@bp.post("/g/<slug>/people/<int:person_id>/merge/<int:other_id>")
@group_view(Role.ORGANIZER)
def merge(group: Group, person_id: int, other_id: int):
    """Merge a pair into the card the team chose (`keep`, one of the two ids)."""
    pair = (load_person(group, person_id), load_person(group, other_id))
    keep = whole_number(request.form.get("keep"))
    kept = next((person for person in pair if person.id == keep), None)
    ids = frozenset((person_id, other_id))
    if person_id == other_id:
        return duplicates_page(group, {"ids": ids, "message": _("A card is one person.")}, 400)
    if kept is None:
        message = _("Choose the card that stays.")
        return duplicates_page(group, {"ids": ids, "message": message}, 400)
    other = pair[1] if kept is pair[0] else pair[0]
    try:
        kept = merge_people(kept, other)
    except MergeRefused:
        message = _("These two cards are linked to two different accounts: two people.")
        return duplicates_page(group, {"ids": ids, "message": message}, 400)
    flash(_("Merged into %(name)s.", name=kept.label))
    return redirect(url_for("people.show", slug=group.slug, person_id=kept.id))

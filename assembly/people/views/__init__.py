"""People pages (organizers and administrators): the contact book, a person's page, one-to-ones
and the ladder, and residents' data rights. One module per part; this one holds the blueprint
and the loader every part uses."""

from flask import Blueprint, abort, g

from assembly.groups.access import load_in_group
from assembly.groups.models import Group
from assembly.people.models import Person

bp = Blueprint("people", __name__)


def load_person(group: Group, person_id: int) -> Person:
    """The group's person `person_id` (404 if not of `group`), if `g.viewer` may see it (403)."""
    person = load_in_group(Person, person_id, group)
    if not person.visible_to(g.viewer):
        abort(403)
    return person


from assembly.people.views import (  # noqa: E402, F401  (they add routes to bp)
    book,
    card,
    duplicates,
    relations,
    rights,
)

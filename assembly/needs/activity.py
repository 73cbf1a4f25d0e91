"""What the needs tell the contact book about a person: the needs they raised and those
they said "moi aussi" to (people.activity), and the needs a search of the book finds them
by (people.lookups). One query each."""

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import false, select

from assembly.extensions import db
from assembly.needs.models import Need, Support
from assembly.needs.search import search, stems
from assembly.people.activity import Activity, provides
from assembly.people.lookups import raised
from assembly.people.models import Person


def _url(person: Person, need: Need) -> str:
    return url_for("needs.show", slug=person.group.slug, number=need.number)


@provides
def needs_raised(person: Person) -> Iterator[Activity]:
    query = select(Need).where(Need.person_id == person.id, Need.group_id == person.group_id)
    for need in db.session.scalars(query):
        text = _("Raised %(ref)s: %(title)s", ref=need.reference, title=need.title)
        yield Activity(need.created_at, _("Need"), text, _url(person, need))


@provides
def needs_supported(person: Person) -> Iterator[Activity]:
    query = (
        select(Support.created_at, Need)
        .join(Need, Need.id == Support.need_id)
        .where(Support.person_id == person.id, Need.group_id == person.group_id)
    )
    for when, need in db.session.execute(query):
        text = _("“Me too” on %(ref)s: %(title)s", ref=need.reference, title=need.title)
        yield Activity(when, _("Need"), text, _url(person, need))


@raised
def raised_needs(text: str):
    """The people who raised a need that the needs' own search finds for `text`: French
    stems of its title, text and place, accents and case aside, through the search index."""
    if not stems(text):
        return select(Need.person_id).where(false())
    return search(select(Need.person_id).where(Need.person_id.is_not(None)), text_query=text)

"""What door-knocking tells the contact book about a person: the doors where the team
talked with them (people.activity). One query."""

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from assembly.canvassing.models import Canvass, Visit
from assembly.extensions import db
from assembly.people.activity import Activity, provides
from assembly.people.models import Person

WORDS_SHOWN = 140  # characters of what they said; the round's page has the rest


@provides
def doors(person: Person) -> Iterator[Activity]:
    query = (
        select(Visit, Canvass)
        .join(Canvass, Canvass.id == Visit.canvass_id)
        .where(Visit.person_id == person.id, Visit.group_id == person.group_id)
    )
    for visit, canvass in db.session.execute(query):
        text = _(
            "%(outcome)s (%(round)s, %(place)s)",
            outcome=visit.outcome.label,
            round=canvass.name,
            place=visit.building,
        )
        if visit.words:
            words = (
                visit.words if len(visit.words) <= WORDS_SHOWN else visit.words[:WORDS_SHOWN] + "…"
            )
            text += " — " + words
        url = url_for(
            "canvassing.show",
            slug=person.group.slug,
            canvass_id=canvass.id,
            building=visit.building,
            _anchor="doors",
        )
        yield Activity(visit.created_at, _("Door"), text, url)

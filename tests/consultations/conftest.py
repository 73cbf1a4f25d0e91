"""Fixtures for consultations: a consultation of the test group on a short text."""

from datetime import date
from types import SimpleNamespace

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group

LETTER = """# Les ascenseurs

Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours.

Nous demandons un ascenseur de secours pendant les travaux.

# Le chauffage

Nous demandons que le chauffage soit allumé dès le 15 octobre.
"""


@pytest.fixture
def make_consultation(app, group, people):
    """Prepare (and by default open) a consultation in the test group; returns its number,
    its address and the ids of its paragraphs (headings aside), in order."""
    from assembly.consultations.models import Audience
    from assembly.consultations.operations.text import create_consultation, open_consultation

    def make(
        text=LETTER,
        *,
        title="Notre lettre au bailleur",
        opened=True,
        opens_on=date(2026, 1, 1),
        closes_on=date(2099, 12, 31),
        audience=Audience.PUBLIC,
        premoderation=False,
    ):
        with app.app_context():
            consultation = create_consultation(
                db.session.get(Group, group.id),
                title=title,
                text=text,
                opens_on=opens_on,
                closes_on=closes_on,
                audience=audience,
                premoderation=premoderation,
                by=db.session.get(User, people["organizer"].id),
            )
            if opened:
                open_consultation(consultation)
            return SimpleNamespace(
                id=consultation.id,
                number=consultation.number,
                url=f"/g/glycines/consultations/{consultation.number}",
                paragraphs=[p.id for p in consultation.consulted.paragraphs if not p.heading],
            )

    return make

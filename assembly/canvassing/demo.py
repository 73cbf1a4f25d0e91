"""Demo door-knocking: a round in three buildings, a few doors already knocked."""

from assembly.extensions import db


def load_demo_canvass(group) -> None:
    """A door-knocking round in three buildings, with a few doors already knocked."""
    from datetime import date, timedelta

    from assembly.auth.models import find_user
    from assembly.canvassing.models import VisitOutcome
    from assembly.canvassing.operations import log_visit, open_canvass
    from assembly.needs.models import Theme

    organizer, facilitator = find_user("organisatrice"), find_user("animateur")
    today = date.today()
    canvass = open_canvass(
        group,
        name="Écoute des Glycines",
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=21),
        places="Bâtiment A\nBâtiment B\nBâtiment C",
        team=[organizer, facilitator],
        by=organizer,
    )
    housing = db.session.scalar(db.select(Theme).filter_by(group_id=group.id, name="Logement"))
    doors = (
        ("Bâtiment A", "RDC gauche", VisitOutcome.TALKED, "Les charges ont encore augmenté.", True),
        ("Bâtiment A", "1er droite", VisitOutcome.ABSENT, "", False),
        (
            "Bâtiment A",
            "2e gauche",
            VisitOutcome.TALKED,
            "Moisissures dans la chambre du petit.",
            False,
        ),
        ("Bâtiment B", "3e face", VisitOutcome.LATER, "", False),
        ("Bâtiment B", "4e gauche", VisitOutcome.REFUSED, "", False),
    )
    for building, floor, outcome, words, involved in doors:
        log_visit(
            canvass,
            by=facilitator,
            building=building,
            floor=floor,
            outcome=outcome,
            words=words,
            themes=[housing] if words else [],
            wants_involvement=involved,
            need_title="Moisissures dans les logements" if "Moisissures" in words else "",
        )

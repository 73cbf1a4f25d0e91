"""The lifts campaign's petition: online and paper signatures, look-alikes flagged."""

from assembly.auth.models import find_user
from assembly.campaigns.models import (
    Campaign,
    Target,
)
from assembly.campaigns.operations import petitions
from assembly.extensions import db
from assembly.groups.models import Group

FIRST_NAMES = (
    "Awa",
    "Moussa",
    "Fatoumata",
    "Karim",
    "Nadia",
    "Julien",
    "Samira",
    "Mamadou",
    "Claire",
    "Yasmine",
    "Bernard",
    "Aïcha",
    "Thierry",
    "Leïla",
    "Ibrahima",
    "Sophie",
    "Mohamed",
    "Hélène",
    "Rachid",
    "Mireille",
)
FAMILY_NAMES = (
    "Diallo",
    "Traoré",
    "Martin",
    "Benali",
    "Camara",
    "Lefèvre",
    "Nguyen",
    "Haddad",
    "Petit",
    "Koné",
    "Moreau",
    "Ferreira",
    "Bensaïd",
    "Girard",
    "Sow",
    "Dupont",
)
# How residents write where they live: four places, each spelt several ways.
DEMO_PLACES = (
    "Bâtiment A",
    "Bât. A",
    "Bâtiment B",
    "bat B",
    "Bâtiment C",
    "Bâtiment C",
    "Rue des Lilas",
    "12 rue des Lilas",
    "Rue des Lilas",
)


def load_demo_petition(group: Group) -> None:
    """The lifts campaign's petition, open: 60 signatures online and 27 from two paper
    sheets typed in, 3 of them people who had signed online too (flagged for review)."""
    organizer, facilitator = find_user("organisatrice"), find_user("animateur")
    campaign = db.session.scalar(
        db.select(Campaign)
        .where(Campaign.group_id == group.id, Campaign.title.contains("ascenseurs"))
        .order_by(Campaign.id)
    )
    target = db.session.scalar(
        db.select(Target)
        .where(Target.campaign_id == campaign.id)
        .order_by(Target.primary.desc(), Target.id)
    )
    petition = petitions.create_petition(
        campaign,
        title="Réparez nos ascenseurs",
        text=(
            "Nous, habitantes et habitants des Glycines, demandons la réparation durable des "
            "ascenseurs des bâtiments A et C, et un contrat d'entretien avec intervention "
            "sous 48 heures.\n\nLes personnes âgées, les familles avec poussette et les "
            "personnes malades ne doivent plus rester bloquées chez elles."
        ),
        target=target,
        by=organizer,
    )
    petitions.set_open(petition, True)
    people = [
        (f"{first} {family}", DEMO_PLACES[(n * 7) % len(DEMO_PLACES)])
        for n, (first, family) in enumerate(
            (FIRST_NAMES[n % 20], FAMILY_NAMES[(n * 3 + n // 20) % 16]) for n in range(84)
        )
    ]
    for n, (name, place) in enumerate(people[:60]):
        petitions.sign(petition, name=name, place=place, lives_here=n % 11 != 4)
    # Three who signed online sign a sheet too, their names written otherwise.
    again = [people[2], people[17], people[41]]
    again = [(f"{name.split()[1].upper()} {name.split()[0]}", place) for name, place in again]
    paper = people[60:] + again
    sheets = (
        ("Feuille 1 — porte à porte bâtiment A", paper[:15]),
        ("Feuille 2 — marché", paper[15:]),
    )
    for sheet, rows in sheets:
        petitions.type_batch(
            petition,
            sheet=sheet,
            rows=[petitions.Row(name=name, place=place, lives_here=True) for name, place in rows],
            by=facilitator,
        )

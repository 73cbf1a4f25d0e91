"""The lifts campaign's targets and the people around it, and the common room won."""

from assembly.auth.models import find_user
from assembly.campaigns.models import (
    Campaign,
    Stage,
    StakeholderKind,
)
from assembly.campaigns.operations import core as operations
from assembly.campaigns.operations import outcome, people
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Channel, Need
from assembly.needs.operations import submit_need


def load_demo_people_and_victory(group: Group) -> None:
    """The lifts campaign's targets and the people around it, and a campaign won: the
    common room's sink and water heater, whose needs say "Victoire : …"."""
    organizer = find_user("organisatrice")
    lifts = db.session.scalar(
        db.select(Campaign).where(
            Campaign.group_id == group.id, Campaign.title.contains("ascenseurs")
        )
    )
    people.add_target(
        lifts,
        primary=True,
        name="Mme Nadia Roux",
        role="directrice de l'agence Glycines",
        organisation="Habitat Isère",
        power="Elle commande les réparations et négocie le contrat d'entretien des ascenseurs.",
        cares="Les chiffres de satisfaction de son agence ; éviter un article dans le journal.",
        notes="Répond mieux aux courriers signés par beaucoup de monde qu'aux appels.",
    )
    people.add_target(
        lifts,
        primary=False,
        name="M. Bernard Vial",
        role="directeur général",
        organisation="Habitat Isère",
        power="Il fixe le budget d'entretien de toutes les agences.",
        cares="Les relations avec les élus qui siègent à son conseil d'administration.",
        notes="",
    )
    people.add_target(
        lifts,
        primary=False,
        name="Mme Sophie Marchand",
        role="adjointe au maire chargée du logement",
        organisation="Mairie",
        power="Elle siège au conseil d'administration du bailleur.",
        cares="Sa réélection ; le quartier en rénovation urbaine.",
        notes="Vient à la fête des Glycines chaque année.",
    )
    for kind, name, stake, influence, stance in (
        (StakeholderKind.CONSTITUENT, "Locataires des bâtiments A et C",
         "Pouvoir rentrer et sortir de chez soi.", 3, 2),
        (StakeholderKind.CONSTITUENT, "Personnes âgées du bâtiment C",
         "Ne plus rester bloquées au 8e étage.", 2, 2),
        (StakeholderKind.ALLY, "Amicale des locataires CNL",
         "Peser au conseil de concertation locative.", 3, 1),
        (StakeholderKind.ALLY, "Centre social des Glycines",
         "Ses usagers âgés qui ne viennent plus.", 2, 1),
        (StakeholderKind.OPPONENT, "Ascenseurs Durand, société de maintenance",
         "Son contrat d'entretien, renouvelé sans appel d'offres.", 4, -1),
    ):  # fmt: skip
        people.add_stakeholder(
            lifts, kind=kind, name=name, stake=stake, influence=influence, stance=stance
        )
    sink = db.session.scalar(
        db.select(Need).where(Need.group_id == group.id, Need.title.contains("évier"))
    )
    heater = submit_need(
        group,
        title="Pas d'eau chaude dans la salle commune",
        place="Maison de quartier",
        channel=Channel.MEETING,
        trusted=True,
    )
    room = operations.create_campaign(
        group,
        title="Une salle commune en état",
        problem="L'évier est bouché et le chauffe-eau en panne : plus de goûter le mercredi.",
        needs=[sink, heater],
        by=organizer,
    )
    room.summary = "La salle commune de la maison de quartier, de nouveau utilisable."
    operations.start_campaign(room)
    outcome.end_campaign(
        room,
        stage=Stage.WON,
        outcome=(
            "Le bailleur a débouché l'évier et remplacé le chauffe-eau : la salle commune "
            "accueille de nouveau le goûter du mercredi."
        ),
        resolved=outcome.open_needs(room),
        by=organizer,
    )

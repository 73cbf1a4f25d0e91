"""The demo's campaigns (`assembly demo`): the lifts of the Glycines, under way, and the
common room, won."""

from assembly.auth.models import find_user
from assembly.campaigns.models import Campaign, Stage, StakeholderKind
from assembly.campaigns.operations import core as operations
from assembly.campaigns.operations import outcome, people
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Channel, Need
from assembly.needs.operations import submit_need


def load_demo_campaigns(group: Group) -> None:
    """A campaign under way over the lifts, from the needs the demo gathered about them."""
    organizer = find_user("organisatrice")
    lifts = db.session.scalars(
        db.select(Need).where(Need.group_id == group.id, Need.title.contains("ascenseur"))
    )
    campaign = operations.create_campaign(
        group,
        title="Des ascenseurs qui marchent aux Glycines",
        problem=(
            "Les ascenseurs des bâtiments A et C tombent en panne chaque mois, parfois pour "
            "des semaines. Les personnes âgées et les familles avec poussette restent bloquées."
        ),
        needs=list(lifts),
        by=organizer,
    )
    operations.chart(
        campaign,
        goal_long="Un bailleur qui entretient les immeubles et écoute les locataires.",
        goal_intermediate="Un contrat d'entretien avec intervention sous 48 heures.",
        goal_short="Un rendez-vous avec la directrice d'agence.\nLa réparation du bâtiment C.",
        victory="Les deux ascenseurs marchent tout l'hiver, et une panne est réparée en 48 h.",
        resources="Six personnes actives, la salle de la maison de quartier, un tract par mois.",
        gains="Des locataires du bâtiment A qui nous rejoignent ; deux nouveaux responsables.",
        problems="Peu de monde disponible en journée.",
    )
    operations.start_campaign(campaign)
    load_demo_people_and_victory(group)


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

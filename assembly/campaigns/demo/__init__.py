"""The demo's campaigns (`assembly demo`), one module per part: the lifts of the Glycines
under way (its targets, demands, actions and petition), the common room won, and two more
candidate issues the team weighs on the grid."""

from assembly.auth.models import find_user
from assembly.campaigns.operations import core as operations
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need

LIFTS = "Des ascenseurs qui marchent aux Glycines"


def load_demo_campaigns(group: Group) -> None:
    """A campaign under way over the lifts, from the needs the demo gathered about them."""
    organizer = find_user("organisatrice")
    lifts = db.session.scalars(
        db.select(Need).where(Need.group_id == group.id, Need.title.contains("ascenseur"))
    )
    campaign = operations.create_campaign(
        group,
        title=LIFTS,
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
    operations.edit_campaign(
        campaign,
        title=campaign.title,
        problem=campaign.problem,
        summary=(
            "Les locataires des Glycines demandent au bailleur des ascenseurs réparés en 48 "
            "heures et un vrai contrat d'entretien. Signez la pétition, venez au rassemblement."
        ),
        public=True,
        needs=campaign.needs,
    )
    operations.start_campaign(campaign)
    # Each part's demo, in the order they build on each other (targets first).
    from assembly.campaigns.demo import actions, choice, demands, people, petition

    people.load_demo_people_and_victory(group)
    demands.load_demo_demands(group)
    actions.load_demo_actions(group, campaign)
    petition.load_demo_petition(group)
    choice.load_demo_choice(group)

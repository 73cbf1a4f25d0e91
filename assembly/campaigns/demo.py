"""The demo's campaigns (`assembly demo`): the lifts of the Glycines, under way."""

from assembly.auth.models import find_user
from assembly.campaigns.operations import core as operations
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need


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

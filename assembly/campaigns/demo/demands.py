"""The lifts campaign's letter of demands, the director's answers and her promises."""

from datetime import timedelta

from babel.dates import format_date

from assembly.auth.models import find_user
from assembly.campaigns.demo import LIFTS
from assembly.campaigns.models import (
    Campaign,
    CommitmentState,
    ExchangeKind,
    SentHow,
    Target,
)
from assembly.campaigns.operations import demands
from assembly.extensions import db
from assembly.groups.models import Group

LETTER = """Madame la Directrice,

Depuis le début de l'année, les ascenseurs des bâtiments A et C de la résidence des Glycines \
tombent en panne chaque mois, parfois pour plusieurs semaines. Des personnes âgées ne sortent \
plus de chez elles ; des parents montent six étages avec la poussette et les courses.

Réunis en assemblée, les locataires vous demandent :
– la réparation de l'ascenseur du bâtiment C, à l'arrêt depuis trois semaines ;
– un contrat d'entretien qui garantisse une intervention sous 48 heures ;
– un affichage dans chaque hall de la date prévue de remise en service lors d'une panne.

Nous souhaitons vous rencontrer pour en parler, avec une délégation de locataires, dans les \
quinze jours.

Veuillez agréer, Madame la Directrice, l'expression de nos salutations distinguées."""


def load_demo_demands(group: Group) -> None:
    """The lifts campaign's letter of demands to the agency's director, sent a month ago;
    her written answer, a meeting with her, and what she promised: one promise kept, one
    broken, one due soon."""
    organizer = find_user("organisatrice")
    campaign = db.session.scalar(
        db.select(Campaign).where(Campaign.group_id == group.id, Campaign.title == LIFTS)
    )
    target = _director(campaign)
    today = demands.local_today()
    demand = demands.write_demand(
        campaign,
        what="Réparer l'ascenseur du bâtiment C et signer un contrat d'entretien avec "
        "intervention sous 48 heures.",
        target=target,
        letter=LETTER,
        sent_on=today - timedelta(days=30),
        sent_how=SentHow.LETTER,
        by=organizer,
    )
    demands.log_exchange(
        demand,
        campaign,
        kind=ExchangeKind.ANSWER,
        happened_on=today - timedelta(days=21),
        who_went="",
        said="Mme Roux répond par courrier : le bâtiment C sera réparé « dès réception de la "
        "pièce » ; elle accepte de recevoir une délégation.",
        by=organizer,
    )
    meeting = demands.log_exchange(
        demand,
        campaign,
        kind=ExchangeKind.MEETING,
        happened_on=today - timedelta(days=14),
        who_went="Fatou Diallo, Karim Haddad et Mireille Garnier",
        said="Une heure à l'agence. Mme Roux reconnaît des pannes « trop longues ». Elle promet "
        "la réparation du bâtiment C et un nouveau bouton d'appel au bâtiment A ; pour le "
        "contrat d'entretien, elle doit en parler à sa direction.\n\nNous avons laissé la "
        "liste des 23 pannes notées depuis janvier.",
        by=organizer,
    )
    promised = dict(
        exchange=meeting, said_by="Mme Nadia Roux, directrice de l'agence", by=organizer
    )
    button = demands.record_commitment(
        demand,
        campaign,
        what="Remplacer le bouton d'appel de l'ascenseur du bâtiment A.",
        due_on=today - timedelta(days=7),
        words="Le bouton du A, c'est l'affaire d'une semaine.",
        **promised,
    )
    demands.mark_commitment(
        button, campaign, CommitmentState.KEPT, note="Le nouveau bouton marche depuis lundi."
    )
    repair_by = today - timedelta(days=4)
    day = format_date(repair_by, "d MMMM", locale="fr")
    repair = demands.record_commitment(
        demand,
        campaign,
        what=f"Réparer l'ascenseur du bâtiment C avant le {day}.",
        due_on=repair_by,
        words="Je m'engage à ce que l'ascenseur du C remarche d'ici dix jours.",
        **promised,
    )
    demands.mark_commitment(
        repair,
        campaign,
        CommitmentState.BROKEN,
        note="Toujours en panne : la pièce n'est pas commandée.",
    )
    demands.record_commitment(
        demand,
        campaign,
        what="Nous dire par écrit si la direction accepte le contrat d'entretien sous 48 heures.",
        due_on=today + timedelta(days=5),
        words="Je vous donne la réponse de ma direction par écrit.",
        **promised,
    )


def _director(campaign: Campaign) -> Target:
    """The agency's director, as the targets' demo names her; made here when missing."""
    found = db.session.scalar(
        db.select(Target)
        .where(
            Target.campaign_id == campaign.id,
            Target.name.contains("Roux") | Target.role.contains("directrice"),
        )
        .order_by(Target.id)
    )
    if found is None:
        found = Target(
            campaign_id=campaign.id,
            primary=True,
            name="Mme Nadia Roux",
            role="directrice de l'agence",
            organisation="Habitat Isère Glycines",
        )
        db.session.add(found)
        db.session.commit()
    return found


# Each team member's grid, criterion by criterion (in Criterion's order): "y", "p" or "n".

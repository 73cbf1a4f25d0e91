"""The demo's campaigns (`assembly demo`): the lifts of the Glycines, under way; two more
candidate issues the team weighs on the grid."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app

from assembly.auth.models import find_user
from assembly.campaigns.models import (
    ActionKind,
    Campaign,
    CommitmentState,
    Criterion,
    ExchangeKind,
    Score,
    SentHow,
    Target,
)
from assembly.campaigns.operations import actions, choice, demands, issue, petitions
from assembly.campaigns.operations import core as operations
from assembly.canvassing.models import Canvass, VisitOutcome
from assembly.canvassing.operations import log_visit
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group, Role
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
    operations.start_campaign(campaign)
    load_demo_demands(group)
    load_demo_actions(group, campaign)
    load_demo_petition(group)
    load_demo_choice(group)


def load_demo_actions(group: Group, campaign: Campaign | None = None) -> None:
    """The lifts campaign's actions: a delegation to the agency twelve days ago (who came,
    a duplicate struck, its debrief) and a rally in front of the agency in ten days
    (turnout goal 40, no limit of places) with its first answers."""
    from assembly.meetings.models import Answer
    from assembly.meetings.operations import live
    from assembly.meetings.operations.planning import answer_invitation

    campaign = campaign or db.session.scalar(
        db.select(Campaign).where(
            Campaign.group_id == group.id, Campaign.title.contains("ascenseurs")
        )
    )
    target = db.session.scalar(
        db.select(Target)
        .filter_by(campaign_id=campaign.id)
        .order_by(Target.primary.desc(), Target.position, Target.id)
        .limit(1)
    )
    paris = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def at(days: int, hour: int) -> datetime:
        """`days` from today at `hour` in the group's time zone, as naive UTC."""
        day = date.today() + timedelta(days=days)
        moment = datetime.combine(day, time(hour), tzinfo=paris).astimezone(UTC)
        return moment.replace(tzinfo=None)

    agency = "Agence Habitat 93, 3 avenue Jean-Jaurès"
    delegation = actions.plan_action(
        campaign,
        kind=ActionKind.DELEGATION,
        title="Délégation à l'agence du bailleur",
        starts_at=at(-12, 10),
        duration_minutes=45,
        place=agency,
        description="Six locataires portent la lettre et demandent un rendez-vous.",
        target=target,
        escalation=1,
        turnout_goal=6,
        capacity=8,
    )
    held = delegation.meeting
    live.start_meeting(held)
    for name, first_time in (
        ("Awa", False),
        ("Chantal", False),
        ("Fatou Diallo", True),
        ("Rémi", True),
        ("Mme Benali", None),
    ):
        live.sign_in(held, name, source="paper", first_time=first_time)
    twice = live.sign_in(held, "Awa D.", source="phone")  # Awa again, from her phone
    live.strike_attendance(held, twice)
    live.close_meeting(held)
    actions.debrief_action(
        delegation,
        by=find_user("organisatrice"),
        worked="Cinq locataires, dont trois du bâtiment A ; la lettre a été remise en main propre.",
        did_not_work="Personne n'avait de quoi prendre des photos ; pas de témoignage écrit.",
        target_reaction="La directrice n'a pas reçu la délégation ; son adjoint a promis une "
        "réponse sous quinze jours, qui n'est pas venue.",
        next_step="Un rassemblement devant l'agence, avec la presse locale.",
    )
    rally = actions.plan_action(
        campaign,
        kind=ActionKind.RALLY,
        title="Rassemblement devant l'agence",
        starts_at=at(10, 17),
        duration_minutes=60,
        place=f"Devant l'agence, {agency.split(', ', 1)[1]}",
        description="Venez avec vos voisin·es : quarante personnes devant l'agence, "
        "pour que la directrice nous reçoive enfin.",
        target=target,
        escalation=2,
        turnout_goal=40,
    )
    for name, answer in (
        ("Awa", Answer.YES),
        ("Chantal", Answer.YES),
        ("Fatou Diallo", Answer.YES),
        ("Bruno", Answer.MAYBE),
        ("Rémi", Answer.YES),
        ("Driss", Answer.NO),
    ):
        answer_invitation(rally.meeting, name=name, answer=answer)


# The demo petition's signers: first names and family names met at the Glycines.
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
DEMO_GRIDS = {
    "Des charges justes": {
        "organisatrice": "yyyyyyypyyyypypy",
        "animateur": "ypnyyyyyppyyynpy",
        "admin": "yyppyyyyypyyyypy",
    },
    "Un passage éclairé": {
        "organisatrice": "yypyyppyyyyppnny",
        "animateur": "ynnyypyyyyyppnny",
        "admin": "ypnyyyyyyyypnnny",
    },
}
SCORES = {"y": Score.YES, "p": Score.PARTLY, "n": Score.NO}
DEMO_NOTES = {
    ("Des charges justes", "animateur", Criterion.POWER_RELATIONS): (
        "Le bailleur refera ses comptes, mais rien ne change dans qui décide."
    ),
    ("Des charges justes", "organisatrice", Criterion.POWER_RELATIONS): (
        "Obtenir la régularisation, c'est imposer au bailleur de nous rendre des comptes."
    ),
    ("Un passage éclairé", "organisatrice", Criterion.OWN_POWER): (
        "Les parents d'élèves viendront avec nous à la mairie."
    ),
    ("Un passage éclairé", "animateur", Criterion.OWN_POWER): (
        "La mairie dira oui tout de suite : peu de monde se sentira fort."
    ),
}


def load_demo_choice(group: Group) -> None:
    """Two candidate issues from the demo's needs, the heating charges and the unlit
    passage, scored by the team (they disagree on what changes the power relations and
    who will feel stronger), a door heard about the charges, and a few words quoted."""
    organizer = find_user("organisatrice")
    candidates = {}
    for title, found, problem in (
        (
            "Des charges justes",
            "Charges",
            "Les charges de chauffage ont augmenté de 40 % sans explication, et il fait froid.",
        ),
        (
            "Un passage éclairé",
            "éclairage",
            "Le passage vers l'école n'est pas éclairé : le soir les enfants ont peur.",
        ),
    ):
        needs = db.session.scalars(
            db.select(Need).where(Need.group_id == group.id, Need.title.contains(found))
        )
        candidates[title] = operations.create_campaign(
            group, title=title, problem=problem, needs=list(needs), by=organizer
        )
    # A door where the charges came up: the resident wants to get involved.
    canvass = db.session.scalar(db.select(Canvass).filter_by(group_id=group.id))
    charges = candidates["Des charges justes"]
    if canvass is not None and charges.needs:
        log_visit(
            canvass,
            by=find_user("animateur"),
            building="Bâtiment B",
            floor="5e droite",
            outcome=VisitOutcome.TALKED,
            words="On paie le chauffage plein pot et il fait 16 degrés dans la chambre des petits.",
            wants_involvement=True,
            shares=charges.needs[0],
        )
    for title, grids in DEMO_GRIDS.items():
        for username, answers in grids.items():
            choice.save_scores(
                candidates[title],
                find_user(username),
                {
                    criterion: (SCORES[answer], DEMO_NOTES.get((title, username, criterion), ""))
                    for criterion, answer in zip(Criterion, answers, strict=True)
                },
            )
    team = Viewer(organizer.id, Role.ORGANIZER)
    for campaign in candidates.values():
        _quote_all(campaign, team, organizer)


def _quote_all(campaign: Campaign, viewer: Viewer, by) -> None:
    """Quote every word the campaign's needs and doors offer (the demo has a few)."""
    offered = issue.quotable(campaign, viewer)
    keys = {words.key for words in offered[: issue.MAX_QUOTES]}
    issue.choose_quotes(campaign, keys, offered=offered, by=by)

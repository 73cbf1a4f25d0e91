"""Demo data: a French neighbourhood group with one account in every role.

Made only by `assembly demo` (and a first `make run`). The password of every demo
account is public, so `assembly serve` warns when they exist on a reachable server.
"""

from assembly.auth.models import User
from assembly.auth.operations import create_user
from assembly.campaigns.demo import load_demo_campaigns
from assembly.consultations.demo import load_demo_consultations
from assembly.extensions import db
from assembly.groups.models import Role
from assembly.groups.operations import add_member, create_group
from assembly.insights.demo import load_demo_activity
from assembly.needs.models import Channel, NeedStatus

DEMO_PASSWORD = "assemblee-demo"  # noqa: S105 (public on purpose, listed in the README)

# username, display name, role in the group, instance administrator
DEMO_ACCOUNTS = (
    ("admin", "Claire Fontaine", Role.ADMIN, True),
    ("organisatrice", "Samira Benali", Role.ORGANIZER, False),
    ("animateur", "Julien Mercier", Role.FACILITATOR, False),
    ("habitante", "Fatou Diallo", Role.MEMBER, False),
)
# More residents, so lists look like a real group's.
DEMO_RESIDENTS = (
    ("mireille", "Mireille Garnier"),
    ("karim", "Karim Haddad"),
    ("ines", "Inès Moreau"),
    ("bernard", "Bernard Lefèvre"),
)


DEMO_THEMES = ("Logement", "Propreté", "Tranquillité", "Transports", "Jeunesse")
# title, text, theme, place, channel, status, how many residents share it
DEMO_NEEDS = (
    (
        "L'ascenseur du bâtiment C est en panne depuis trois semaines",
        "Les personnes âgées du 9e ne peuvent plus sortir. Le bailleur ne répond pas.",
        "Logement",
        "Bâtiment C",
        Channel.DOOR,
        NeedStatus.TAKEN_UP,
        6,
    ),
    (
        "Charges de chauffage trop élevées",
        "Nos charges ont augmenté de 40 % cette année.",
        "Logement",
        "Résidence des Glycines",
        Channel.WEB,
        NeedStatus.ACKNOWLEDGED,
        5,
    ),
    (
        "Pas d'éclairage dans le passage vers l'école",
        "Le soir les enfants ont peur.",
        "Tranquillité",
        "Passage Jean-Moulin",
        Channel.MEETING,
        NeedStatus.NEW,
        4,
    ),
    (
        "Les poubelles débordent le week-end",
        "",
        "Propreté",
        "Rue des Lilas",
        Channel.WEB,
        NeedStatus.NEW,
        3,
    ),
    (
        "Un évier bouché dans la salle commune",
        "Impossible d'y organiser le goûter.",
        "Logement",
        "Maison de quartier",
        Channel.PAPER,
        NeedStatus.RESOLVED,
        1,
    ),
    (
        "Plus de bus le dimanche après 20 h",
        "",
        "Transports",
        "Arrêt Glycines",
        Channel.PHONE,
        NeedStatus.NEW,
        2,
    ),
    ("Un lieu pour les ados le mercredi", "", "Jeunesse", "", Channel.WEB, NeedStatus.NEW, 2),
)


def load_demo() -> None:
    """Create the demo group, its accounts and memberships, themes and needs."""
    admin = create_user("admin", "Claire Fontaine", DEMO_PASSWORD, is_instance_admin=True)
    group = create_group(
        "Collectif des Glycines",
        "glycines",
        "Habitantes et habitants du quartier des Glycines : on se retrouve chaque premier "
        "jeudi du mois à la maison de quartier pour parler de ce qui ne va pas — "
        "ascenseurs en panne, charges trop chères, manque d'éclairage — et agir ensemble.",
        admin=admin,
    )
    for username, name, role, is_admin in DEMO_ACCOUNTS[1:]:
        user = create_user(username, name, DEMO_PASSWORD, is_instance_admin=is_admin)
        add_member(group, user, role)
    residents = []
    for username, name in DEMO_RESIDENTS:
        residents.append(create_user(username, name, DEMO_PASSWORD))
        add_member(group, residents[-1], Role.MEMBER)
    load_demo_needs(group, residents)
    load_demo_canvass(group)
    load_demo_meeting(group)
    load_demo_decisions(group)
    load_demo_people(group)
    load_demo_campaigns(group)
    load_demo_consultations(group)
    load_demo_activity(group)


def load_demo_needs(group, residents) -> None:
    """Themes and a handful of needs at every stage, shared by some residents."""
    from assembly.needs import operations

    themes = {name: operations.add_theme(group, name) for name in DEMO_THEMES}
    for title, body, theme, place, channel, status, shared in DEMO_NEEDS:
        need = operations.submit_need(
            group,
            title=title,
            body=body,
            theme=themes[theme],
            place=place,
            channel=channel,
            author=residents[0] if channel == Channel.WEB else None,
            trusted=True,
        )
        for resident in residents[1:shared]:
            operations.support(need, user=resident, anonymous_key=None)
        if status == NeedStatus.RESOLVED:
            operations.set_status(need, status, "Le bailleur a fait venir un plombier.")
        elif status != NeedStatus.NEW:
            operations.set_status(need, status)
    # One need from the public, waiting for the team's approval.
    operations.submit_need(
        group,
        title="Des bancs près de l'aire de jeux",
        theme=themes["Jeunesse"],
        anonymous_key="demo",
    )


def demo_accounts_exist() -> bool:
    """Whether an enabled demo account still opens with the public demo password."""
    from assembly.auth.operations import password_matches

    names = [username for username, *_ in DEMO_ACCOUNTS]
    accounts = db.session.scalars(db.select(User).where(User.username.in_(names), User.active))
    return any(password_matches(user, DEMO_PASSWORD) for user in accounts)


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


def load_demo_meeting(group) -> None:
    """The next monthly assembly (first Thursday, 18:30 in Paris), with three agenda items."""
    from datetime import UTC, date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from flask import current_app

    from assembly.auth.models import find_user
    from assembly.meetings.models import Kind
    from assembly.meetings.operations import planning
    from assembly.needs.models import Need

    month = date.today().replace(day=1) + timedelta(days=32)
    first = month.replace(day=1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    paris = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    starts = datetime.combine(thursday, time(18, 30), tzinfo=paris).astimezone(UTC)
    meeting = planning.create_meeting(
        group,
        title="Assemblée mensuelle des Glycines",
        kind=Kind.ASSEMBLY,
        starts_at=starts.replace(tzinfo=None),
        duration_minutes=120,
        place="Maison de quartier, 12 rue des Lilas",
        description="Ouverte à toutes et à tous, habitantes et habitants du quartier. "
        "Garde d'enfants sur place.",
        public=True,
        facilitator_id=find_user("animateur").id,
        note_taker_id=find_user("organisatrice").id,
    )
    needs = {
        need.number: need
        for need in db.session.scalars(db.select(Need).filter_by(group_id=group.id))
    }
    planning.add_item(
        meeting, title="Accueil et tour de table", timebox_minutes=15, method="go_round"
    )
    planning.add_item(
        meeting,
        title="L'ascenseur du bâtiment C",
        description="Où en est-on avec le bailleur ? Quelle action pour la semaine prochaine ?",
        timebox_minutes=40,
        method="small_groups",
        needs=[needs[1]],
    )
    planning.add_item(
        meeting,
        title="Les charges de chauffage",
        timebox_minutes=30,
        method="moving_debate",
        needs=[needs[2]],
    )


def load_demo_decisions(group) -> None:
    """Last month's assembly, held: a show of hands on B-1, a task, published minutes.

    Then a majority judgment prepared for the coming assembly, and a question put to
    the members online for ten days.
    """
    from datetime import timedelta

    from assembly.auth.models import find_user
    from assembly.clock import utcnow
    from assembly.decisions.models import Method, Voters
    from assembly.decisions.operations import core, online
    from assembly.decisions.operations.meeting import Hands, enter_hands
    from assembly.meetings.models import Kind, Meeting
    from assembly.meetings.operations import live, planning
    from assembly.minutes.operations import publish_minutes, redraft_minutes
    from assembly.needs.models import Need
    from assembly.tasks.operations import create_task

    organizer, facilitator = find_user("organisatrice"), find_user("animateur")
    now = utcnow().replace(microsecond=0)
    lift = db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=1))
    held = planning.create_meeting(
        group,
        title="Assemblée de rentrée",
        kind=Kind.ASSEMBLY,
        starts_at=now - timedelta(days=30),
        duration_minutes=120,
        place="Maison de quartier, 12 rue des Lilas",
        public=True,
        facilitator_id=facilitator.id,
        note_taker_id=organizer.id,
    )
    item = planning.add_item(
        held, title="L'ascenseur du bâtiment C", timebox_minutes=40, needs=[lift]
    )
    live.start_meeting(held)
    for name, named in (("Awa", True), ("Bruno", False), ("Chantal", True), ("Driss", False)):
        live.sign_in(held, name, source="paper", named_in_minutes=named)
    live.save_notes(
        held,
        "- L'ascenseur est en panne depuis **trois semaines**.\n"
        "- Le bailleur ne répond pas aux appels.",
        item,
    )
    vote = core.create_decision(
        group,
        question="Écrit-on une lettre collective au bailleur ?",
        method=Method.HANDS,
        by=facilitator,
        item=item,
    )
    core.open_decision(vote)
    enter_hands(vote, Hands(3, 0, 1, 4))
    core.close_decision(vote)
    create_task(
        group,
        title="Rédiger la lettre au bailleur et la faire signer",
        by=facilitator,
        assignee=organizer,
        due_on=(now + timedelta(days=14)).date(),
        decision=vote,
    )
    live.close_meeting(held)
    publish_minutes(redraft_minutes(held, by=organizer), True, by=organizer)

    coming = db.session.scalar(
        db.select(Meeting).filter_by(group_id=group.id, title="Assemblée mensuelle des Glycines")
    )
    party = planning.add_item(coming, title="La fête des voisins", timebox_minutes=20)
    core.create_decision(
        group,
        question="Quelle fête des voisins en juin ?",
        method=Method.JUDGMENT,
        voters=Voters.PRESENT,
        secret=True,
        options=["Pique-nique au square", "Repas partagé dans la cour", "Concert sur la place"],
        by=facilitator,
        item=party,
    )
    online.create_online_decision(
        group,
        question="Participe-t-on à la marche pour le logement du 14 ?",
        method=Method.BALLOT,
        by=organizer,
        closes_at=now + timedelta(days=10),
        proposal="Le collectif défile derrière sa banderole, avec les autres amicales.",
    )


# name, building, staircase-floor, ladder rank, language(s), consents ("g" group actions,
# "s" SMS reminders), one-to-one (self-interest, next step, in how many days; or None)
DEMO_PEOPLE = (
    (
        "Aminata Koné",
        "Bâtiment C",
        "9e",
        4,
        "fr, bambara",
        "gs",
        ("L'ascenseur : sa mère ne sort plus.", "Réunir les voisins du 9e", 3),
    ),
    (
        "Jean-Pierre Roux",
        "Bâtiment A",
        "RDC",
        3,
        "fr",
        "g",
        ("Les charges, il est retraité.", "Monter le dossier des charges", -2),
    ),
    (
        "Nadia Belkacem",
        "Bâtiment B",
        "4e",
        3,
        "fr, arabe",
        "gs",
        ("Les enfants et l'éclairage du passage.", "Parler à l'école", 10),
    ),
    (
        "Sokhna Ndiaye",
        "Bâtiment C",
        "2e",
        2,
        "fr, wolof",
        "g",
        ("Moisissures chez elle.", "Photos des moisissures", -5),
    ),
    ("Marc Dubois", "Bâtiment A", "3e", 2, "fr", "g", None),
    (
        "Leïla Haddad",
        "Bâtiment B",
        "1er",
        2,
        "fr, arabe",
        "gs",
        ("Un lieu pour les ados.", "Venir à l'assemblée avec deux voisines", 7),
    ),
    ("Mamadou Traoré", "Bâtiment C", "5e", 1, "fr, soninké", "s", None),
    ("Hélène Martin", "Rue des Lilas", "", 1, "fr", "g", None),
    ("Yusuf Demir", "Bâtiment A", "6e", 1, "fr, turc", "", None),
    (
        "Chantal Petit",
        "Bâtiment B",
        "2e",
        1,
        "fr",
        "g",
        ("Le bus du dimanche soir.", "Pétition transports", 14),
    ),
    ("Ibrahima Sow", "Bâtiment C", "7e", 1, "fr, peul", "g", None),
    ("Rosa Fernandes", "Bâtiment A", "1er", 1, "fr, portugais", "gs", None),
    ("Kevin Lambert", "Bâtiment B", "5e", 0, "fr", "", None),
    ("Fatima Zahra El Idrissi", "Bâtiment C", "3e", 0, "fr, arabe", "g", None),
    ("Thi Lan Nguyen", "Bâtiment A", "4e", 0, "fr, vietnamien", "", None),
    ("Gérard Blanc", "Rue des Lilas", "", 0, "fr", "g", None),
    ("Awa Diallo", "Bâtiment B", "6e", 1, "fr, peul", "g", None),
    ("awa diallo", "Bâtiment B", "6e", 0, "fr", "", None),  # the same, met again: a duplicate
    ("Samuel Okafor", "Bâtiment C", "8e", 0, "fr, anglais", "g", None),
    ("Martine Leroy", "Bâtiment A", "2e", 0, "fr", "", None),
    ("Ali Benali", "Bâtiment B", "3e", 0, "fr, arabe", "g", None),
    ("Christine Morel", "Passage Jean-Moulin", "", 0, "fr", "", None),
    ("Moussa Camara", "Bâtiment C", "4e", 0, "fr, malinké", "s", None),
    ("Sophie Girard", "Bâtiment A", "5e", 0, "fr", "g", None),
    ("Oksana Kovalenko", "Bâtiment B", "2e", 0, "ukrainien, russe", "", None),
    ("Patrick Henry", "Bâtiment C", "1er", 0, "fr", "g", None),
    ("Zineb Amrani", "Bâtiment A", "RDC", 0, "fr, arabe", "", None),
    ("Éric Fontaine", "Rue des Lilas", "", 0, "fr", "", None),
    ("Binta Barry", "Bâtiment C", "6e", 0, "fr, peul", "g", None),
    ("Lucas Robert", "Bâtiment B", "4e", 0, "fr", "", None),
    ("Mariam Cissé", "Bâtiment A", "7e", 0, "fr, bambara", "g", None),
    ("Joël Mercier", "Bâtiment C", "3e", 0, "fr", "", None),
    ("Aïcha Toumi", "Bâtiment B", "1er", 0, "fr, arabe", "gs", None),
    ("Denis Lucas", "Bâtiment A", "6e", 0, "fr", "", None),
    ("Salimata Coulibaly", "Bâtiment C", "2e", 0, "fr, bambara", "", None),
    ("Nicole Garnier", "Passage Jean-Moulin", "", 0, "fr", "g", None),
    ("Omar Sy", "Bâtiment B", "5e", 0, "fr, wolof", "", None),
    ("Nathalie Simon", "Bâtiment A", "3e", 0, "fr", "", None),
)


def load_demo_people(group) -> None:
    """The contact book: ~40 people met at the door, at meetings, by phone; a spread of
    ladder levels and consents, a few one-to-ones and asks, and duplicates to merge."""
    from datetime import date, timedelta

    from assembly.auth.models import find_user
    from assembly.clock import utcnow
    from assembly.people.models import Ask, AskOutcome, ConsentPurpose, ConsentSource, OneToOne
    from assembly.people.operations import give_consent, record_person
    from assembly.web.contact import Contact

    organizer = find_user("organisatrice")
    purposes = {"g": ConsentPurpose.GROUP_ACTIONS, "s": ConsentPurpose.SMS_REMINDERS}
    today, now = date.today(), utcnow()
    for n, (name, building, floor, rank, languages, consents, talk) in enumerate(DEMO_PEOPLE):
        # Numbers in the range ARCEP keeps for fiction (01 99 00 xx xx); the duplicate of
        # Awa Diallo gave the same number, written differently.
        phone = "+33199001717" if name.lower() == "awa diallo" else f"+331990010{n:02d}"
        person = record_person(
            group,
            source=ConsentSource.DOOR if n % 3 else ConsentSource.MEETING,
            name=name,
            contact=Contact(phone=phone) if consents else Contact(),
            purposes=[purposes[c] for c in consents],
            wording=str(purposes[consents[0]].label) if consents else "",
            recorded_by=organizer,
            building=building,
            floor=floor,
        )
        person.languages = languages
        person.ladder_rank = rank
        person.last_contact_at = now - timedelta(days=7 + 23 * n)
        if talk is not None:
            interest, step, in_days = talk
            db.session.add(
                OneToOne(
                    person_id=person.id,
                    met_on=today - timedelta(days=20),
                    met_by_id=organizer.id,
                    self_interest=interest,
                    next_step=step,
                    next_step_on=today + timedelta(days=in_days),
                )
            )
            db.session.add(
                Ask(
                    person_id=person.id,
                    what="Venir à la prochaine assemblée avec trois voisins",
                    asked_on=today - timedelta(days=20),
                    asked_by_id=organizer.id,
                    outcome=AskOutcome.ACCEPTED if rank >= 3 else AskOutcome.PENDING,
                )
            )
        if name == "Nadia Belkacem":
            give_consent(
                person,
                ConsentPurpose.EMAIL_REMINDERS,
                str(ConsentPurpose.EMAIL_REMINDERS.label),
                ConsentSource.PAPER,
                recorded_by=organizer,
            )
            person.email = "nadia.belkacem@example.org"
    db.session.commit()

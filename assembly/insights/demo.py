"""The demo's last six months (`assembly demo`): enough activity that every chart of the
report shows something, every cell of people at least five where it should be.

The residents of the demo's contact book (found by name) raise needs on every channel,
say "moi aussi", talk at the door, come to five assemblies (some for the first time,
some coming back), speak and vote there; the members argue and vote online. Five
needs about the lighting go the whole way: on an agenda, decided, taken up in a
campaign, resolved. Everything goes through the features' operations, the app's clock
standing at the moment each thing happened; what the records date themselves by the
database's clock is dated afterwards (`at`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from assembly import clock
from assembly.auth.models import User, find_user
from assembly.campaigns.operations import core as campaigns
from assembly.canvassing.models import Visit, VisitOutcome
from assembly.canvassing.operations import log_visit, open_canvass
from assembly.decisions.models import Argument, Choice, Method, Side, Voters
from assembly.decisions.operations import core as decisions
from assembly.decisions.operations import online
from assembly.decisions.operations.voting import cast_ballot
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Attendance, Kind, TurnKind
from assembly.meetings.operations import live, planning
from assembly.needs import operations as needs
from assembly.needs.models import Channel, Need, NeedStatus, Support, Theme
from assembly.people.models import Person
from assembly.trace.models import Event

# The demo's contact book (assembly/demo.py), as each describes themselves at a meeting:
# (name, gender, age bracket); five say nothing of themselves.
MEN = {"Jean-Pierre Roux", "Marc Dubois", "Mamadou Traoré", "Yusuf Demir", "Ibrahima Sow",
       "Kevin Lambert", "Gérard Blanc", "Samuel Okafor", "Ali Benali", "Moussa Camara",
       "Patrick Henry", "Lucas Robert", "Joël Mercier"}  # fmt: skip
SILENT = {"Oksana Kovalenko", "Éric Fontaine", "Nathalie Simon", "Denis Lucas", "Omar Sy"}
RESIDENTS = (
    "Aminata Koné", "Jean-Pierre Roux", "Nadia Belkacem", "Sokhna Ndiaye", "Marc Dubois",
    "Leïla Haddad", "Mamadou Traoré", "Hélène Martin", "Yusuf Demir", "Chantal Petit",
    "Ibrahima Sow", "Rosa Fernandes", "Kevin Lambert", "Fatima Zahra El Idrissi",
    "Thi Lan Nguyen", "Gérard Blanc", "Awa Diallo", "Samuel Okafor", "Martine Leroy",
    "Ali Benali", "Christine Morel", "Moussa Camara", "Sophie Girard", "Oksana Kovalenko",
    "Patrick Henry", "Zineb Amrani", "Éric Fontaine", "Binta Barry", "Lucas Robert",
    "Mariam Cissé", "Joël Mercier", "Aïcha Toumi", "Denis Lucas", "Salimata Coulibaly",
    "Nicole Garnier", "Omar Sy", "Nathalie Simon",
)  # fmt: skip
AGES = ("30–44", "45–64", "18–29", "65+")
CORE = 10  # the first ten come to every assembly; the others come once, or come back
# Days ago of the five assemblies (the demo's "Assemblée de rentrée" is 30 days ago): 32
# days apart, so each falls in a month of its own, and all within 150 days, so « the last
# 6 months » hold them all whatever today's date (five whole months last 151 days or more).
ASSEMBLIES = (146, 114, 82, 50, 18)
LIGHTS = ("Passage Jean-Moulin", "Parking du bâtiment B", "Allée des Lilas",
          "Square des Glycines", "Arrêt Glycines")  # fmt: skip
# title, theme, channel, place: needs raised over the months, one resident each.
NEEDS = (
    ("Fuite d'eau dans la cave", "Logement", Channel.DOOR, "Bâtiment A"),
    ("Interphone cassé", "Logement", Channel.PHONE, "Bâtiment B"),
    ("Punaises de lit au 3e", "Logement", Channel.PAPER, "Bâtiment C"),
    ("Chauffage coupé le week-end", "Logement", Channel.WEB, "Bâtiment A"),
    ("Boîtes aux lettres forcées", "Logement", Channel.MEETING, "Bâtiment B"),
    ("Encombrants jamais ramassés", "Propreté", Channel.WEB, "Rue des Lilas"),
    ("Rats près des poubelles", "Propreté", Channel.DOOR, "Bâtiment C"),
    ("Déjections canines sur l'aire de jeux", "Propreté", Channel.MEETING, "Square"),
    ("Tags dans le hall", "Propreté", Channel.PHONE, "Bâtiment A"),
    ("Rodéos de motos le soir", "Tranquillité", Channel.PAPER, "Parking"),
    ("Bus 12 toujours en retard", "Transports", Channel.WEB, "Arrêt Glycines"),
    ("Pas d'abri à l'arrêt de bus", "Transports", Channel.DOOR, "Arrêt Glycines"),
    ("Trottoir impraticable en fauteuil", "Transports", Channel.MEETING, "Rue des Lilas"),
    ("Aide aux devoirs pour les collégiens", "Jeunesse", Channel.PAPER, "Maison de quartier"),
    ("Un terrain de foot réparé", "Jeunesse", Channel.PHONE, "Square"),
    ("Stages d'été pour les 16-18 ans", "Jeunesse", Channel.WEB, ""),
)
WORDS = (
    "Les charges ont encore augmenté, on ne comprend pas le décompte.",
    "L'ascenseur est tombé en panne deux fois ce mois-ci.",
    "Le soir le passage est noir, les enfants ont peur de rentrer.",
    "Les poubelles débordent et les rats reviennent.",
    "Le bus ne passe plus le dimanche soir.",
    "Il faudrait un lieu pour les jeunes le mercredi.",
)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Run the operations inside at `moment`: the app's clock stands there, and the rows
    they add that the database dates itself (journal, needs, supports, door visits,
    arguments) are dated then."""
    dated = (Event, Need, Support, Visit, Argument)
    marks = {model: db.session.scalar(db.select(db.func.max(model.id))) or 0 for model in dated}
    clock.freeze(moment)
    try:
        yield
    finally:
        clock.thaw()
    for model in dated:
        db.session.execute(
            db.update(model).where(model.id > marks[model]).values(created_at=moment)
        )
    db.session.commit()


def days_ago(days: int, hour: int = 17, now: datetime | None = None) -> datetime:
    """`days` before today, at `hour` (UTC)."""
    day = (now or clock.utcnow()).date() - timedelta(days=days)
    return datetime.combine(day, time(hour))


def load_demo_activity(group: Group) -> None:
    """Six months of the group's life, from the people and themes the demo already has."""
    now = clock.utcnow().replace(microsecond=0)
    found = {p.name: p for p in db.session.scalars(db.select(Person).filter_by(group_id=group.id))}
    residents = [found[name] for name in RESIDENTS]
    themes = {t.name: t for t in db.session.scalars(db.select(Theme).filter_by(group_id=group.id))}
    members = list(db.session.scalars(db.select(User).where(User.username != "admin")))
    lights = raise_needs(group, residents, themes, now)
    knock_doors(group, themes, now)
    hold_assemblies(group, residents, lights, now)
    vote_online(group, members, now)
    with at(days_ago(90, now=now)):
        campaign = campaigns.create_campaign(
            group,
            title="Un quartier éclairé la nuit",
            problem="Cinq passages et places des Glycines restent dans le noir le soir.",
            needs=lights,
            by=find_user("organisatrice"),
        )
        campaigns.start_campaign(campaign)
    with at(days_ago(20, now=now)):
        for need in lights:
            needs.set_status(need, NeedStatus.RESOLVED, "La mairie a posé des lampadaires.")


def raise_needs(group: Group, residents: list[Person], themes: dict, now: datetime) -> list[Need]:
    """The needs of the months, each shared by several residents; returns the lighting ones."""
    organizer = find_user("organisatrice")
    # The lighting needs first: they are on the second assembly's agenda.
    raised = [(f"Pas d'éclairage : {place}", "Tranquillité", Channel.MEETING, place)
              for place in LIGHTS] + list(NEEDS)  # fmt: skip
    made = []
    for n, (title, theme, channel, place) in enumerate(raised):
        author = residents[(n * 5) % len(residents)]
        with at(days_ago(175 - n * 6, hour=10 + n % 8, now=now)):
            need = needs.submit_need(
                group,
                title=title,
                theme=themes[theme],
                place=place,
                channel=channel,
                person=author,
                recorded_by=organizer,
                trusted=True,
            )
        with at(days_ago(170 - n * 6, now=now)):
            for k in range(2 + n % 6):
                supporter = residents[(n * 5 + 7 * k + 3) % len(residents)]
                support = needs.support(need, user=None, anonymous_key=f"demo-{supporter.id}")
                if support is not None:
                    support.person_id = supporter.id
            db.session.commit()
        made.append(need)
    return made[: len(LIGHTS)]


def knock_doors(group: Group, themes: dict, now: datetime) -> None:
    """A spring door-knocking round: thirty doors over three weeks."""
    organizer, facilitator = find_user("organisatrice"), find_user("animateur")
    canvass = open_canvass(
        group,
        name="Porte-à-porte du printemps",
        starts_on=days_ago(150, now=now).date(),
        ends_on=days_ago(130, now=now).date(),
        places="Bâtiment A\nBâtiment B\nBâtiment C\nRue des Lilas",
        team=[organizer, facilitator],
        by=organizer,
    )
    buildings = ("Bâtiment A", "Bâtiment B", "Bâtiment C", "Rue des Lilas")
    names = ("Logement", "Logement", "Tranquillité", "Propreté", "Transports", "Jeunesse")
    for n in range(30):
        talked = n % 4 != 3
        with at(days_ago(150 - n * 2 // 3, hour=15 + n % 4, now=now)):
            log_visit(
                canvass,
                by=(organizer, facilitator)[n % 2],
                building=buildings[n % 4],
                floor=f"{n % 9 + 1}e",
                outcome=VisitOutcome.TALKED if talked else VisitOutcome.ABSENT,
                words=WORDS[n % 6] if talked else "",
                themes=[themes[names[n % 6]]] if talked else [],
            )


def hold_assemblies(group, residents: list[Person], lights: list[Need], now: datetime) -> None:
    """Five assemblies: the core every time, newcomers once or coming back; turns and a vote.

    The second puts the lighting needs on its agenda and decides to campaign on them.
    """
    facilitator = find_user("animateur")
    came: set[int] = set()
    for m, days in enumerate(ASSEMBLIES):
        starts = days_ago(days, now=now)
        comers = [n for n in range(len(residents)) if comes(n, m)]
        with at(starts):
            meeting = planning.create_meeting(
                group,
                title=f"Assemblée des Glycines ({m + 1}/5)",
                kind=Kind.ASSEMBLY,
                starts_at=starts,
                duration_minutes=120,
                place="Maison de quartier, 12 rue des Lilas",
                public=True,
                facilitator_id=facilitator.id,
            )
            item = planning.add_item(
                meeting,
                title="L'éclairage du quartier" if m == 1 else "Les nouvelles du quartier",
                timebox_minutes=45,
                needs=lights if m == 1 else [],
            )
            live.start_meeting(meeting)
            present = {}
            for n in comers:
                present[n] = sign_in(meeting, residents[n], n, first=n not in came)
                came.add(n)
            db.session.commit()
            speak(meeting, present, m)
            vote = decisions.create_decision(
                group,
                question="Lance-t-on une campagne pour l'éclairage ?"
                if m == 1
                else "Adopte-t-on le compte rendu de la dernière assemblée ?",
                method=Method.BALLOT,
                voters=Voters.PRESENT,
                by=facilitator,
                item=item,
                needs=lights if m == 1 else None,
            )
            decisions.open_decision(vote)
            for n, attendance in present.items():
                choice = (Choice.YES, Choice.YES, Choice.NO, Choice.ABSTAIN)[n % 4]
                cast_ballot(vote, attendance_id=attendance.id, choice=choice)
            decisions.close_decision(vote)
            clock.freeze(starts + timedelta(hours=2))
            live.close_meeting(meeting)


def comes(n: int, m: int) -> bool:
    """Whether resident `n` comes to assembly `m`: the core always; the others first at
    one of the five, and two of three come back to the next two."""
    if n < CORE:
        return True
    first = (n - CORE) % len(ASSEMBLIES)
    return m == first or (n % 3 != 0 and first < m <= first + 2)


def sign_in(meeting, person: Person, n: int, first: bool) -> Attendance:
    """The resident signs in, saying what the sign-in form asks (five say nothing)."""
    silent = person.name in SILENT
    attendance = Attendance(
        meeting_id=meeting.id,
        person_id=person.id,
        name=person.name,
        source="paper",
        first_time=None if silent else (first and n >= CORE),
        gender=None if silent else ("man" if person.name in MEN else "woman"),
        age_bracket=None if silent else AGES[n % len(AGES)],
        lives_here=None if silent else True,
        created_at=meeting.starts_at,
    )
    db.session.add(attendance)
    return attendance


def speak(meeting, present: dict[int, Attendance], m: int) -> None:
    """Turns: the core speak longer and more often; a few newcomers take the floor."""
    newcomers = [n for n in present if n >= CORE][::2]
    speakers = [n for n in present if n < 6] + [n for n in present if n < 3] + newcomers
    for k, n in enumerate(speakers):
        turn = live.ask_to_speak(meeting, present[n], TurnKind.NORMAL)
        live.start_turn(meeting, turn)
        long = n < CORE
        clock.advance(seconds=(90 + 60 * ((n * 7 + m * 3 + k) % 5)) if long else 50 + 20 * (n % 4))
        live.end_turn(meeting, turn)
        clock.advance(seconds=20)


def vote_online(group: Group, members: list[User], now: datetime) -> None:
    """A question put to the members online two months ago, argued and answered."""
    opened = days_ago(60, hour=9, now=now)
    with at(opened):
        question = online.create_online_decision(
            group,
            question="Tient-on une permanence logement le samedi matin ?",
            method=Method.BALLOT,
            by=find_user("organisatrice"),
            closes_at=opened + timedelta(days=10),
            proposal="Deux personnes de l'équipe reçoivent les locataires à la maison de quartier.",
        )
    for k, member in enumerate(members):
        with at(opened + timedelta(days=1 + k % 7, hours=k)):
            online.add_argument(
                question,
                user=member,
                side=Side.AGAINST if k % 4 == 3 else Side.FOR,
                body=("Le samedi, les gens qui travaillent peuvent venir.",
                      "On risque d'être seuls, mieux vaut après l'assemblée.",
                      "Les dossiers de charges demandent du temps : une permanence aide.")[k % 3],
            )  # fmt: skip
            cast_ballot(question, user_id=member.id, choice=Choice.NO if k % 4 == 3 else Choice.YES)
    with at(opened + timedelta(days=10, minutes=1)):
        decisions.close_decision(question)

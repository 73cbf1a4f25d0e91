"""Demo data: a French neighbourhood group with one account in every role.

Made only by `assembly demo` (and a first `make run`). The password of every demo
account is public, so `assembly serve` warns when they exist on a reachable server.
"""

from assembly.auth.models import User
from assembly.auth.operations import create_user
from assembly.campaigns.demo import load_demo_campaigns
from assembly.canvassing.demo import load_demo_canvass
from assembly.consultations.demo import load_demo_consultations
from assembly.extensions import db
from assembly.groups.models import Role
from assembly.groups.operations import add_member, create_group
from assembly.insights.demo import load_demo_activity
from assembly.meetings.demo import load_demo_meeting
from assembly.needs.demo import load_demo_needs
from assembly.people.demo import load_demo_people

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


def load_demo() -> None:
    """Create the demo group, its accounts and memberships, then each feature's demo data."""
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


def demo_accounts_exist() -> bool:
    """Whether an enabled demo account still opens with the public demo password."""
    from assembly.auth.operations import password_matches

    names = [username for username, *_ in DEMO_ACCOUNTS]
    accounts = db.session.scalars(db.select(User).where(User.username.in_(names), User.active))
    return any(password_matches(user, DEMO_PASSWORD) for user in accounts)


def load_demo_decisions(group) -> None:
    """Last month's assembly, held: a show of hands on B-1, a task, published minutes.

    Then a majority judgment prepared for the coming assembly, and a question put to
    the members online for ten days. Here rather than in one feature's demo: it spans
    meetings, decisions, tasks and minutes.
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

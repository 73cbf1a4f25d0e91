"""Demo data: a French neighbourhood group with one account in every role.

Made only by `assembly demo` (and a first `make run`). The password of every demo
account is public, so `assembly serve` warns when they exist on a reachable server.
"""

from assembly.auth.models import User
from assembly.auth.operations import create_user
from assembly.extensions import db
from assembly.groups.models import Role
from assembly.groups.operations import add_member, create_group

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
    """Create the demo group, its accounts and memberships."""
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
    for username, name in DEMO_RESIDENTS:
        add_member(group, create_user(username, name, DEMO_PASSWORD), Role.MEMBER)


def demo_accounts_exist() -> bool:
    """Whether an enabled demo account still opens with the public demo password."""
    from assembly.auth.operations import password_matches

    names = [username for username, *_ in DEMO_ACCOUNTS]
    accounts = db.session.scalars(db.select(User).where(User.username.in_(names), User.active))
    return any(password_matches(user, DEMO_PASSWORD) for user in accounts)

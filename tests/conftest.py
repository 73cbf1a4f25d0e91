"""Shared fixtures: the app on a fresh database, its clients, and factories.

Set ASSEMBLY_TEST_DATABASE_URL to run the suite on PostgreSQL (`make test` does,
through scripts/with-postgres); otherwise each test gets its own SQLite file.
"""

from types import SimpleNamespace

import pytest

from assembly import create_app
from assembly.extensions import db
from tests.helpers import PASSWORD, ROLES, TEST_DATABASE_URL, Auth, app_settings


def empty_schema() -> None:
    """Start on empty tables of the current models.

    SQLite: each test has its own file, so the tables are made. PostgreSQL: one
    database serves the whole run, and emptying the tables (when they are all there)
    costs far less than dropping and making them again for each of ~1,200 tests.
    """
    tables = db.metadata.sorted_tables
    present = set(db.inspect(db.engine).get_table_names()) if TEST_DATABASE_URL else set()
    if TEST_DATABASE_URL and {table.name for table in tables} <= present:
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(db.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        return
    db.drop_all()
    db.create_all()


@pytest.fixture
def app_factory(tmp_path, monkeypatch):
    """Build an app on empty tables (the next test empties them again on PostgreSQL)."""
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    made = []

    def make(**overrides):
        app = create_app(app_settings(tmp_path, **overrides))
        with app.app_context():
            empty_schema()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create an account; returns (id, username, password) as a plain namespace."""
    from assembly.auth.operations import create_user

    counter = iter(range(1, 10_000))

    def make(username=None, *, password=PASSWORD, instance_admin=False, **fields):
        username = username or f"user{next(counter)}"
        with app.app_context():
            user = create_user(
                username,
                fields.pop("display_name", username.title()),
                password,
                is_instance_admin=instance_admin,
                **fields,
            )
            return SimpleNamespace(id=user.id, username=user.username, password=password)

    return make


@pytest.fixture
def make_group(app):
    """Create a group with one member per role; returns its slug, ids and people."""
    from assembly.auth.models import User
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group

    def make(slug="glycines", name="Collectif des Glycines", people=None):
        with app.app_context():
            group = create_group(name, slug, "Un collectif de test.", admin=None)
            members = {}
            for role, person in (people or {}).items():
                user = db.session.get(User, person.id)
                members[role] = add_member(group, user, Role(role)).id
            return SimpleNamespace(
                id=group.id, slug=group.slug, name=group.name, memberships=members
            )

    return make


@pytest.fixture
def people(make_user):
    """One account per role, plus an outsider (member elsewhere) and an instance admin."""
    found = {role: make_user(role) for role in ROLES}
    found["outsider"] = make_user("outsider")
    found["instance_admin"] = make_user("root", instance_admin=True)
    return found


@pytest.fixture
def group(make_group, people):
    """The group 'glycines' with a member in every role; 'outsider' belongs to another group."""
    made = make_group(people={role: people[role] for role in ROLES})
    make_group("autre", "Un autre collectif", people={"member": people["outsider"]})
    return made


@pytest.fixture
def clock():
    """The app's one clock (`assembly.clock`): `clock.freeze(at)`, `clock.advance(hours=1)`.

    Thawed again after the test, whatever it did.
    """
    from assembly import clock as app_clock

    yield app_clock
    app_clock.thaw()


@pytest.fixture
def auth(client):
    return Auth(client)

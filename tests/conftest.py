"""Shared fixtures: one app per run, a fresh database for each test, and factories.

Building the app (blueprints, Jinja's compiled templates) and its schema costs more
than most tests, so, as Indico's fixtures do, the app is made once per run (per
pytest-xdist worker, and once more for each distinct set of `app_factory`
overrides) and each test gets a fresh database cheaply:

- SQLite: the schema is made once into a file; each test starts on a copy of it.
- PostgreSQL (ASSEMBLY_TEST_DATABASE_URL, one database per xdist worker): each test
  starts on emptied tables, their ids from 1 again.

Before each test, whatever a test may change on the shared app is put back: its
config, its instance folder (the test's own tmp_path/instance), the rate-limit
counters and the clock. A test cannot add routes to it (Flask refuses once the app
has served a request): a test that needs to build its own app calls `create_app`.
"""

import copy
import re
import shutil
import sqlite3
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import hypothesis
import pytest
from sqlalchemy import event
from sqlalchemy.exc import ProgrammingError

from assembly import clock as app_clock
from assembly import create_app
from assembly.extensions import db
from assembly.meetings import line_up as line_ups
from tests.crawl import crawl, demo_client, demo_values
from tests.helpers import (
    PASSWORD,
    ROLES,
    Auth,
    app_settings,
    create_worker_database,
    drop_worker_database,
)

# Property tests run on a loaded 2-core machine next to browser tests: no per-example
# deadline (a slow example is not a wrong one), and the same examples on every run.
hypothesis.settings.register_profile("assembly", deadline=None, derandomize=True)
hypothesis.settings.load_profile("assembly")

WORLD = "access matrix world"  # the name of the `world` fixture's snapshot
# Statements that change no row (a test that ran only these left its database as it was).
READING = re.compile(r"\s*(SELECT|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SHOW)\b", re.I)
# The snapshot each test database holds, untouched since it was put back; None: unknown.
# By database: the apps of a run share one per worker on PostgreSQL.
UNTOUCHED: dict[str, str | None] = {}


def pytest_sessionstart(session):
    """On PostgreSQL under xdist, make this worker's own database (see tests/helpers.py)."""
    create_worker_database()


def pytest_sessionfinish(session):
    drop_worker_database()


def pytest_runtest_setup(item):
    """Only a `world` test that wrote nothing through the app leaves the world for the next
    one (PreparedApp.watching): any other test may change the database in ways no listener
    hears (a subprocess, an app of its own, a migration dropping the tables)."""
    if "world" not in item.fixturenames:
        UNTOUCHED.clear()


def pytest_collection_modifyitems(config, items):
    """Keep the browser tests on one xdist worker: they share one live server and Chromium
    (a module that names a group of its own runs apart: the axe crawl, on its own site)."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("browser"))
    if config.getoption("loadgroup", default=False):  # an xdist worker, --dist loadgroup
        for item in items:
            name_group(item)


def name_group(item) -> None:
    """Put the item's xdist group at the end of its node id, where xdist's scheduler reads it.

    pytest-xdist 3.8 writes it to `item._nodeid`, which pytest 9.2 no longer reads (its node
    ids are structured): every `xdist_group` was silently ignored (pytest-xdist issue #1386).
    Once xdist's own suffix shows, this does nothing.
    """
    names = {
        str(m.args[0] if m.args else m.kwargs.get("name", "default"))
        for m in item.iter_markers("xdist_group")
    }
    suffix = f"@{'_'.join(sorted(names))}"
    if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(item.nodeid + suffix)


def empty_schema() -> None:
    """Start on empty tables of the current models (PostgreSQL).

    Emptying the tables (when they are all there) costs far less than dropping and
    making them again for each test; a test that dropped them (the migration and CLI
    tests) leaves the next one to make them. Trying costs less than asking first.
    """
    try:
        run_script(emptying_statements())
    except ProgrammingError:  # a table is missing
        db.session.rollback()
        db.drop_all()
        db.create_all()


def run_script(statements: Sequence[str]) -> None:
    """Send SQL statements in one round trip (they hold no parameters), then commit."""
    db.session.execute(db.text(";\n".join(statements)))
    db.session.commit()


@cache
def emptying_statements() -> tuple[str, ...]:
    """PostgreSQL: empty every table and start its ids at 1 again.

    DELETE, children first, rather than TRUNCATE: on a few rows it costs a couple of
    milliseconds where TRUNCATE, which makes new files for every table, costs fifty.
    """
    tables = db.metadata.sorted_tables
    # Table names come from our own models, never from input: S608 does not apply.
    statements = [f'DELETE FROM "{t.name}"' for t in reversed(tables)]  # noqa: S608
    statements += [
        f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), 1, false)"
        for t in tables
        if serial_id(t)
    ]
    return tuple(statements)


def serial_id(table) -> bool:
    """Whether the table's primary key is an `id` the database numbers."""
    column = table.c.get("id")
    return column is not None and column.primary_key and column.autoincrement in (True, "auto")


class PreparedApp:
    """An app built once, and the prepared databases a test may start from.

    `fresh(tmp_path)` puts the app back as it was built, on empty tables.
    `restore_or_build(name, build)` gives a test a prepared world: the first time, it
    calls `build()` on the fresh database and keeps a snapshot; later, it restores it.
    `watching(name)` lets the next test on the same snapshot skip both when the test wrote
    nothing (the access matrix: most of its ~2,400 cases only read).
    """

    def __init__(self, folder: Path, overrides: dict):
        folder.mkdir(parents=True)
        self.folder = folder
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ASSEMBLY_INSTANCE_PATH", str(folder / "instance"))
            self.app = create_app(app_settings(folder, **overrides))
        self.config = self._copy(self.app.config)
        self.snapshots: dict[str, tuple[object, object]] = {}
        with self.app.app_context():
            sqlite = db.engine.dialect.name == "sqlite"
            self.sqlite_file = Path(db.engine.url.database) if sqlite else None
            self.database = db.engine.url.render_as_string(hide_password=True)
            if sqlite:
                db.create_all()
        if self.sqlite_file:
            self.empty_file = self._snapshot_file("empty")

    @staticmethod
    def _copy(config) -> dict:
        try:
            return copy.deepcopy(dict(config))
        except Exception:  # a value that cannot be deep-copied: keep the values as they are
            return dict(config)

    def fresh(self, tmp_path: Path, keep: str | None = None):
        """The app as built, on an empty database, its instance folder under tmp_path.

        `keep`: the snapshot the test asks for next; if the database holds it untouched,
        it stays as it is rather than being emptied and restored.
        """
        app = self.app
        app.config.clear()
        app.config.update(self._copy(self.config))
        app.instance_path = str(tmp_path / "instance")
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app_clock.thaw()
        line_ups.clear(app)  # kept by meeting id and version: each database starts afresh
        if keep is not None and UNTOUCHED.get(self.database) == keep:
            return app
        UNTOUCHED[self.database] = None
        if self.sqlite_file:
            self._put_file(self.empty_file)
        else:
            with app.app_context():
                empty_schema()
        return app

    def restore_or_build(self, name: str, build):
        """Start on the database `build()` makes; built once, then restored from a copy."""
        if name in self.snapshots:
            kept, result = self.snapshots[name]
            if UNTOUCHED.get(self.database) == name:
                return result
            if self.sqlite_file:
                self._put_file(kept)
            else:
                with self.app.app_context():
                    restore_tables(kept)
            return result
        result = build()
        if self.sqlite_file:
            kept = self._snapshot_file(name)
        else:
            with self.app.app_context():
                kept = snapshot_tables(name)
        self.snapshots[name] = (kept, result)
        return result

    @contextmanager
    def watching(self, name: str):
        """Run a test on the snapshot `name`, listening for the statements that write:
        yields their list, which grows as the test runs. When it stays empty, the next test
        that asks for `name` starts on the database as it is.

        Only for tests that reach the database through the app's engine (the test client):
        a subprocess or a raw sqlite3 connection would write unheard.
        """
        with self.app.app_context():
            engine = db.engine
        writes: list[str] = []

        def hear(conn, cursor, statement, parameters, context, executemany):
            if not READING.match(statement):
                writes.append(statement)

        UNTOUCHED[self.database] = None  # while the test runs, nobody knows
        event.listen(engine, "before_cursor_execute", hear)
        try:
            yield writes
        finally:
            event.remove(engine, "before_cursor_execute", hear)
            UNTOUCHED[self.database] = None if writes else name

    def _release(self) -> None:
        """Close every connection to the SQLite file, so it can be swapped."""
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def _snapshot_file(self, name: str) -> Path:
        """Copy the test database into a file of its own (the backup API copes with WAL)."""
        self._release()
        kept = self.folder / f"snapshot-{len(self.snapshots)}-{name.replace(' ', '-')}.sqlite3"
        source, target = sqlite3.connect(self.sqlite_file), sqlite3.connect(kept)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return kept

    def _put_file(self, kept: Path) -> None:
        """Replace the test database by a copy of `kept` (its -wal and -shm files go too)."""
        self._release()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.sqlite_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(kept, self.sqlite_file)

    def close(self) -> None:
        """Drop the snapshot schemas (PostgreSQL) and close the connections."""
        with self.app.app_context():
            db.session.remove()
            if not self.sqlite_file and self.snapshots:
                run_script(
                    [
                        f'DROP SCHEMA IF EXISTS "{kept}" CASCADE'
                        for kept, _ in self.snapshots.values()
                    ]
                )
            db.engine.dispose()


def snapshot_tables(name: str) -> str:
    """PostgreSQL: copy every table into a schema of its own; return the schema's name."""
    schema = "snapshot_" + "".join(c if c.isalnum() else "_" for c in name.lower())
    statements = [f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', f'CREATE SCHEMA "{schema}"']
    statements += [
        f'CREATE TABLE "{schema}"."{t.name}" AS TABLE "{t.name}"' for t in db.metadata.sorted_tables
    ]
    run_script(statements)
    return schema


def restore_tables(schema: str) -> None:
    """PostgreSQL: empty the tables, copy the snapshot's rows back, move the ids on."""
    statements = list(emptying_statements())
    for t in db.metadata.sorted_tables:
        # Columns by name: a table the migrations made may order them differently.
        columns = ", ".join(f'"{c.name}"' for c in t.columns)
        # Names from our own models and snapshot_tables(), never from input.
        statements.append(
            f'INSERT INTO "{t.name}" ({columns}) SELECT {columns} FROM "{schema}"."{t.name}"'  # noqa: S608
        )
        if serial_id(t):
            statements.append(
                f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), "  # noqa: S608
                f'coalesce(max(id), 0) + 1, false) FROM "{t.name}"'
            )
    run_script(statements)


@pytest.fixture(scope="session")
def prepared_apps(tmp_path_factory):
    """The apps of this run, one per distinct `app_factory` overrides, built on first use."""
    apps: dict[tuple, PreparedApp] = {}
    yield SimpleNamespace(apps=apps, root=tmp_path_factory.mktemp("apps"))
    for prepared in apps.values():
        prepared.close()


@pytest.fixture
def prepared_db(prepared_apps, tmp_path, monkeypatch, request):
    """The shared app of the test's settings, put back as built: see PreparedApp.

    `prepared_db(**overrides)` returns the PreparedApp for those settings (`.app`,
    `.restore_or_build(name, build)`), already on an empty database — or, for a test
    of the `world`, on the world if a test before left it untouched.
    """
    world = WORLD if "world" in request.fixturenames else None
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    used = []

    def get(**overrides):
        key = tuple(sorted((name, repr(value)) for name, value in overrides.items()))
        if key not in prepared_apps.apps:
            folder = prepared_apps.root / f"app{len(prepared_apps.apps)}"
            prepared_apps.apps[key] = PreparedApp(folder, overrides)
        prepared = prepared_apps.apps[key]
        if prepared not in used:
            prepared.fresh(tmp_path, keep=None if overrides else world)
            used.append(prepared)
        return prepared

    yield get
    app_clock.thaw()
    for prepared in used:
        with prepared.app.app_context():
            db.session.remove()


@pytest.fixture
def app_factory(prepared_db):
    """An app with these settings on empty tables: `app_factory(LOGIN_RATE_LIMIT="3 per minute")`.

    Apps are shared: one per distinct overrides per run, put back before each test.
    """

    def make(**overrides):
        return prepared_db(**overrides).app

    return make


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
    """One account per role, an observer, an outsider (member elsewhere) and an instance admin."""
    found = {role: make_user(role) for role in ROLES}
    found["observer"] = make_user("observer")  # a researcher: reads the report only
    found["outsider"] = make_user("outsider")
    found["instance_admin"] = make_user("root", instance_admin=True)
    return found


@pytest.fixture
def group(make_group, people):
    """The group 'glycines' with a member in every role and an observer; 'outsider' belongs
    to another group."""
    made = make_group(people={role: people[role] for role in (*ROLES, "observer")})
    make_group("autre", "Un autre collectif", people={"member": people["outsider"]})
    return made


@pytest.fixture
def make_invite(app, group, people):
    """An invite link's token into the group, made by its admin."""
    from assembly.auth.models import User
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import create_invite

    def make(single_use=True, days=7, role="member"):
        with app.app_context():
            invite = create_invite(
                db.session.get(Group, group.id),
                role=Role(role),
                single_use=single_use,
                days=days,
                by=db.session.get(User, people["admin"].id),
            )
            return invite.token

    return make


@pytest.fixture
def conduct_room(app, client, auth, group):
    """A live meeting on its first item; the facilitator is signed in on `client` (the
    conduct page's decisions and tasks tests)."""
    from assembly.meetings.models import AgendaItem, Meeting, State

    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée de mai",
            starts_at=datetime(2026, 5, 7, 17),
            state=State.LIVE,
            join_code="H4XW9",
        )
        meeting.items = [AgendaItem(title="La fête d'été", position=1)]
        db.session.add(meeting)
        db.session.flush()
        meeting.current_item_id = meeting.items[0].id
        db.session.commit()
        ids = SimpleNamespace(id=meeting.id, item_id=meeting.items[0].id)
    auth.login("facilitator")
    ids.conduct = f"/g/glycines/meetings/{ids.id}/conduct"
    ids.prepare = f"/g/glycines/meetings/{ids.id}/items/{ids.item_id}/decisions/new"
    return ids


@pytest.fixture
def online_vote(app, group):
    """The id of a yes/no question put to the group's members online, open for a day."""
    from datetime import timedelta

    from assembly.decisions.models import Method
    from assembly.decisions.operations.online import create_online_decision
    from assembly.groups.models import Group

    with app.app_context():
        now = datetime.now().replace(microsecond=0)  # noqa: DTZ005 (a day wide either way)
        decision = create_online_decision(
            db.session.get(Group, group.id),
            question="On y va ?",
            method=Method.BALLOT,
            by=None,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
            now=now,
        )
        return decision.id


@pytest.fixture
def clock():
    """The app's one clock (`assembly.clock`): `clock.freeze(at)`, `clock.advance(hours=1)`.

    Thawed again after the test, whatever it did.
    """
    yield app_clock
    app_clock.thaw()


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def world(app, prepared_db, request):
    """The access matrix's world: `people`, `group`, and `args`, a record behind every URL
    variable (tests/test_access_matrix.py: url_args).

    Built on the first test that asks for it, then restored from a copy of its database
    for each later one, instead of being built again for each of ~2,400 cases — or kept as
    it is when the test before wrote nothing. `writes`: the statements that wrote so far in
    this test (PreparedApp.watching). A test that takes `world` takes its people and group
    from it, not from `people` and `group`.
    """
    from tests.test_access_matrix import url_args

    def build():
        people = request.getfixturevalue("people")
        group = request.getfixturevalue("group")
        return SimpleNamespace(people=people, group=group, args=url_args(app, group, people))

    prepared = prepared_db()
    made = prepared.restore_or_build(WORLD, build)
    with prepared.watching(WORLD) as writes:
        yield SimpleNamespace(**vars(made), writes=writes)


@pytest.fixture(scope="session")
def sessions() -> dict:
    """The session cookie of each account of the world, once signed in (per worker)."""
    return {}


@pytest.fixture
def sign_in(app, client, auth, world, sessions):
    """`sign_in(visitor)`: the client signed in as that visitor of the world (anonymous:
    as it is). Through /login the first time on this worker; later with the session cookie
    it got then, which stays good: the session is signed, not stored, and every case starts
    on the same accounts. The matrix and the fuzz test what comes after signing in; the
    sign-in has its own tests."""
    cookie = app.config["SESSION_COOKIE_NAME"]

    def sign_in(visitor: str) -> None:
        if visitor == "anonymous":
            return
        username = world.people[visitor].username
        if username in sessions:
            client.set_cookie(cookie, sessions[username])
            return
        assert auth.login(username).status_code == 302
        sessions[username] = client.get_cookie(cookie).value

    return sign_in


@pytest.fixture
def smtp_server(app):
    """A real SMTP server in this process; the app's e-mail goes to it. `.received`."""
    from tests.messaging import SmtpServer

    with SmtpServer() as server:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SECURITY="none")
        yield server


@pytest.fixture
def sms_gateway(app):
    """The association's phone, as its local server answers; the app's SMS go to it. `.sent`."""
    from tests.messaging import MESSAGING, SmsGateway

    with SmsGateway(MESSAGING["SMS_GATEWAY_LOGIN"], MESSAGING["SMS_GATEWAY_PASSWORD"]) as phone:
        app.config.update(
            SMS_GATEWAY_URL=phone.url,
            SMS_GATEWAY_LOGIN=MESSAGING["SMS_GATEWAY_LOGIN"],
            SMS_GATEWAY_PASSWORD=MESSAGING["SMS_GATEWAY_PASSWORD"],
        )
        yield phone


# The demo site and its crawl by links, shared by the tests that read every page.
#
# Crawling the demo as every demo person takes most of a minute of one core: the
# reachability test, the valid-HTML test, the scan for controls named by symbols only, the
# statements per page and the axe crawl (tests/browser/test_accessibility.py) read the same
# crawl, made once per worker. They carry the `xdist_group` DEMO_CRAWL (tests/crawl.py), so
# under `pytest -n N` they run on one worker; xdist hands the biggest groups out first (the
# browser tests, then this one), so it never trails at the end of a run.


@pytest.fixture(scope="session")
def crawls() -> dict:
    """Each person's crawl, by person (None: a visitor), kept for the worker's session."""
    return {}


@pytest.fixture
def demo_site(app, prepared_db, crawls):
    """The demo loaded (restored from a copy after the first time) and a crawl per person.

    `demo_site.values` are demo_values(); `demo_site.crawl(person)` the pages that person
    reaches by links, in French, crawled once per worker: every test starts on the same
    copy of the demo, so a crawl made in one test holds for the next.
    """

    def load():
        from assembly.demo import load_demo

        with app.app_context():
            load_demo()
            return demo_values(app)

    values = prepared_db().restore_or_build("demo site", load)

    def crawl_as(person):
        if person not in crawls:
            crawls[person] = crawl(demo_client(app, person), app)
        return crawls[person]

    return SimpleNamespace(values=values, crawl=crawl_as)

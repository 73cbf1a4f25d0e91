"""Database plumbing: the URL, SQLite's pragmas and its write transactions."""

from pathlib import Path

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from assembly.extensions import db
from assembly.paths import private_file

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # readers never wait for the writer
    "PRAGMA synchronous=NORMAL",  # safe with WAL, and much faster on cheap disks
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",  # wait up to 5 s for the write lock instead of failing
)
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Database objects the models do not map (search indexes made by raw SQL): Alembic's
# comparison of models and database leaves them out. Features add their names here.
UNMAPPED_NAMES: set[str] = set()


def include_object(_object, name, _type, reflected, compare_to) -> bool:
    """Alembic filter: skip reflected objects the models do not describe on purpose."""
    return not (
        reflected
        and compare_to is None
        and any((name or "").startswith(prefix) for prefix in UNMAPPED_NAMES)
    )


def database_url(app: Flask) -> str:
    """Return the configured URL, or SQLite in the instance folder."""
    url = app.config.get("DATABASE_URL") or ""
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "assembly.sqlite3")
    # Accept the plain form hosts copy from their provider and use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _is_write_transaction() -> bool:
    """Whether a new transaction may write: any request but GET/HEAD/OPTIONS, and the CLI."""
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


def configure_sqlite(engine: Engine) -> None:
    """Set WAL and friends on each connection; begin writing transactions IMMEDIATE.

    Python's sqlite3 starts transactions lazily, so two requests can both read, then
    both try to write, and one fails with "database is locked" despite the busy timeout.
    Taking the write lock at BEGIN makes the second one wait its turn instead.
    Read-only requests begin DEFERRED, so readers never queue behind a writer.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _is_write_transaction() else "BEGIN")


def leave_transaction() -> None:
    """End the session's transaction before slow work, so no lock is held meanwhile.

    A POST's transaction holds SQLite's write lock from its first query (see
    `configure_sqlite`); checking a password with argon2 takes a quarter of a second
    of CPU, and a crowd of logins holding the lock through it stops everyone else's
    writes. What was read stays valid (objects reload on their next use); anything
    already written is committed, so callers do their slow work before writing.
    """
    if db.session().in_transaction():
        db.session.commit()


def hold(model, record_id: int) -> None:
    """Lock the `model` row `record_id` until the transaction ends, before checking then
    writing under it: ``hold(Group, group.id)``.

    "Is there already a number, a support, a ballot, a membership?" then "add it" is
    only sound if nobody else does the same in between. On PostgreSQL, concurrent
    writers under the same parent (a group, a need, a decision, a meeting) wait here
    for their turn (SELECT … FOR UPDATE); on SQLite every write transaction already
    holds the database's write lock from its first statement, and this is a no-op.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return
    db.session.execute(db.select(model.id).where(model.id == record_id).with_for_update())


def init_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy and tune SQLite when that is the backend."""
    app.config["SQLALCHEMY_DATABASE_URI"] = url = database_url(app)
    sqlite_file = make_url(url).database if url.startswith("sqlite") else None
    if sqlite_file and sqlite_file != ":memory:" and Path(sqlite_file).parent.is_dir():
        private_file(Path(sqlite_file))  # SQLite gives its WAL files the same mode
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)

"""The `assembly` command: init, create-admin, demo, serve, backup, restore, the cron jobs,
and the checks of the SMTP and SMS settings.

Every command also exists under `flask --app assembly`; `assembly` is the short name.
"""

import secrets
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from assembly.extensions import db
from assembly.paths import private_file
from assembly.web.network import LOOPBACK, lan_addresses


def register_commands(app: Flask) -> None:
    for command in (
        init,
        create_admin,
        demo,
        serve,
        backup,
        restore,
        close_decisions,
        purge,
        send,
        check_mail,
        check_sms,
    ):
        app.cli.add_command(command)


def _sqlite_path() -> Path | None:
    """The SQLite file in use, or None on another database."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


@click.command()
@with_appcontext
def init() -> None:
    """Create or upgrade the database, and make a secret key if there is none."""
    from flask_migrate import upgrade

    key_file = Path(current_app.instance_path) / "secret_key"
    if not key_file.exists() and not _key_configured():
        key = secrets.token_hex(32)
        private_file(key_file, key + "\n")
        current_app.config["SECRET_KEY"] = key
        click.echo(f"Secret key written to {key_file}")
    upgrade()
    _tighten_instance_files()
    click.echo("Database is up to date.")


def _tighten_instance_files() -> None:
    """Make the key and the database files private, for instances made before they were."""
    database = _sqlite_path()
    candidates = [Path(current_app.instance_path) / "secret_key"]
    if database is not None:
        candidates += [database.with_name(database.name + end) for end in ("", "-wal", "-shm")]
    for path in candidates:
        if path.exists():
            private_file(path)


def _key_configured() -> bool:
    """Whether a real key is already set (instance/config.py or ASSEMBLY_SECRET_KEY)."""
    from assembly.serving import DEV_SECRET_KEY

    key = current_app.config.get("SECRET_KEY")
    return bool(key) and key != DEV_SECRET_KEY


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--display-name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(username: str, display_name: str, password: str) -> None:
    """Create an instance administrator, who can create groups."""
    from assembly.auth.models import find_user
    from assembly.auth.operations import create_user
    from assembly.auth.passwords import password_problem

    if find_user(username) is not None:
        raise click.ClickException(f"The username {username!r} is taken.")
    problem = password_problem(password, (username, display_name))
    if problem:
        raise click.ClickException(str(problem))
    create_user(username, display_name, password, is_instance_admin=True)
    click.echo(f"Instance administrator {username!r} created.")


@click.command()
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def demo(if_empty: bool) -> None:
    """Fill the database with a French neighbourhood group and its demo accounts."""
    from assembly.auth.models import User
    from assembly.demo import load_demo

    if db.session.scalar(db.select(db.func.count()).select_from(User)):
        if if_empty:
            return
        raise click.ClickException(
            "The database already has accounts; demo data goes in an empty one."
        )
    load_demo()
    click.echo("Demo data loaded. Accounts: admin, organisatrice, animateur, habitante.")


@click.command()
@with_appcontext
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="PORT", default=5000, show_default=True, type=int)
@click.option("--lan", is_flag=True, help="Listen on every interface, for phones in the room.")
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, lan: bool, threads: int) -> None:
    """Serve the application with waitress."""
    import segno

    from assembly import waitress_serving
    from assembly.demo import demo_accounts_exist
    from assembly.serving import ensure_ready_to_serve

    app = current_app._get_current_object()
    ensure_ready_to_serve(app)
    if lan:
        host = "0.0.0.0"  # noqa: S104 (the point of --lan)  # nosec B104
        addresses = [f"http://{address}:{port}/" for address in lan_addresses()]
        if addresses:
            click.echo("Phones on this network can open: " + "  ".join(addresses))
            segno.make(addresses[0], error="l").terminal(compact=True)
        else:
            click.echo("No network found: start the hotspot, then run this command again.")
    if host not in LOOPBACK and demo_accounts_exist():
        click.secho(
            "WARNING: demo accounts still have their public password and the server "
            "listens beyond this machine. Change their passwords (Account page) or "
            "disable them (Administration page).",
            fg="red",
            bold=True,
            err=True,
        )
    click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    waitress_serving.serve(app, host=host, port=port, threads=threads)


@click.command()
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH, safely, while the app runs."""
    source = _sqlite_path()
    if source is None:
        raise click.ClickException(
            "This instance uses PostgreSQL: back it up with "
            "`pg_dump --format=custom --file=PATH DATABASE`."
        )
    private_file(path)  # a copy of everyone's data: for the host's account alone
    with sqlite3.connect(source) as live, sqlite3.connect(path) as copy:
        live.backup(copy)
    click.echo(f"Backup written to {path}")


@click.command()
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH. Stop the server first."""
    target = _sqlite_path()
    if target is None:
        raise click.ClickException(
            "This instance uses PostgreSQL: restore with "
            "`pg_restore --clean --dbname=DATABASE PATH`."
        )
    if not _sound_database(path):
        raise click.ClickException(f"{path} is not a sound SQLite database: nothing was changed.")
    if not yes:
        click.confirm(f"Replace {target} with {path}?", abort=True)
    db.engine.dispose()
    # The backup API writes through SQLite itself, so the WAL files stay consistent.
    with sqlite3.connect(path) as source, sqlite3.connect(target) as live:
        source.backup(live)
    click.echo(f"Database restored from {path}. Run `assembly init` to upgrade it if needed.")


def _sound_database(path: Path) -> bool:
    """Whether `path` is an SQLite database that passes its own integrity check."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            return check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:  # not a database, or damaged beyond reading
        return False


@click.command()
@with_appcontext
def purge() -> None:
    """Apply the retention rules every feature declares (run it daily, e.g. from cron).

    People without contact for their group's retention period are erased (members
    aside); contact details without a consent in force, door notes a year after their
    round, address keys of "me too" a day after, and who did what in the journal a
    year after, are erased. Prints how many of each.
    """
    from assembly.clock import utcnow
    from assembly.web.rights import purge as apply_retention

    for name, count in apply_retention(utcnow()):
        click.echo(f"{name[:1].upper()}{name[1:]}: {count}")


@click.command("close-decisions")
@with_appcontext
def close_decisions() -> None:
    """Record the result of online votes whose period has ended (run it hourly, e.g. from cron).

    Pages show a result as soon as the vote closes; this writes it down, on the
    decision and on the trace of each need it concerned.
    """
    from assembly.decisions.operations.core import close_due

    click.echo(f"Decisions closed: {close_due()}")


@click.command()
@with_appcontext
@click.option("--loop", is_flag=True, help="Keep running: send as messages fall due.")
@click.option("--every", default=10, show_default=True, help="Seconds between passes.")
def send(loop: bool, every: int) -> None:
    """Send the SMS and e-mails that are due (cron: every minute; or --loop as a service).

    Prints what became of each message of the pass. A failed attempt is tried again
    later; a message that cannot go is marked failed and shown to the group's team.
    """
    import time

    from assembly.messages.sender import lower_priority, send_pass

    lower_priority()
    while True:
        done = send_pass()
        if done or not loop:
            summary = ", ".join(f"{status}: {count}" for status, count in sorted(done.items()))
            click.echo(f"Messages: {summary or 'none due'}")
        if not loop:
            return
        db.session.remove()  # a fresh connection and transaction each pass
        if not done:
            time.sleep(every)


@click.command("check-mail")
@with_appcontext
@click.argument("address")
def check_mail(address: str) -> None:
    """Send a test e-mail to ADDRESS now and print what the SMTP server answered.

    It goes straight out, not through the outbox. Exits with 1 when it did not go.
    """
    from assembly.messages.checks import check_mail as run

    if not run(address, click.echo):
        raise SystemExit(1)


@click.command("check-sms")
@with_appcontext
@click.argument("number")
def check_sms(number: str) -> None:
    """Send a test SMS to NUMBER now through the gateway phone and print its answer.

    It goes straight out, even in quiet hours, not through the outbox. Exits with 1
    when the phone did not take it.
    """
    from assembly.messages.checks import check_sms as run

    if not run(number, click.echo):
        raise SystemExit(1)

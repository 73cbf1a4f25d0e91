"""The `assembly` command: init, create-admin, demo, serve's safety checks, backup and restore."""

import sqlite3

import pytest

from assembly import create_app, ensure_ready_to_serve
from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group, Membership
from tests.helpers import TEST_DATABASE_URL, app_settings

sqlite_only = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="backup and restore of a SQLite file; PostgreSQL uses pg_dump"
)


@pytest.fixture
def fresh_app(tmp_path, monkeypatch):
    """An app whose database is still empty, with no secret key anywhere."""
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    settings = app_settings(tmp_path, SECRET_KEY=None, TESTING=False)
    app = create_app(settings)
    with app.app_context():
        db.drop_all()
        if TEST_DATABASE_URL:
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
    yield app
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_init_creates_the_schema_and_a_secret_key_once(fresh_app, tmp_path):
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    key_file = tmp_path / "instance" / "secret_key"
    key = key_file.read_text()
    assert len(key.strip()) == 64
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert runner.invoke(args=["init"]).exit_code == 0  # again: an upgrade, same key
    assert key_file.read_text() == key
    with fresh_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_server_refuses_to_start_without_a_real_key(fresh_app):
    with pytest.raises(SystemExit, match="assembly init"):
        ensure_ready_to_serve(fresh_app)
    result = fresh_app.test_cli_runner().invoke(args=["serve"])
    assert result.exit_code != 0
    assert "secret key" in result.output.lower()


def test_app_reads_the_key_that_init_wrote(fresh_app, tmp_path):
    fresh_app.test_cli_runner().invoke(args=["init"])
    again = create_app(app_settings(tmp_path, SECRET_KEY=None, TESTING=False))
    ensure_ready_to_serve(again)  # does not raise
    assert again.config["SECRET_KEY"] == (tmp_path / "instance" / "secret_key").read_text().strip()


def test_demo_makes_the_documented_accounts_then_refuses_a_second_time(fresh_app):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    assert runner.invoke(args=["demo"]).exit_code == 0
    with fresh_app.app_context():
        roles = dict(
            db.session.execute(
                db.select(User.username, Membership.role).join(Membership.user)
            ).all()
        )
        assert {k: roles[k] for k in ("admin", "organisatrice", "animateur", "habitante")} == {
            "admin": "admin",
            "organisatrice": "organizer",
            "animateur": "facilitator",
            "habitante": "member",
        }
        assert db.session.scalar(db.select(User.is_instance_admin).filter_by(username="admin"))
        assert db.session.scalar(db.select(db.func.count()).select_from(Group)) == 1
    assert runner.invoke(args=["demo"]).exit_code != 0
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0


def test_demo_accounts_sign_in_with_the_documented_password(fresh_app):
    from tests.helpers import Auth

    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    runner.invoke(args=["demo"])
    for username in ("admin", "organisatrice", "animateur", "habitante"):
        client = fresh_app.test_client()
        assert Auth(client).login(username, "assemblee-demo").status_code == 302


def test_create_admin_checks_the_password_and_the_username(fresh_app):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    weak = [
        "create-admin",
        "--username",
        "claire",
        "--display-name",
        "Claire",
        "--password",
        "azertyuiop",
    ]
    result = runner.invoke(args=weak)
    assert result.exit_code != 0 and "plus courants" in result.output
    good = weak[:-1] + ["une phrase bien longue"]
    assert runner.invoke(args=good).exit_code == 0
    with fresh_app.app_context():
        assert db.session.scalar(db.select(User.is_instance_admin).filter_by(username="claire"))
    assert runner.invoke(args=good).exit_code != 0  # taken


def test_serve_on_the_lan_warns_about_demo_accounts(fresh_app, monkeypatch):
    from assembly import waitress_serving

    served = {}
    monkeypatch.setattr(waitress_serving, "serve", lambda app, **kw: served.update(kw))
    fresh_app.config["SECRET_KEY"] = "a real key for this test"
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["serve", "--lan", "--port", "5123"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "0.0.0.0" and served["port"] == 5123
    assert "http://" in result.output and ":5123/" in result.output
    assert "WARNING: demo accounts" in result.output
    quiet = runner.invoke(args=["serve", "--host", "127.0.0.1"])
    assert "WARNING" not in quiet.output


def test_the_warning_stops_once_demo_passwords_are_changed(fresh_app, monkeypatch):
    from assembly import waitress_serving
    from assembly.auth.models import User
    from assembly.auth.operations import change_password, set_active

    monkeypatch.setattr(waitress_serving, "serve", lambda app, **kw: None)
    fresh_app.config["SECRET_KEY"] = "a real key for this test"
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    runner.invoke(args=["demo"])
    with fresh_app.app_context():
        for username in ("admin", "organisatrice", "animateur"):
            user = db.session.scalar(db.select(User).filter_by(username=username))
            change_password(user, "une vraie phrase secrète")
        set_active(db.session.scalar(db.select(User).filter_by(username="habitante")), False)
    result = runner.invoke(args=["serve", "--lan"])
    assert "WARNING" not in result.output


def test_lan_addresses_are_real_and_never_loopback():
    import ipaddress

    from assembly.web.network import lan_addresses

    for address in lan_addresses():
        assert not ipaddress.ip_address(address).is_loopback


@sqlite_only
def test_backup_then_restore_brings_the_data_back(fresh_app, tmp_path):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    runner.invoke(args=["demo"])
    copy = tmp_path / "copy.sqlite3"
    assert runner.invoke(args=["backup", str(copy)]).exit_code == 0
    with sqlite3.connect(copy) as check:
        assert check.execute("SELECT count(*) FROM users").fetchone()[0] == 8
    with fresh_app.app_context():
        db.session.execute(db.delete(Membership))
        db.session.commit()
    assert runner.invoke(args=["restore", "--yes", str(copy)]).exit_code == 0
    with fresh_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Membership)) == 8


@sqlite_only
@pytest.mark.parametrize("damage", ["not a database", "cut in half"])
def test_restore_refuses_a_bad_file_with_a_message_and_no_traceback(fresh_app, tmp_path, damage):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    runner.invoke(args=["demo"])
    bad = tmp_path / "bad.sqlite3"
    if damage == "not a database":
        bad.write_bytes(b"not a database at all" * 100)
    else:
        runner.invoke(args=["backup", str(bad)])
        whole = bad.read_bytes()
        bad.write_bytes(whole[: len(whole) // 2])
    result = runner.invoke(args=["restore", "--yes", str(bad)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # click's clean exit, not a crash
    assert "is not a sound SQLite database: nothing was changed." in result.output
    with fresh_app.app_context():  # and the live database is untouched
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 8


def mode(path) -> str:
    return oct(path.stat().st_mode & 0o777)


@sqlite_only
def test_the_database_its_wal_the_key_and_backups_are_for_the_host_alone(fresh_app, tmp_path):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["init"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    backup = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    database = tmp_path / "test.sqlite3"
    files = [database, database.with_name("test.sqlite3-wal"), tmp_path / "instance/secret_key"]
    assert {str(path): mode(path) for path in [*files, backup]} == {
        str(path): "0o600" for path in [*files, backup]
    }
    assert mode(tmp_path / "instance") == "0o700"


@sqlite_only
def test_init_tightens_the_files_of_an_older_instance(fresh_app, tmp_path):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["init"])
    database, key = tmp_path / "test.sqlite3", tmp_path / "instance/secret_key"
    database.chmod(0o644)
    key.chmod(0o644)
    assert runner.invoke(args=["init"]).exit_code == 0
    assert (mode(database), mode(key)) == ("0o600", "0o600")

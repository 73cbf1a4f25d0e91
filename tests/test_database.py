"""The database: migrations match the models, SQLite is tuned, writers queue politely."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import event

from assembly.database import include_object
from assembly.extensions import db
from tests.helpers import TEST_DATABASE_URL, post

sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite settings")


@pytest.fixture
def migrated_app(app):
    """The test app with its schema made by the migrations instead of create_all."""
    with app.app_context():
        db.drop_all()
        upgrade()
    yield app
    with app.app_context():
        downgrade(revision="base")
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


def test_migrations_build_exactly_the_models_schema(migrated_app):
    with migrated_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_migration_goes_down_and_up_again(migrated_app):
    with migrated_app.app_context():
        downgrade(revision="base")
        tables = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert {"users", "groups", "memberships", "invites", "events"} <= set(
            db.inspect(db.engine).get_table_names()
        )


@sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        pragma = lambda name: db.session.execute(db.text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


@sqlite_only
def test_writes_begin_immediate_and_reads_begin_deferred(app, client, auth, make_user):
    make_user("fatou")
    auth.login("fatou")
    begins = []
    with app.app_context():
        engine = db.engine

    def remember(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        client.get("/account")
        assert begins and set(begins) == {"BEGIN"}
        begins.clear()
        post(client, "/account", {"display_name": "Fatou", "locale": "fr"})
        assert "BEGIN IMMEDIATE" in begins
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def test_journal_records_who_did_what_to_which_record(app, client, auth, group, people):
    from assembly.trace.operations import events_for

    auth.login("admin")
    post(client, f"/g/glycines/members/{group.memberships['member']}/role", {"role": "organizer"})
    with app.app_context():
        story = events_for("memberships", group.memberships["member"])
        assert [e.verb for e in story] == ["member.joined", "member.role_changed"]
        assert story[-1].actor_id == people["admin"].id
        assert story[0].actor_id is None  # made by the fixture, outside any request

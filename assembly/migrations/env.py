"""Alembic environment: migrate the database of the running Flask app.

Runs inside the app context Flask-Migrate provides, so the URL and the models come
from `create_app` and never from alembic.ini. Logging stays the app's own.
"""

import logging

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")
migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata


def skip_empty_autogenerate(_context, _revision, directives):
    """`flask db migrate` with no model change writes no empty revision."""
    if (
        getattr(context.config.cmd_opts, "autogenerate", False)
        and directives[0].upgrade_ops.is_empty()
    ):
        directives[:] = []
        log.info("No change in the models.")


def run_offline() -> None:
    """Print the SQL instead of running it (`flask db upgrade --sql`)."""
    url = migrate_ext.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    options = {"process_revision_directives": skip_empty_autogenerate, **migrate_ext.configure_args}
    with migrate_ext.db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            foreign_keys_off(connection)
        try:
            context.configure(connection=connection, target_metadata=target_metadata, **options)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                foreign_keys_back_on(connection)


def foreign_keys_off(connection) -> None:
    """SQLite: no foreign-key actions while migrating, as SQLite's ALTER TABLE procedure says.

    Batch mode alters a SQLite table by copying it and dropping the original; with
    foreign keys on, that DROP deletes (ON DELETE CASCADE) every row that points at
    the table. The pragma is ignored inside a transaction: it goes to the driver
    before SQLAlchemy begins one.
    """
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")


def foreign_keys_back_on(connection) -> None:
    """Turn foreign keys on again, and refuse a migration that left a dangling reference.

    Each migration has committed its own transaction; one still open holds only reads
    (or a failed migration's remains), and would make the pragma a no-op.
    """
    if connection.in_transaction():
        connection.rollback()
    driver = connection.connection.driver_connection
    dangling = driver.execute("PRAGMA foreign_key_check").fetchall()
    driver.execute("PRAGMA foreign_keys=ON")
    if dangling:
        raise RuntimeError(f"Foreign keys broken by the migration (table, row, parent): {dangling}")


if context.is_offline_mode():
    run_offline()
else:
    run_online()

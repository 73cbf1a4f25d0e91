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
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

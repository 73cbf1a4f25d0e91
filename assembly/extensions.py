"""The Flask extensions, created here and bound to the app in `create_app`."""

import click
import flask_compress
from flask import Flask
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from assembly.paths import MIGRATIONS

# Named constraints let Alembic alter SQLite tables (batch mode) and drop them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Compress(flask_compress.Compress):
    """Flask-Compress, for error pages too: a form that fails comes back whole with 400
    (the need form carries its stylesheet), and it compresses only 2xx answers."""

    def after_request(self, response):
        status = response.status_code
        if not 400 <= status < 600:
            return super().after_request(response)
        response.status_code = 200
        try:
            return super().after_request(response)
        finally:
            response.status_code = status


class Base(DeclarativeBase):
    """Base of every model: typed SQLAlchemy 2 classes with named constraints."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Migrations:
    """Flask-Migrate, loaded when a migration runs and not before: Alembic weighs 10 MB
    that a process serving pages never needs. `init_app` keeps the settings in
    `app.extensions["migrate"]`, where Flask-Migrate looks, and a `db` command."""

    def __init__(self, **options):
        self.options = options

    def init_app(self, app: Flask, db: SQLAlchemy, **options) -> None:
        app.extensions["migrate"] = _MigrateOnFirstUse(app, db, self.options | options)
        app.cli.add_command(_MigrationCommands())


class _MigrateOnFirstUse:
    """Stands in `app.extensions["migrate"]` until Flask-Migrate reads it: then sets up
    the real extension in its place and answers as it does."""

    def __init__(self, app: Flask, db: SQLAlchemy, options: dict):
        self.app, self.db, self.options = app, db, options

    def __getattr__(self, name: str):
        from flask_migrate import Migrate

        Migrate(self.app, self.db, **self.options)  # replaces this stand-in
        return getattr(self.app.extensions["migrate"], name)


class _MigrationCommands(click.Group):
    """`assembly db …`: Flask-Migrate's commands, loaded when one is called."""

    def __init__(self):
        super().__init__("db", help="Perform database migrations.")

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


db = SQLAlchemy(model_class=Base)
migrate = Migrations(directory=str(MIGRATIONS), render_as_batch=True)
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
compress = Compress()
# No default limit: each public form names its own, so reading pages is never limited.
limiter = Limiter(key_func=get_remote_address)

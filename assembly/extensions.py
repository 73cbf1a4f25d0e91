"""The Flask extensions, created here and bound to the app in `create_app`."""

import flask_compress
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
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


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(MIGRATIONS), render_as_batch=True)
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
compress = Compress()
# No default limit: each public form names its own, so reading pages is never limited.
limiter = Limiter(key_func=get_remote_address)

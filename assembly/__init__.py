"""Assemblée: collect residents' needs, hold meetings, run campaigns.

`create_app` reads as the table of contents of the application: each step is a
small named function below, in the order it runs.
"""

import os
from pathlib import Path

from flask import Flask

from assembly.paths import STATIC, TEMPLATES, private_folder
from assembly.serving import DEV_SECRET_KEY, ensure_ready_to_serve

__all__ = ["create_app", "ensure_ready_to_serve"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, database, extensions, features, pages."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("ASSEMBLY_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
    )
    load_config(app, test_config)
    init_database_and_migrations(app)
    init_extensions(app)
    init_sessions(app)
    init_inputs(app)
    init_pages(app)
    register_features(app)
    trim_rate_limit_checks(app)
    register_cli(app)
    check_access_rules(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults, then instance/config.py, then ASSEMBLY_* variables; tests pass their own."""
    app.config.from_object("assembly.config")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("ASSEMBLY")
        coerce_booleans(app)
    else:
        app.config.update(test_config)
    private_folder(Path(app.instance_path))
    if not app.config["SECRET_KEY"]:
        key_file = Path(app.instance_path) / "secret_key"
        if key_file.exists():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
        elif app.debug or app.testing:
            app.config["SECRET_KEY"] = DEV_SECRET_KEY


def coerce_booleans(app: Flask) -> None:
    """Read ASSEMBLY_HTTPS=False (not JSON) as false, not as the true-ish string "False"."""
    from assembly import config as defaults

    for key in dir(defaults):
        value = app.config.get(key)
        if not isinstance(getattr(defaults, key), bool) or isinstance(value, bool):
            continue
        if isinstance(value, int):  # ASSEMBLY_HTTPS=1 arrives as the JSON number 1
            app.config[key] = bool(value)
        elif isinstance(value, str):
            lowered = value.strip().lower()
            if lowered not in {"true", "false", "1", "0", "yes", "no", "on", "off", ""}:
                raise RuntimeError(f"ASSEMBLY_{key} must be true or false, not {value!r}")
            app.config[key] = lowered in {"true", "1", "yes", "on"}


def init_database_and_migrations(app: Flask) -> None:
    from assembly.database import include_object, init_database
    from assembly.extensions import db, migrate

    import_models()
    init_database(app)
    migrate.init_app(app, db, include_object=include_object)


def import_models() -> None:
    """Import every feature's models so SQLAlchemy and Alembic know all tables."""
    import assembly.auth.models
    import assembly.campaigns.models
    import assembly.canvassing.models
    import assembly.consultations.models
    import assembly.decisions.models
    import assembly.groups.models
    import assembly.insights.models
    import assembly.meetings.models
    import assembly.meetings.newcomers  # the people follow-up's first-timers
    import assembly.minutes.models
    import assembly.needs.models
    import assembly.needs.search  # the search index follows the needs table
    import assembly.people.models
    import assembly.tasks.models
    import assembly.trace.models
    import assembly.web.limits  # the `assembly://` rate-limit storage
    import assembly.web.once  # noqa: F401


def init_extensions(app: Flask) -> None:
    from assembly.extensions import compress, csrf, htmx, limiter
    from assembly.web.i18n import init_i18n

    compress.init_app(app)  # first registered, so it runs after the other after_request hooks
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    init_i18n(app)


def init_sessions(app: Flask) -> None:
    """Flask-Login, with the session epoch that lets a logout revoke every cookie; password
    hashing, a few at a time."""
    from flask_babel import lazy_gettext as _l

    from assembly.auth.models import load_session_user
    from assembly.auth.passwords import init_password_hashing
    from assembly.extensions import login
    from assembly.web.cookies import init_cookies

    init_cookies(app)
    init_password_hashing(app)
    login.init_app(app)
    login.user_loader(load_session_user)
    login.login_view = "auth.login"
    login.login_message = _l("Please sign in to see this page.")
    login.session_protection = "basic"


def init_inputs(app: Flask) -> None:
    """Bounded integers, text without NUL, no files: before the routes take the converters."""
    from assembly.web import inputs

    inputs.init_inputs(app)


def init_pages(app: Flask) -> None:
    """Assets, security headers, error pages and the journal's sentences shared by every page."""
    from assembly.trace.sentences import init_sentences
    from assembly.web.assets import init_assets
    from assembly.web.errors import init_errors
    from assembly.web.security import init_security

    init_assets(app)
    init_security(app)
    init_errors(app)
    init_sentences(app)


def register_features(app: Flask) -> None:
    """One blueprint per feature."""
    from assembly.auth.views import bp as auth_bp
    from assembly.campaigns.views import bp as campaigns_bp
    from assembly.canvassing.views import bp as canvassing_bp
    from assembly.consultations.views import bp as consultations_bp
    from assembly.decisions.views import bp as decisions_bp
    from assembly.groups.views import bp as groups_bp
    from assembly.insights.views import bp as insights_bp
    from assembly.meetings.views import bp as meetings_bp
    from assembly.messages.views import bp as messages_bp
    from assembly.minutes.views import bp as minutes_bp
    from assembly.needs.views import bp as needs_bp
    from assembly.people.views import bp as people_bp
    from assembly.tasks.views import bp as tasks_bp
    from assembly.web.views import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(needs_bp)
    app.register_blueprint(canvassing_bp)
    app.register_blueprint(campaigns_bp)
    app.register_blueprint(decisions_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(insights_bp)


def trim_rate_limit_checks(app: Flask) -> None:
    """Once every view has declared its limits: no check before requests that have none."""
    from assembly.web.limits import check_limits_in_views_only

    check_limits_in_views_only(app)


def register_cli(app: Flask) -> None:
    from assembly.cli import register_commands

    register_commands(app)


def check_access_rules(app: Flask) -> None:
    from assembly.web.access import check_every_view_declares_access

    check_every_view_declares_access(app)

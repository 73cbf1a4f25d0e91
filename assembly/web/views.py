"""Pages that belong to no feature: health, the page about data, the accessibility statement."""

from babel import Locale
from babel.lists import format_list
from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from sqlalchemy import text

from assembly.extensions import db
from assembly.web import accessibility as statement
from assembly.web.access import public
from assembly.web.personal_data import declarations
from assembly.web.render import render

bp = Blueprint("web", __name__)
bp.add_app_template_global(statement.MENTION, "accessibility_mention")


@bp.get("/healthz")
@public
def healthz():
    """200 with a tiny JSON body when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means unhealthy
        current_app.logger.exception("Health check failed")
        return jsonify(status="error"), 503
    return jsonify(status="ok")


@bp.get("/data")
@public
def data():
    """What we store, why, for how long, who sees it and whom to ask: each feature's own
    declaration (`web/personal_data.py`)."""
    return render(
        "web/data.html",
        declarations=declarations(),
        contact=current_app.config.get("HOST_CONTACT", ""),
    )


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement, on RGAA's model: its claims are the constants of
    `web/accessibility.py`, which the tests hold, so it says only what is tested."""
    locale = get_locale()
    return render(
        "web/accessibility.html",
        statement=statement,
        languages=format_list(
            [
                Locale.parse(code).get_display_name(locale)
                for code in statement.OTHER_LANGUAGES_CHECKED
            ],
            locale=locale,
        ),
        zoomed=format_list([str(page) for page in statement.ZOOMED_PAGES.values()], locale=locale),
        address=request.host_url,
        contact=current_app.config.get("HOST_CONTACT", ""),
    )

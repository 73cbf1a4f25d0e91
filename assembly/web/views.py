"""Pages that belong to no feature: health and the page about data."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from assembly.extensions import db
from assembly.web.access import public
from assembly.web.personal_data import declarations
from assembly.web.render import render

bp = Blueprint("web", __name__)


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

"""Needs pages, split by who uses them: residents (public), the team, exports."""

from flask import Blueprint

from assembly.needs.models import Channel, NeedStatus

bp = Blueprint("needs", __name__, url_prefix="/g/<slug>")
# Templates name a need's words by its enums: `NeedStatus(value).label`, `need.status.label`.
bp.add_app_template_global(NeedStatus, "NeedStatus")
bp.add_app_template_global(Channel, "Channel")

import assembly.needs.activity  # noqa: E402, F401  (what the contact book shows of a person)
from assembly.needs.digest import to_review  # noqa: E402  (and what the team's digest says)
from assembly.needs.views import export, public, team  # noqa: E402, F401  (they add routes to bp)


@bp.app_template_test("shown_to")
def shown_to(need, viewer) -> bool:
    """`needs|select("shown_to", g.viewer)`: the template's way to ask `Need.shown_to`."""
    return need.shown_to(viewer)


@bp.app_template_global()
def recent_needs(group, limit: int = 5):
    """The latest approved needs, for the group's home page."""
    from assembly.extensions import db
    from assembly.needs.models import Need

    query = (
        db.select(Need)
        .where(Need.group_id == group.id, Need.listable())
        .where(Need.merged_into_id.is_(None))
        .order_by(Need.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


@bp.app_template_global()
def needs_to_review(group) -> int:
    """How many needs wait for the team: for approval, or with supports held for review."""
    return to_review(group)

"""Finding a need and knowing who is looking at it."""

from flask import abort, current_app, g, session

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need, Theme

MY_NEEDS = "my_needs"  # the needs this browser submitted, so their author sees them while pending


def submitted_here(need: Need) -> bool:
    return need.id in session.get(MY_NEEDS, [])


def remember_submission(need: Need) -> None:
    session[MY_NEEDS] = (session.get(MY_NEEDS, []) + [need.id])[-20:]
    session.permanent = True


def load_need(group: Group, number: int) -> Need:
    """Return need B-`number` of `group`, or 404.

    `Need.found_by` says for whom it exists; its page shows a need waiting for
    approval to the team and to whoever submitted it from this browser
    (`submitted_here`), and to others only as its number and state.
    """
    need = db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=number))
    if need is None:
        abort(404)
    if not need.found_by(g.viewer):
        abort(404)
    return need


def group_themes(group: Group) -> list[Theme]:
    return list(
        db.session.scalars(db.select(Theme).filter_by(group_id=group.id).order_by(Theme.name))
    )


def support_limit() -> str:
    return current_app.config["SUPPORT_RATE_LIMIT"]

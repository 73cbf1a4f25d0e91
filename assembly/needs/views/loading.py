"""Finding a need and knowing who is looking at it."""

import hashlib
import secrets

from flask import abort, current_app, g, session
from flask_login import current_user

from assembly.extensions import db
from assembly.groups.models import Group, Role
from assembly.needs.models import Moderation, Need, Theme
from assembly.permissions import has_role

MY_NEEDS = "my_needs"  # the needs this browser submitted, so their author sees them while pending


def is_team() -> bool:
    """Whether the visitor moderates and follows needs here (facilitator or more)."""
    return has_role(g.membership, Role.FACILITATOR)


def submitted_here(need: Need) -> bool:
    return need.id in session.get(MY_NEEDS, [])


def remember_submission(need: Need) -> None:
    session[MY_NEEDS] = (session.get(MY_NEEDS, []) + [need.id])[-20:]
    session.permanent = True


def load_need(group: Group, number: int) -> Need:
    """Return need B-`number` of `group`, or 404.

    Rejected needs and spam exist only for the team; a need waiting for approval
    is shown to the team and to whoever submitted it from this browser, and to
    others only as its number and state.
    """
    need = db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=number))
    if need is None:
        abort(404)
    if need.moderation in (Moderation.REJECTED, Moderation.SPAM) and not is_team():
        abort(404)
    return need


def group_themes(group: Group) -> list[Theme]:
    return list(
        db.session.scalars(db.select(Theme).filter_by(group_id=group.id).order_by(Theme.name))
    )


def anonymous_key(create: bool = False) -> str | None:
    """This browser's anonymous supporter key: the hash of a random token in its cookie."""
    token = session.get("supporter")
    if token is None and create:
        token = session["supporter"] = secrets.token_urlsafe(16)
        session.permanent = True
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def signed_in_user():
    """The signed-in account, or None for an anonymous visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def support_limit() -> str:
    return current_app.config["SUPPORT_RATE_LIMIT"]

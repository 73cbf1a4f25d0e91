"""Who sent this request, as every feature asks it: an account, or an anonymous browser."""

import hashlib
import secrets

from flask import current_app, session
from flask_login import current_user


def signed_in_user():
    """The signed-in account, or None for an anonymous visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def anonymous_key(create: bool = False) -> str | None:
    """This browser's anonymous key: the hash of a random token in its signed cookie.

    One key per browser, whatever the feature (supports, sign-ups): never an address.
    """
    token = session.get("supporter")
    if token is None and create:
        token = session["supporter"] = secrets.token_urlsafe(16)
        session.permanent = True
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def public_form_limit() -> str:
    """The rate limit of forms anyone may post (`PUBLIC_FORM_RATE_LIMIT`)."""
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]

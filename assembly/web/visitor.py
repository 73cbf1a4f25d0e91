"""Who sent this request, as every feature asks it: an account, or an anonymous browser."""

import hashlib
import hmac
import secrets
from collections.abc import Callable

from flask import current_app, request, session
from flask_login import current_user

from assembly.extensions import limiter


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


def address_key() -> str:
    """This request's internet address as a keyed hash (HMAC with the app's secret key).

    Requests from one address share it; without the secret key nobody can tell which
    address it was, not even by trying them all. Never the address itself.
    """
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"address:{request.remote_addr}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def browser_key() -> str:
    """Who a per-person rate limit counts: the account, else this browser's anonymous key.

    A room on one Wi-Fi shares an address, not a browser. A client that drops its
    cookies gets a new key each time: the per-address limit is what holds it.
    """
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"browser:{anonymous_key(create=True)}"


def public_form_limit() -> str:
    """What one person may post on forms anyone may send (`PUBLIC_FORM_RATE_LIMIT`)."""
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def public_address_limit() -> str:
    """What one address may post on them, a whole room together."""
    return current_app.config["PUBLIC_FORM_ADDRESS_RATE_LIMIT"]


def limit_public_form(view: Callable) -> Callable:
    """Rate-limit a public form's POSTs per person, and (generously) per address.

    Goes under the view's access decorator.
    """
    view = limiter.limit(public_address_limit, methods=["POST"])(view)
    return limiter.limit(public_form_limit, key_func=browser_key, methods=["POST"])(view)

"""Who may open a view: every view declares it with exactly one access decorator.

`create_app` refuses to start when a view has none (`check_every_view_declares_access`),
and the access-matrix test holds what each one lets through. Each decorator records
its rule on the view as `view.access`, e.g. ``"group:admin"``. The rules that need a
group (`group_view`) live with the groups, in `assembly.groups.access`.
"""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
from flask_login import current_user

from assembly.extensions import login


def declare(view: Callable, access: str) -> Callable:
    """Record the rule on the view; a second decorator on the same view is a mistake."""
    wrapped = getattr(view, "__wrapped__", None)
    if hasattr(wrapped, "access") or (wrapped is None and hasattr(view, "access")):
        raise TypeError(f"{view.__name__} has two access decorators")
    view.access = access
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may open this view."""
    return declare(view, "public")


def signed_in(view: Callable) -> Callable:
    """Only a signed-in account; anonymous visitors are sent to /login."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login.unauthorized()
        return view(*args, **kwargs)

    return declare(wrapped, "signed_in")


def instance_admin(view: Callable) -> Callable:
    """Only the instance's administrators. Anonymous → /login; anyone else → 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login.unauthorized()
        if not current_user.is_instance_admin:
            abort(403)
        return view(*args, **kwargs)

    return declare(wrapped, "instance_admin")


def check_every_view_declares_access(app: Flask) -> None:
    """Refuse to start if a view forgot to say who may open it."""
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "access")
    ]
    if missing:
        raise RuntimeError(f"Views without an access decorator: {', '.join(sorted(missing))}")

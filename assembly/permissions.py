"""Who may open what: one decorator per kind of resource.

Every view declares its access with exactly one of these decorators; `create_app`
refuses to start when a view has none (see `check_every_view_declares_access`), and
the access-matrix tests hold what each one lets through.

Each decorator records its rule on the view as `view.access`, e.g. ``"group:admin"``.
"""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, g
from flask_login import current_user

from assembly.extensions import db, login
from assembly.groups.models import Group, Membership, Role


def _declare(view: Callable, access: str) -> Callable:
    """Record the rule on the view; a second decorator on the same view is a mistake."""
    wrapped = getattr(view, "__wrapped__", None)
    if hasattr(wrapped, "access") or (wrapped is None and hasattr(view, "access")):
        raise TypeError(f"{view.__name__} has two access decorators")
    view.access = access
    return view


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may open this view."""
    return _declare(view, "public")


def signed_in(view: Callable) -> Callable:
    """Only a signed-in account; anonymous visitors are sent to /login."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login.unauthorized()
        return view(*args, **kwargs)

    return _declare(wrapped, "signed_in")


def instance_admin(view: Callable) -> Callable:
    """Only the instance's administrators. Anonymous → /login; anyone else → 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login.unauthorized()
        if not current_user.is_instance_admin:
            abort(403)
        return view(*args, **kwargs)

    return _declare(wrapped, "instance_admin")


def load_group(slug: str) -> Group:
    """Return the group at `/g/<slug>/`, or 404."""
    group = db.session.scalar(db.select(Group).filter_by(slug=slug))
    if group is None:
        abort(404)
    return group


def load_in_group(model, record_id: int, group: Group):
    """Return the `model` row `record_id` if it belongs to `group`, else 404.

    Every record of a feature carries its group: an id from another group's URL
    never reaches a view.
    """
    record = db.session.get(model, record_id)
    if record is None or record.group_id != group.id:
        abort(404)
    return record


def group_view(role: Role | None = None) -> Callable[[Callable], Callable]:
    """Load the group named by the `slug` URL part and pass it to the view as `group`.

    With `role=None` the page is public. Otherwise the visitor must be a member
    with at least that role: anonymous visitors are sent to /login, others get 403.
    An instance administrator counts as a group admin everywhere, so that a group
    whose admins have all left can be rescued. Sets `g.group` and `g.membership`
    for the layout.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, slug: str, **kwargs):
            group = load_group(slug)
            membership = group.membership_of(current_user)
            g.group, g.membership = group, membership
            g.is_group_admin = has_role(membership, Role.ADMIN)
            g.is_team = has_role(membership, Role.FACILITATOR)
            if role is not None:
                if not current_user.is_authenticated:
                    return login.unauthorized()
                if not has_role(membership, role):
                    abort(403)
            return view(*args, group=group, **kwargs)

        return _declare(wrapped, f"group:{role or 'public'}")

    return decorator


def has_role(membership: Membership | None, role: Role) -> bool:
    """Whether the current user holds at least `role` through `membership`."""
    if current_user.is_authenticated and current_user.is_instance_admin:
        return True
    return membership is not None and Role(membership.role).at_least(role)


def check_every_view_declares_access(app: Flask) -> None:
    """Refuse to start if a view forgot to say who may open it."""
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "access")
    ]
    if missing:
        raise RuntimeError(f"Views without an access decorator: {', '.join(sorted(missing))}")

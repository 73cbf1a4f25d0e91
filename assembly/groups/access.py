"""Who is looking at a group's pages, and the decorator that loads the group.

`Viewer` is the one answer to "may this visitor see or do that here?": every
resource's visibility method (`Meeting.visible_to`, `Decision.visible_to`,
`Need.shown_to`) takes one, and so do loaders, queries and templates (`g.viewer`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ClassVar

from flask import abort, g
from flask_login import current_user
from sqlalchemy import and_, or_, true
from sqlalchemy.ext.hybrid import hybrid_method

from assembly.extensions import db, login
from assembly.groups.models import Group, Membership, Role
from assembly.web.access import declare


@dataclass(frozen=True)
class Viewer:
    """A visitor of one group: their account (if any) and their role there (if any).

    An instance administrator counts as the group's admin everywhere, so that a
    group whose admins have all left can be rescued.
    """

    user_id: int | None = None
    role: Role | None = None

    @classmethod
    def of(cls, user, membership: Membership | None) -> "Viewer":
        """The viewer for `user` (or the anonymous user) holding `membership`."""
        if not user.is_authenticated:
            return cls()
        if user.is_instance_admin:
            return cls(user.id, Role.ADMIN)
        return cls(user.id, Role(membership.role) if membership is not None else None)

    def at_least(self, role: Role) -> bool:
        """Whether the viewer holds `role` or a more trusted one in the group."""
        return self.role is not None and self.role.at_least(role)

    @property
    def is_member(self) -> bool:
        """Any member of the group: sees what is for members only (`Role.makes_member`)."""
        return self.role is not None and self.role.makes_member

    @property
    def is_observer(self) -> bool:
        """A researcher the group let in: reads the report and the open data, nothing else."""
        return self.role == Role.OBSERVER

    @property
    def is_team(self) -> bool:
        """Facilitators, organizers and admins: they moderate, plan and run meetings."""
        return self.at_least(Role.FACILITATOR)

    @property
    def is_organizer(self) -> bool:
        return self.at_least(Role.ORGANIZER)

    @property
    def is_admin(self) -> bool:
        return self.at_least(Role.ADMIN)


NOBODY = Viewer()


def standing(user) -> int:
    """How trusted an account is anywhere: its highest role in any group (-1 for none),
    above all of them for an instance administrator."""
    return standings([user])[user.id]


def standings(users) -> dict[int, int]:
    """`standing` of each account, by id, in one query whatever their number."""
    found = {user.id: len(Role) if user.is_instance_admin else -1 for user in users}
    roles = db.session.execute(
        db.select(Membership.user_id, Membership.role).where(Membership.user_id.in_(list(found)))
    )
    for user_id, role in roles:
        if found[user_id] < len(Role):
            found[user_id] = max(found[user_id], Role(role).rank)
    return found


def may_make_reset_link(creator, group: Group, target) -> bool:
    """Whether `creator` may make a password reset link for `target`, a member of `group`.

    Organizers and admins of the group may, for accounts that hold no higher role in
    any group (a link for someone is the power to become them); an instance
    administrator may for anyone.
    """
    return may_make_reset_links(creator, group, [target])[target.id]


def may_make_reset_links(creator, group: Group, targets) -> dict[int, bool]:
    """`may_make_reset_link` for each of `targets`, by account id, in two queries."""
    if creator.is_instance_admin:
        return {target.id: True for target in targets}
    viewer = Viewer.of(creator, group.membership_of(creator))
    if not viewer.is_organizer:
        return {target.id: False for target in targets}
    return {id_: rank <= viewer.role.rank for id_, rank in standings(targets).items()}


class MembersUnlessPublic:
    """Mixin for a record with a `public` column (a meeting, a decision…): anyone sees it
    when it is public, and only the group's members otherwise.

    A record that belongs to another (a decision to its meeting) names that relationship
    in `visibility_parent`: the parent's visibility governs too, so a decision stops
    being public when its meeting becomes members-only.

    `visible_to` is a hybrid: on a row it answers for that row; on the class it is the
    same rule as an SQL condition, for lists: ``select(Meeting).where(Meeting.visible_to(v))``.
    """

    visibility_parent: ClassVar[str | None] = None

    @hybrid_method
    def visible_to(self, viewer: Viewer) -> bool:
        if not (self.public or viewer.is_member):
            return False
        parent = getattr(self, self.visibility_parent) if self.visibility_parent else None
        return parent is None or parent.visible_to(viewer)

    @visible_to.inplace.expression
    @classmethod
    def _visible_to_expression(cls, viewer: Viewer):
        if viewer.is_member:
            return true()
        own = cls.public.is_(True)
        if cls.visibility_parent is None:
            return own
        link = getattr(cls, cls.visibility_parent)
        parent = link.property.mapper.class_
        return and_(own, or_(~link.has(), link.has(parent.visible_to(viewer))))


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


def group_view(
    role: Role | None = None, shown: Callable[[Group, Viewer], bool] | None = None
) -> Callable[[Callable], Callable]:
    """Load the group named by the `slug` URL part and pass it to the view as `group`.

    With `role=None` the page is public. Otherwise the visitor must be a member
    with at least that role: anonymous visitors are sent to /login, others get 403.
    `shown(group, viewer)`, instead of a role, is a group's own rule (the report: members,
    observers, and everyone if the group publishes it), refused the same way.
    Sets `g.group`, `g.membership` and `g.viewer` for loaders and templates.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, slug: str, **kwargs):
            group = load_group(slug)
            membership = group.membership_of(current_user)
            g.group, g.membership = group, membership
            g.viewer = Viewer.of(current_user, membership)
            let_in = g.viewer.at_least(role) if role is not None else True
            if shown is not None:
                let_in = shown(group, g.viewer)
            if not let_in:
                if not current_user.is_authenticated:
                    return login.unauthorized()
                abort(403)
            return view(*args, group=group, **kwargs)

        rule = role or (shown and shown.__qualname__) or "public"
        return declare(wrapped, f"group:{rule}")

    return decorator

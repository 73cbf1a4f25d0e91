"""What can happen to a group and its members. Each function commits and writes the journal."""

import secrets
from datetime import timedelta

from assembly.auth.models import User
from assembly.auth.operations import create_user, free_username
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.events import (
    GROUP_CONTACT_CHANGED,
    GROUP_CREATED,
    INVITE_CREATED,
    INVITE_REVOKED,
    INVITE_USED,
    MEMBER_JOINED,
    MEMBER_REMOVED,
    MEMBER_ROLE_CHANGED,
)
from assembly.groups.models import Group, Invite, Membership, Role
from assembly.trace.operations import record


class LastAdminError(ValueError):
    """Raised when a change would leave a group without an administrator."""


def create_group(name: str, slug: str, description: str = "", *, admin: User | None) -> Group:
    """Create a group; `admin`, when given, becomes its first administrator."""
    group = Group(name=name.strip(), slug=slug.strip().lower(), description=description.strip())
    db.session.add(group)
    record(GROUP_CREATED, group, group_id=None, name=group.name)
    if admin is not None:
        _join(group, admin, Role.ADMIN)
    db.session.commit()
    return group


def set_contact(group: Group, contact: str) -> None:
    """Say whom residents ask about their data (shown on the group's home page)."""
    group.contact = contact.strip()
    record(GROUP_CONTACT_CHANGED, group, group_id=group.id, contact=group.contact)
    db.session.commit()


def _join(group: Group, user: User, role: Role) -> Membership:
    """Add `user` to `group`, or raise their role if they are already in it (no commit)."""
    hold(Group, group.id)  # two taps on an invite: the second finds the first's membership
    membership = group.membership_of(user)
    if membership is None:
        membership = Membership(group=group, user=user, role=role)
        db.session.add(membership)
        db.session.flush()
        record(MEMBER_JOINED, membership, group_id=group.id, user_id=user.id, role=role)
    elif role.rank > Role(membership.role).rank:
        _set_role(membership, role)
    return membership


def add_member(group: Group, user: User, role: Role = Role.MEMBER) -> Membership:
    membership = _join(group, user, role)
    db.session.commit()
    return membership


def _admin_count(group: Group) -> int:
    query = db.select(db.func.count()).select_from(Membership)
    return db.session.scalar(query.filter_by(group_id=group.id, role=Role.ADMIN))


def _set_role(membership: Membership, role: Role) -> None:
    old = Role(membership.role)
    membership.role = role
    record(MEMBER_ROLE_CHANGED, membership, group_id=membership.group_id, old=old, new=role)


def change_role(membership: Membership, role: Role) -> None:
    """Give a member another role; a group always keeps at least one admin."""
    if membership.role == role:
        return
    if membership.role == Role.ADMIN and _admin_count(membership.group) <= 1:
        raise LastAdminError
    _set_role(membership, role)
    db.session.commit()


def remove_member(membership: Membership) -> None:
    """Take someone out of a group; their account stays."""
    if membership.role == Role.ADMIN and _admin_count(membership.group) <= 1:
        raise LastAdminError
    record(MEMBER_REMOVED, membership, group_id=membership.group_id, user_id=membership.user_id)
    db.session.delete(membership)
    db.session.commit()


def create_invite(group: Group, *, role: Role, single_use: bool, days: int, by: User) -> Invite:
    """Make a new invite link that expires after `days` days."""
    invite = Invite(
        group=group,
        token=secrets.token_urlsafe(18),
        role=role,
        single_use=single_use,
        expires_at=utcnow() + timedelta(days=days),
        created_by_id=by.id,
    )
    db.session.add(invite)
    record(INVITE_CREATED, invite, group_id=group.id, role=role, single_use=single_use)
    db.session.commit()
    return invite


def revoke_invite(invite: Invite) -> None:
    invite.revoked = True
    record(INVITE_REVOKED, invite, group_id=invite.group_id)
    db.session.commit()


def _claim_invite(invite: Invite) -> bool:
    """Count one use of the invite, unless it is a single-use one already used.

    The condition sits in the UPDATE itself, so two people tapping the same
    single-use link at the same moment cannot both get in.
    """
    claimed = db.session.execute(
        db.update(Invite)
        .where(Invite.id == invite.id, db.or_(Invite.single_use.is_(False), Invite.uses == 0))
        .values(uses=Invite.uses + 1)
    )
    return claimed.rowcount == 1


def accept_invite(invite: Invite, user: User) -> Membership | None:
    """Let `user` into the invite's group; a member keeps a higher role they already hold.

    None, and nothing written, when a single-use invite was spent meanwhile.
    """
    if not _claim_invite(invite):
        db.session.rollback()
        return None
    membership = _join(invite.group, user, Role(invite.role))
    record(INVITE_USED, invite, group_id=invite.group_id, user_id=user.id)
    db.session.commit()
    return membership


def join_with_invite(
    invite: Invite, *, display_name: str, username: str | None, password: str
) -> User | None:
    """Create an account for a resident who came through an invite, and let them in.

    None, and no account, when a single-use invite was spent meanwhile.
    """
    user = create_user(
        free_username(username or display_name), display_name, password, commit=False
    )
    if accept_invite(invite, user) is None:
        return None
    return user

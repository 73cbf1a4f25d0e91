"""What can happen to an account. Each function commits and writes the journal."""

import re
import unicodedata

from flask import session
from flask_login import login_user

from assembly.auth.events import (
    PASSWORD_RESET,
    RESET_LINK_CREATED,
    USER_CREATED,
    USER_DISABLED,
    USER_ENABLED,
    USER_PASSWORD_CHANGED,
    USER_UPDATED,
)
from assembly.auth.models import PasswordReset, User, find_user, find_users
from assembly.auth.passwords import check_password, hash_password
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.trace.operations import record


def normalize_username(text: str) -> str:
    """Lowercase ASCII letters, digits, dots, dashes: 'Fatou Diallo' → 'fatou.diallo'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", ".", ascii_text.lower()).strip(".")
    return cleaned[:32]


def free_username(wish: str) -> str:
    """Return `wish` normalized, with a number added when it is taken."""
    base = normalize_username(wish) or "habitant"
    if len(base) < 3:
        base = f"{base}.{base}"[:32] if base else "habitant"
    candidate, n = base, 1
    while find_user(candidate) is not None:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def create_user(
    username: str,
    display_name: str,
    password: str,
    *,
    email: str | None = None,
    phone: str | None = None,
    locale: str | None = None,
    is_instance_admin: bool = False,
    commit: bool = True,
) -> User:
    """Create an account. The caller has checked the password against the rules.

    With `commit=False` the caller commits it with what goes along (joining a group).
    """
    password_hash = hash_password(password)  # first: hashing leaves the transaction
    user = User(
        username=username.strip().lower(),
        display_name=display_name.strip(),
        email=(email or "").strip().lower() or None,
        phone=(phone or "").strip() or None,
        locale=locale,
        password_hash=password_hash,
        is_instance_admin=is_instance_admin,
    )
    db.session.add(user)
    db.session.flush()
    record(USER_CREATED, user, actor_id=None)
    if commit:
        db.session.commit()
    return user


def start_session(user: User) -> None:
    """Sign `user` in on a fresh session, so nothing from the anonymous one survives."""
    session.clear()
    login_user(user)
    session.permanent = True


def authenticate(login: str, password: str) -> User | None:
    """Return the account whose credentials these are, or None.

    An e-mail may belong to several accounts: the one whose password this is signs
    in. A hash made with older cost settings is replaced on the way in. Disabled
    accounts are refused like a wrong password, so the page leaks nothing.
    """
    candidates = [(user, user.password_hash) for user in find_users(login)]
    if not candidates:
        # Hashing costs as much as a check, so response times do not reveal usernames.
        hash_password(password)
        return None
    user, new_hash = _first_matching(candidates, password)
    if user is None or not user.active:
        return None
    if new_hash:
        user.password_hash = new_hash
        db.session.commit()
    return user


def _first_matching(candidates: list[tuple[User, str]], password: str):
    """The account (and its new hash, if any) among `candidates` whose password this is."""
    for user, password_hash in candidates:
        ok, new_hash = check_password(password_hash, password)
        if ok:
            return user, new_hash
    return None, None


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is this account's current one."""
    return check_password(user.password_hash, password)[0]


def change_password(user: User, new_password: str) -> None:
    """Set a new password and revoke every session, this one included (the view signs in again)."""
    user.password_hash = hash_password(new_password)
    user.revoke_sessions()
    record(USER_PASSWORD_CHANGED, user)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    """Revoke every session cookie of this account, on every device."""
    user.revoke_sessions()
    db.session.commit()


def update_profile(
    user: User, *, display_name: str, email: str | None, phone: str | None, locale: str | None
) -> None:
    """Change what the account shows and how to reach it; the journal names the fields only."""
    new = {
        "display_name": display_name.strip(),
        "email": (email or "").strip().lower() or None,
        "phone": (phone or "").strip() or None,
        "locale": locale or None,
    }
    changed = sorted(field for field, value in new.items() if getattr(user, field) != value)
    for field in changed:
        setattr(user, field, new[field])
    if changed:
        record(USER_UPDATED, user, fields=changed)
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    """Remember the language the person picked with the switcher."""
    if user.locale != locale:
        user.locale = locale
        db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions at once."""
    if user.active == active:
        return
    user.active = active
    if not active:
        user.revoke_sessions()
    record(USER_ENABLED if active else USER_DISABLED, user)
    db.session.commit()


def create_reset_link(user: User, *, by: User, group_id: int | None = None) -> str:
    """Make a one-time link for `user` to choose a new password; return its token.

    The caller has checked that `by` may do it for this account. The journal tells
    whose account it is and who made the link, on the account and in the group.
    """
    reset, token = PasswordReset.issue(user, by=by)
    db.session.add(reset)
    db.session.flush()
    record(RESET_LINK_CREATED, user, group_id=group_id, actor_id=by.id, reset_id=reset.id)
    db.session.commit()
    return token


def reset_password(reset: PasswordReset, new_password: str) -> User | None:
    """Use a reset link: set the password, spend the link and any other open one of the
    account, and revoke every session (a phone left signed in elsewhere is out).

    None if the link was spent meanwhile (two taps: hashing happens outside the
    transaction, so the link is claimed again, in the one that writes).
    """
    password_hash = hash_password(new_password)  # first: hashing leaves the transaction
    claimed = db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    user = reset.user
    db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    user.password_hash = password_hash
    user.revoke_sessions()
    record(PASSWORD_RESET, user, actor_id=user.id, reset_id=reset.id)
    db.session.commit()
    return user

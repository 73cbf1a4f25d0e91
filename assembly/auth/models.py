"""Accounts."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.web.inputs import whole_number
from assembly.web.personal_data import Kept, Refers, declare

# How long a reset link made by the team stays good: time to hand it over, not to lose it.
RESET_LIFETIME = timedelta(hours=48)
# How long a link someone asked for by e-mail stays good: the time to open one's mail.
RECOVERY_LIFETIME = timedelta(hours=1)


class User(UserMixin, db.Model):
    """Someone who can sign in. E-mail and phone are optional: many residents have neither."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # Not unique: refusing a taken address would tell who else has an account here.
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_instance_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of every session cookie: raising it revokes every session of this account.
    session_epoch: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sessions of disabled accounts."""
        return self.active

    def get_id(self) -> str:
        """The session identifier: the account and its current epoch."""
        return f"{self.id}.{self.session_epoch}"

    def revoke_sessions(self) -> None:
        """Make every session cookie issued so far for this account worthless."""
        self.session_epoch += 1


def token_digest(token: str) -> str:
    """The SHA-256 of a link's token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class PasswordReset(db.Model):
    """A one-time link a person of the team makes for someone who cannot sign in any more,
    or that someone asks for by e-mail ("mot de passe oublié ?": made by the account itself).

    Only the token's hash is kept: a copy of the database opens no account. The token
    itself exists once, on the page that shows the link to its maker (or in the e-mail).
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} for {self.user_id}>"

    @classmethod
    def issue(
        cls, user: User, *, by: User | None, lifetime: timedelta = RESET_LIFETIME
    ) -> tuple["PasswordReset", str]:
        """A new link for `user`, good for `lifetime`, and its token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        reset = cls(
            user=user,
            token_hash=token_digest(token),
            expires_at=now + lifetime,
            created_by_id=by.id if by is not None else None,
            created_at=now,
        )
        return reset, token

    @property
    def hours(self) -> int:
        """How many hours the link was good for (48 from the team, 1 by e-mail)."""
        return max(1, round((self.expires_at - self.created_at).total_seconds() / 3600))

    @property
    def usable(self) -> bool:
        """Not used yet, not expired, and the account is still enabled."""
        return self.used_at is None and self.expires_at > utcnow() and self.user.active


def links_asked_since(user: User, moment: datetime) -> int:
    """How many reset links the account asked for itself (by e-mail) since `moment`."""
    return db.session.scalar(
        db.select(func.count())
        .select_from(PasswordReset)
        .where(
            PasswordReset.user_id == user.id,
            PasswordReset.created_by_id == user.id,
            PasswordReset.created_at >= moment,
        )
    )


def find_reset(token: str) -> PasswordReset | None:
    """The reset link behind `token`, or None."""
    digest = token_digest(token)
    return db.session.scalar(db.select(PasswordReset).filter_by(token_hash=digest))


def load_session_user(session_id: str) -> User | None:
    """Return the user of a session cookie, or None when its epoch is stale."""
    user_id, _, epoch = session_id.partition(".")
    user_id, epoch = whole_number(user_id), whole_number(epoch)
    if user_id is None or epoch is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_epoch != epoch:
        return None
    return user


def find_user(login: str) -> User | None:
    """Find an account by username, ignoring case; by e-mail, the first that has it."""
    return next(iter(find_users(login)), None)


MAX_ACCOUNTS_PER_EMAIL = 5  # signing in tries each one's password: bound the work


def find_users(login: str) -> list[User]:
    """The account with this username, or the accounts with this e-mail (ignoring case)."""
    login = login.strip().lower()
    if "@" not in login:
        return list(db.session.scalars(db.select(User).where(User.username == login)))
    query = db.select(User).where(User.email == login).order_by(User.id)
    return list(db.session.scalars(query.limit(MAX_ACCOUNTS_PER_EMAIL)))


declare(
    "auth",
    _l("Accounts"),
    Kept(
        what=_l(
            "A username, the name you show, your password (scrambled so that nobody can read it), "
            "your language, and an e-mail or phone only if you give them."
        ),
        why=_l("To let you sign in and let the group recognise you."),
        how_long=_l(
            "Until the account is closed: an administrator can disable it at once, and the person "
            "who hosts the site can delete it."
        ),
        seen_by=_l(
            "Your e-mail and phone: the administrators of your groups. Other members see the name "
            "you chose."
        ),
        columns=(
            "users.username",
            "users.display_name",
            "users.email",
            "users.phone",
            "users.locale",
            "users.password_hash",
        ),
    ),
    refers=(
        # The account itself; its password's hash and session counter are never exported.
        Refers("users", by=("id",), withheld=("password_hash", "session_epoch")),
        Refers("password_resets", by=("user_id",), withheld=("token_hash",)),
        Refers("password_resets", by=("created_by_id",), acted=True, shows=("created_at",)),
    ),
)

"""Accounts."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db


class User(UserMixin, db.Model):
    """Someone who can sign in. E-mail and phone are optional: many residents have neither."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
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


def load_session_user(session_id: str) -> User | None:
    """Return the user of a session cookie, or None when its epoch is stale."""
    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_epoch != int(epoch):
        return None
    return user


def find_user(login: str) -> User | None:
    """Find an account by username or e-mail, ignoring case."""
    login = login.strip().lower()
    column = User.email if "@" in login else User.username
    return db.session.scalar(db.select(User).where(column == login))

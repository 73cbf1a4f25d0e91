"""Forms sent once: the back button or a double tap shows the first result, adds nothing.

A form that makes a row (a need, an RSVP, an argument, a task) carries a random key
in a hidden field (`SentOnce`). The view claims the key in the transaction that makes
the row (`first_result`) and, once done, writes down where its result is
(`remember_result`). The same form sent again finds its key: it is sent to the first
result instead of making a second row.
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from assembly.clock import utcnow
from assembly.extensions import db

KEPT_FOR = timedelta(days=1)  # long enough for any back button
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class SentForm(db.Model):
    """A form already sent, by its key's hash, and the page its result is on."""

    __tablename__ = "sent_forms"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the key
    url: Mapped[str | None] = mapped_column(String(500))  # None while the first is at work
    created_at: Mapped[datetime] = mapped_column(index=True)


def _new_key() -> str:
    return secrets.token_urlsafe(16)


class SentOnce:
    """Form mixin: the hidden one-time key (rendered by `form.hidden_tag()`)."""

    once = HiddenField(default=_new_key)


def _digest(form) -> str | None:
    key = form.once.data or ""
    return hashlib.sha256(key.encode()).hexdigest() if KEY_SHAPE.fullmatch(key) else None


def first_result(form, fallback: str) -> str | None:
    """Where the first sending of this form led, if it was sent before; else None.

    None also claims the key, uncommitted: the operation that makes the row commits
    it along. A sending still at work elsewhere (a double tap) leads to `fallback`.
    A form without a well-formed key (a page cached from before) is not checked.
    """
    digest = _digest(form)
    if digest is None:
        return None
    now = utcnow()
    db.session.execute(db.delete(SentForm).where(SentForm.created_at < now - KEPT_FOR))
    found = db.session.get(SentForm, digest)
    if found is None:
        try:
            with db.session.begin_nested():  # PostgreSQL: a twin waits, then conflicts here
                db.session.add(SentForm(key=digest, created_at=now))
            return None
        except IntegrityError:
            found = db.session.get(SentForm, digest)
    return (found.url if found is not None else None) or fallback


def remember_result(form, url: str) -> str:
    """Write down that this form's result is at `url`; return it, to redirect there."""
    digest = _digest(form)
    if digest is not None:
        db.session.execute(db.update(SentForm).where(SentForm.key == digest).values(url=url))
        db.session.commit()
    return url

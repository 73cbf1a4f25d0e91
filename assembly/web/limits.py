"""Rate-limit counters in the app's database, seen by every process and every server.

Flask-Limiter keeps its counters in a storage named by RATELIMIT_STORAGE_URI. In
memory (`memory://`) each process counts on its own: under gunicorn with two workers
a limit of 30 let 60 through. `assembly://`, the default, keeps them in the
`rate_limits` table of the app's database (SQLite or PostgreSQL), so every process
sees the same count; `redis://…` (with the `redis` package) suits large instances.

A counter is written in a short transaction of its own on the request's session:
whatever the request only read so far is let go first (its objects reload on next
use), so the counter never waits on — nor is rolled back with — the request's work.
"""

import time

from flask import Flask
from flask_limiter.constants import ConfigVars
from limits.storage import Storage
from sqlalchemy import Float, String, case
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db


class RateLimit(db.Model):
    """One counter: how many hits under `key` until `expires_at` (Unix time)."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class DatabaseStorage(Storage):
    """The `limits` storage behind `assembly://` (fixed windows, Flask-Limiter's default)."""

    STORAGE_SCHEME = ["assembly"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db.session.rollback()  # a transaction of its own (see the module's docstring)
        table = RateLimit.__table__
        expired = table.c.expires_at <= now
        upsert = (
            upsert_insert()(table)
            .values(key=key, count=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((expired, amount), else_=table.c.count + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            )
            .returning(table.c.count)
        )
        count = db.session.execute(upsert).scalar_one()
        db.session.execute(db.delete(RateLimit).where(RateLimit.expires_at < now - 3600))
        db.session.commit()
        return count

    def _live(self, key: str) -> RateLimit | None:
        row = db.session.get(RateLimit, key, populate_existing=True)
        return row if row is not None and row.expires_at > time.time() else None

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        db.session.rollback()
        removed = db.session.execute(db.delete(RateLimit)).rowcount
        db.session.commit()
        return removed

    def clear(self, key: str) -> None:
        db.session.rollback()
        db.session.execute(db.delete(RateLimit).where(RateLimit.key == key))
        db.session.commit()


def check_limits_in_views_only(app: Flask) -> None:
    """Drop Flask-Limiter's check before every request when it has nothing to count.

    Each limit here is a view's own (`limiter.limit` on the public forms, checked by
    that decorator when the view runs); reading pages have none. The check Flask-Limiter
    also runs before every request looks for limits on the whole app, its blueprints
    and the storage's health, and found none: an eighth of the cost of the cheapest
    request. It stays in place as soon as a default, application-wide, meta or
    blueprint limit is set (in the code or the configuration).
    """
    from assembly.extensions import limiter

    manager = limiter.limit_manager
    shared = manager.default_limits or manager.application_limits
    shared = shared or app.config.get(ConfigVars.META_LIMITS)
    shared = shared or any(manager.blueprint_limits(app, name) for name in app.blueprints)
    checks = app.before_request_funcs[None]
    if not shared and limiter._check_request_limit in checks:  # absent when disabled
        checks.remove(limiter._check_request_limit)


def upsert_insert():
    """The `insert` that knows ON CONFLICT, of the database's own dialect: imported here, so
    that a server on SQLite never loads PostgreSQL's dialect (2 MB)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert

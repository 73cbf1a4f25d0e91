"""Account recovery by e-mail: "mot de passe oublié ?" e-mails each account that carries
the address typed a link of its own to choose a new password, good once, for one hour.

The link is auth's reset link (`PasswordReset`, the one the team makes for people
without e-mail), asked by the account itself; using it raises the session epoch. It lives
here, not in auth, because it writes to the outbox, and the outbox already reads auth.

Whoever typed the address learns nothing: the page answers the same whether accounts
have it or not, and neither way hashes a password (no argon2 on this path at all).
"""

from datetime import timedelta

from flask import current_app

from assembly.auth.events import RECOVERY_LINK_HELD, RECOVERY_LINK_SENT
from assembly.auth.models import (
    MAX_ACCOUNTS_PER_EMAIL,
    RECOVERY_LIFETIME,
    PasswordReset,
    User,
    links_asked_since,
)
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.messages.models import MessageChannel, MessageKind
from assembly.messages.outbox import absolute_url, configured_channels, notify_account
from assembly.trace.operations import record


def recovery_available() -> bool:
    """Whether this instance can e-mail a link: SMTP for the e-mail, PUBLIC_URL for the link
    (a laptop in a room has neither; there, an organizer makes the link)."""
    return MessageChannel.EMAIL in configured_channels() and bool(
        current_app.config.get("PUBLIC_URL")
    )


def accounts_with(address: str) -> list[User]:
    """The enabled accounts that carry this e-mail address (a family may share one)."""
    query = (
        db.select(User)
        .where(User.email == address.strip().lower(), User.active.is_(True))
        .order_by(User.id)
        .limit(MAX_ACCOUNTS_PER_EMAIL)
    )
    return list(db.session.scalars(query))


def send_recovery_links(address: str) -> int:
    """Queue an e-mail with a one-hour link to each enabled account with `address`; return
    how many went into the outbox (the caller must not tell the visitor). An account that
    already got FORGOT_LINKS_PER_ACCOUNT_PER_HOUR links within the hour gets none. Commits.
    """
    now = utcnow()
    most = current_app.config["FORGOT_LINKS_PER_ACCOUNT_PER_HOUR"]
    queued = 0
    for user in accounts_with(address):
        hold(User, user.id)  # two requests at once count the same links (PostgreSQL)
        if links_asked_since(user, now - timedelta(hours=1)) >= most:
            record(RECOVERY_LINK_HELD, user)
            continue
        reset, token = PasswordReset.issue(user, by=user, lifetime=RECOVERY_LIFETIME)
        db.session.add(reset)
        db.session.flush()
        message = notify_account(
            user,
            kind=MessageKind.ACCOUNT_RECOVERY,
            template="auth/messages/recovery.txt",
            dedup=f"user:{user.id}:recovery:{reset.id}",
            link=absolute_url("auth.reset", token=token),
        )
        record(RECOVERY_LINK_SENT, user, reset_id=reset.id)
        queued += message is not None
    db.session.commit()
    return queued

"""Password hashing (argon2id) and the rules a new password must meet.

The rules follow OWASP ASVS 5.0: at least 8 characters, no composition rules,
long passphrases accepted, and the obvious guesses refused.
"""

import threading
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from assembly.database import leave_transaction

MIN_LENGTH = 8
MAX_LENGTH = 256  # ASVS asks for at least 64; the cap only stops absurd payloads


def _hasher() -> PasswordHasher:
    """argon2id with the cost set in the configuration (assembly/config.py says why those
    figures; tests make it cheap)."""
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def init_password_hashing(app) -> None:
    """Each hash or check takes ARGON2_MEMORY_COST of memory while it runs: at most
    PASSWORD_HASHES_AT_ONCE run together, the others wait their turn. However many
    people log in at once, logins then cost a bounded amount of memory."""
    app.extensions["password_slots"] = threading.BoundedSemaphore(
        app.config["PASSWORD_HASHES_AT_ONCE"]
    )


def _slot() -> threading.BoundedSemaphore:
    return current_app.extensions["password_slots"]


# Hashing and checking are deliberately slow: both run outside any database transaction
# (`leave_transaction`), so a crowd of logins never holds the write lock meanwhile.


def hash_password(password: str) -> str:
    leave_transaction()
    with _slot():
        return _hasher().hash(password)


def check_password(password_hash: str, password: str) -> tuple[bool, str | None]:
    """Check a password; return (matches, a new hash when the cost settings changed)."""
    leave_transaction()
    hasher = _hasher()
    with _slot():
        try:
            hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False, None
        if hasher.check_needs_rehash(password_hash):
            return True, hasher.hash(password)
    return True, None


@cache
def common_passwords() -> frozenset[str]:
    """The short list of the most used passwords, French ones included."""
    text = files("assembly.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, personal: tuple[str, ...] = ()):
    """Return why `password` is refused (a translated message), or None if it is fine.

    `personal` holds words the password must not be: the username, the display
    name, the group's name.
    """
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) < 3:
        return _l("This password is among the most common ones: choose another.")
    for word in personal:
        word = (word or "").strip().lower()
        if len(word) >= 3 and word.replace(" ", "") in lowered.replace(" ", ""):
            return _l("Your password must not contain your name or the group's name.")
    return None

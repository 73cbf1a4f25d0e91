"""Password work (argon2, slow on purpose) never holds the database's write lock.

A POST's transaction takes SQLite's write lock at its first query; a login that
kept it through argon2 made a crowd of wrong passwords stop everyone else's
writes (joins at /j, supports) and end in "database is locked". Each flow that
hashes or checks a password is run here with a probe inside argon2: it asks
whether the session is in a transaction and, on SQLite, whether another
connection can take the write lock at that very moment without waiting.
"""

import sqlite3

import pytest
from argon2 import PasswordHasher

from assembly.auth import passwords
from assembly.auth.models import User, find_reset
from assembly.auth.operations import reset_password
from assembly.extensions import db
from assembly.groups.models import Invite
from assembly.groups.operations import join_with_invite
from tests.auth.test_reset import NEW, link_for
from tests.groups.test_invites import JOIN
from tests.helpers import PASSWORD, csrf_token, post


class Probe:
    """What the database looked like each time argon2 ran."""

    def __init__(self):
        self.seen: list[tuple[bool, bool]] = []  # (in a transaction, another writer got in)

    def look(self) -> None:
        in_transaction = db.session().in_transaction()
        self.seen.append((in_transaction, self._another_writer_gets_in()))

    @staticmethod
    def _another_writer_gets_in() -> bool:
        if db.engine.dialect.name != "sqlite":
            return True  # PostgreSQL locks rows, not the database: the session check is the test
        other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:  # "database is locked"
            return False
        finally:
            other.close()


@pytest.fixture
def probe(app, monkeypatch):
    found = Probe()
    make_hasher = passwords._hasher

    class Probed(PasswordHasher):
        def hash(self, *args, **kwargs):
            found.look()
            return super().hash(*args, **kwargs)

        def verify(self, *args, **kwargs):
            found.look()
            return super().verify(*args, **kwargs)

    def probed_hasher():
        real = make_hasher()
        return Probed(time_cost=real.time_cost, memory_cost=real.memory_cost)

    monkeypatch.setattr(passwords, "_hasher", probed_hasher)
    return found


def free_all_along(probe: Probe, at_least: int = 1) -> bool:
    return len(probe.seen) >= at_least and all(
        not in_transaction and writable for in_transaction, writable in probe.seen
    )


@pytest.mark.parametrize("password", [PASSWORD, "pas le bon mot de passe"])
def test_logging_in_checks_the_password_outside_the_transaction(client, make_user, probe, password):
    make_user("fatou")
    token = csrf_token(client, "/login")
    client.post("/login", data={"login": "fatou", "password": password, "csrf_token": token})
    assert free_all_along(probe)


def test_an_unknown_username_costs_a_hash_outside_the_transaction(client, probe):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"login": "x", "password": "y" * 9, "csrf_token": token})
    assert response.status_code == 400
    assert free_all_along(probe)


def test_changing_ones_password_hashes_outside_the_transaction(client, auth, make_user, probe):
    make_user("fatou")
    auth.login("fatou")
    probe.seen.clear()
    response = post(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": NEW["password"], "confirm": NEW["confirm"]},
    )
    assert response.status_code == 302
    assert free_all_along(probe, at_least=2)  # the old one checked, the new one hashed


def test_a_reset_link_hashes_outside_the_transaction(app, client, auth, group, probe):
    auth.login("admin")
    _, token = link_for(client, group.memberships["member"])
    auth.logout()
    probe.seen.clear()
    assert post(client, f"/reset/{token}", NEW).status_code == 302
    assert free_all_along(probe)


def test_joining_through_an_invite_hashes_outside_the_transaction(app, make_invite, probe):
    token = make_invite()
    probe.seen.clear()
    assert post(app.test_client(), f"/invite/{token}", JOIN).status_code == 302
    assert free_all_along(probe)


def test_the_probe_sees_a_held_lock(app, probe):
    """The probe is not blind: inside a write transaction it reports it."""
    with app.test_request_context("/", method="POST"):
        db.session.execute(db.text("SELECT 1"))
        probe.look()
        db.session.rollback()
        on_sqlite = db.engine.dialect.name == "sqlite"
    in_transaction, writable = probe.seen[0]
    assert in_transaction
    assert not writable or not on_sqlite


# Hashing outside the transaction opens a window between "is the link still good?"
# and the write: the write itself claims the link, so a second tap finds it spent.


def test_a_single_use_invite_spent_meanwhile_lets_nobody_else_in(app, make_invite):

    token = make_invite(single_use=True)
    with app.test_request_context():
        seen = db.session.scalar(db.select(Invite).filter_by(token=token))  # checked: usable
        assert seen.usable
        assert post(app.test_client(), f"/invite/{token}", JOIN).status_code == 302
        users = db.session.scalar(db.select(db.func.count()).select_from(User))
        joined = join_with_invite(seen, display_name="Autre", username=None, password=PASSWORD)
        assert joined is None
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == users


def test_a_reset_link_used_meanwhile_is_refused(app, client, auth, group):

    auth.login("admin")
    _, token = link_for(client, group.memberships["member"])
    auth.logout()
    with app.test_request_context():
        seen = find_reset(token)
        assert seen.usable
        assert post(app.test_client(), f"/reset/{token}", NEW).status_code == 302
        assert reset_password(seen, "un tout autre mot de passe") is None

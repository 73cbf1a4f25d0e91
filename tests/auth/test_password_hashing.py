"""Password hashing on a small server: argon2id at OWASP's minimum cost or above, and never
more hashes at once than the configuration allows, whatever the crowd logging in."""

import threading
import time

import argon2
from argon2 import Type, extract_parameters

from assembly import config
from assembly.auth.passwords import check_password, hash_password
from tests.helpers import PASSWORD

# OWASP Password Storage Cheat Sheet: argon2id with one of these (memory in KiB, passes),
# parallelism 1; each line is as strong as the others.
OWASP_ARGON2ID = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


def test_the_default_hashing_meets_owasps_argon2id_minimum(app_factory):
    app = app_factory(
        ARGON2_TIME_COST=config.ARGON2_TIME_COST,
        ARGON2_MEMORY_COST=config.ARGON2_MEMORY_COST,
        ARGON2_PARALLELISM=config.ARGON2_PARALLELISM,
    )
    with app.app_context():
        made = extract_parameters(hash_password(PASSWORD))

    assert made.type == Type.ID
    assert made.parallelism >= 1
    assert any(
        made.memory_cost >= memory and made.time_cost >= passes for memory, passes in OWASP_ARGON2ID
    ), made
    # And no more than one login's worth of memory that a 1 GB server can spare a few of.
    assert made.memory_cost * config.PASSWORD_HASHES_AT_ONCE <= 64 * 1024


def test_no_more_passwords_are_hashed_at_once_than_configured(app_factory, monkeypatch):
    app = app_factory(PASSWORD_HASHES_AT_ONCE=2)
    with app.app_context():
        stored = hash_password(PASSWORD)
    running, most, lock = 0, 0, threading.Lock()

    def slowly(work):
        def timed(*args, **kwargs):
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)  # long enough for every thread to try at once
            try:
                return work(*args, **kwargs)
            finally:
                with lock:
                    running -= 1

        return timed

    monkeypatch.setattr(argon2.PasswordHasher, "hash", slowly(argon2.PasswordHasher.hash))
    monkeypatch.setattr(argon2.PasswordHasher, "verify", slowly(argon2.PasswordHasher.verify))
    results = []

    def log_in(n: int) -> None:
        with app.app_context():
            if n % 2:
                results.append(check_password(stored, PASSWORD)[0])
            else:
                results.append(bool(hash_password(PASSWORD)))

    crowd = [threading.Thread(target=log_in, args=(n,)) for n in range(8)]
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join()

    assert results == [True] * 8
    assert most == 2

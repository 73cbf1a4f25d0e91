"""Rate limits hold across processes: two gunicorn workers count the same wrong passwords.

Each worker process below builds its own app on the test's database, as gunicorn's
workers do, and tries wrong passwords for one name. With the counters in the database
(`assembly://`, the default) the limit holds for both together; in memory each
process would count alone (the control case shows the test can tell).
"""

import multiprocessing

import pytest

from tests.helpers import app_settings, csrf_token

LIMIT = 4
TRIES = 4  # per process: twice the limit in all


def wrong_passwords(database_url: str, storage: str, folder: str, results) -> None:
    """A worker process: its own app on the shared database, TRIES wrong passwords."""
    import os
    from pathlib import Path

    os.environ["ASSEMBLY_INSTANCE_PATH"] = folder
    from assembly import create_app

    app = create_app(
        app_settings(
            Path(folder),
            DATABASE_URL=database_url,
            RATELIMIT_STORAGE_URI=storage,
            LOGIN_RATE_LIMIT=f"{LIMIT} per hour",
        )
    )
    client = app.test_client()
    token = csrf_token(client, "/login")
    data = {"login": "fatou", "password": "pas le bon", "csrf_token": token}
    results.put([client.post("/login", data=data).status_code for _ in range(TRIES)])


@pytest.mark.parametrize(("storage", "refused"), [("assembly://", TRIES), ("memory://", 0)])
def test_two_processes_share_the_count(app, make_user, tmp_path, storage, refused):
    make_user("fatou")
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters, like gunicorn's workers
    results = spawn.Queue()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    workers = [
        spawn.Process(target=wrong_passwords, args=(url, storage, str(tmp_path / f"w{n}"), results))
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    statuses = results.get(timeout=60) + results.get(timeout=60)
    for worker in workers:
        worker.join(timeout=30)
    assert statuses.count(429) == refused, statuses
    assert statuses.count(400) == 2 * TRIES - refused

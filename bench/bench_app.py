"""The app the benchmarks measure: on a fresh SQLite file in a folder, schema created; served."""

import logging
import os
import re
import threading
from pathlib import Path


def bench_app(folder: Path, **settings):
    """Build the app on `folder/bench.sqlite3` (its instance folder beside it), tables made.

    Cheap password hashing and no rate limits: neither is what a benchmark measures.
    `settings` override these defaults.
    """
    os.environ["ASSEMBLY_INSTANCE_PATH"] = str(folder / "instance")
    from assembly import create_app
    from assembly.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
    return app


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def signed_in(app, login: str, password: str):
    """A test client of `app`, signed in as `login` through the real login form."""
    client = app.test_client()
    token = CSRF_RE.search(client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"login": login, "password": password, "csrf_token": token})
    if answer.status_code != 302 or "/login" in answer.location:
        raise SystemExit(f"Could not sign in as {login} (status {answer.status_code}).")
    return client


HOST = "127.0.0.1"


def serve(app):
    """Start waitress on a free loopback port in a thread; return a stop function and the port."""
    try:
        from assembly.waitress_serving import create_server
    except ImportError:  # the code before it: measured with PYTHONPATH=<older copy>
        from waitress.server import create_server as waitress_server

        def create_server(app, **adjustments):
            return waitress_server(app, ident="", **adjustments)

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # bursts are the point
    server = create_server(app, host=HOST, port=0, threads=8)  # as `assembly serve`
    stopping = threading.Event()

    def loop():
        while not stopping.is_set():  # waitress's own loop, one short turn at a time
            server.asyncore.loop(timeout=0.2, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()

    def stop():
        stopping.set()
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        server.close()

    return stop, server.effective_port

"""A crowd logging in must not stop a meeting: joins at /j while wrong passwords pour in.

A real waitress server (8 threads, as `assembly serve`) on a temporary SQLite file,
with argon2 at its production cost. For --seconds, --attackers threads post wrong
passwords to /login as fast as they can while --joiners threads join the live meeting
at /j (each join is a write). Prints the joins made, the logins tried, and every 5xx
("database is locked" included). Goal: 0 5xx, and joins not cut by the logins
(compare with --attackers 0).

Before argon2 ran outside the transaction (session 4), 8 attackers cut joins from
2,291 to 86 in 30 s with 22 "database is locked" errors.
"""

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench_app import bench_app
from phones import CODE, Client, serve


def build_app(folder: Path):
    from datetime import datetime

    from assembly.auth.operations import create_user
    from assembly.config import ARGON2_MEMORY_COST, ARGON2_TIME_COST
    from assembly.extensions import db
    from assembly.groups.operations import create_group
    from assembly.meetings.models import Meeting, State

    app = bench_app(
        folder,
        TESTING=False,
        WTF_CSRF_ENABLED=False,
        ARGON2_TIME_COST=ARGON2_TIME_COST,
        ARGON2_MEMORY_COST=ARGON2_MEMORY_COST,
    )
    with app.app_context():
        group = create_group("Collectif du banc", "banc", "", admin=None)
        create_user("fatou", "Fatou", "un mot de passe solide")
        db.session.add(
            Meeting(
                group_id=group.id,
                title="Assemblée du banc",
                starts_at=datetime(2026, 4, 2, 17),
                state=State.LIVE,
                join_code=CODE,
            )
        )
        db.session.commit()
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--attackers", type=int, default=8, help="threads of wrong passwords")
    parser.add_argument("--joiners", type=int, default=2, help="threads joining at /j")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp))
        stop, port = serve(app)
        client = Client(port)
        counts: Counter = Counter()
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def attack() -> None:
            while time.monotonic() < deadline:
                status, *_ = client.request("POST", "/login", body="login=fatou&password=faux1234")
                with lock:
                    counts["login tried"] += 1
                    counts[f"login {status}"] += 1

        def join() -> None:
            n = 0
            while time.monotonic() < deadline:
                n += 1
                body = f"code={CODE.lower()}&name=Phone+{n}"
                status, _, data, _ = client.request("POST", "/j", body=body)
                with lock:
                    counts[f"join {status}"] += 1
                    if status >= 500:
                        counts["locked"] += b"locked" in data

        threads = [threading.Thread(target=attack) for _ in range(args.attackers)]
        threads += [threading.Thread(target=join) for _ in range(args.joiners)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            stop()
            with app.app_context():
                from assembly.extensions import db

                db.engine.dispose()

    errors = sum(n for key, n in counts.items() if key.split()[-1].startswith("5"))
    print(f"{args.seconds:.0f} s, {args.attackers} attackers, {args.joiners} joiners")
    print(f"joins made (302): {counts['join 302']}")
    print(f"logins tried: {counts['login tried']} ({counts['login 400']} refused with 400)")
    print(f"5xx: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

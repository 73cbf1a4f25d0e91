"""Requests per second of the app's pages, as a ratio to a bare Flask page in the same run.

Two real waitress servers run in threads on 127.0.0.1, made as `assembly serve` makes
its own (`assembly.serving.create_server`, 8 threads): one serves the app on a
temporary SQLite database (the demo, a few hundred more needs in its group, a live
meeting), with rate limits on as in production; the other serves a bare Flask app
whose one page says "Bonjour". Keep-alive clients (http.client, one connection per
client thread, asking for compressed answers as browsers do) then hammer, in
alternating rounds of a few seconds each:

    flask       the bare "Bonjour" page                                    (the baseline)
    healthz     the app's health check: one `SELECT 1`, the floor every request pays
    visitor     the group's needs list, /g/glycines/needs, not signed in
    member      the same list, signed in as a member of the group
    fragment    the phone's polled fragment, rendered (a poll after a change: 200)
    poll        a phone's conditional poll of the live meeting (If-None-Match with its
                ETag, HX-Request), answered 304, as the /j phones send it every 4 s

and print, for each kind, the median over the rounds of its requests per second, the
process's CPU time per request (server and clients together: they share the process),
the connections the clients had to open, and the median of its per-round ratio to the
bare page. Goals (issue 18): needs list ≥ 0.2, poll ≥ 0.3.

    .venv/bin/python bench/throughput.py                  # 5 rounds of 2 s per kind
    .venv/bin/python bench/throughput.py --rounds 3 --seconds 1 --needs 100
    .venv/bin/python bench/throughput.py --profile poll   # cProfile of one kind, top 25

It changes nothing outside a temporary folder.
"""

import argparse
import cProfile
import http.client
import pstats
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from bench_app import HOST, bench_app, serve  # bench/bench_app.py: the scripts run from this folder

SLUG = "glycines"
CODE = "D3BIT"
GOALS = {"visitor": 0.2, "member": 0.2, "poll": 0.3}
PLACES = ("Bâtiment A", "Bâtiment C", "Rue des Lilas", "Place du Marché", "")
THINGS = ("l'ascenseur", "le chauffage", "l'éclairage du parking", "les poubelles", "la cave")


def build_app(folder: Path, needs: int):
    """The demo on a fresh SQLite file, `needs` more needs in its group, a live meeting.

    Returns the app, the phone's URL and the member's username.
    """
    from assembly.demo import load_demo
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.meetings.models import AgendaItem, Meeting, State
    from assembly.needs import operations

    # Served by waitress as in production: rate limits on; the bench posts its two forms
    # (join, sign in) without reading a token first.
    app = bench_app(folder, TESTING=False, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True)
    with app.app_context():
        load_demo()
        group = db.session.scalar(db.select(Group).filter_by(slug=SLUG))
        for n in range(needs):
            operations.submit_need(
                group,
                title=f"{THINGS[n % len(THINGS)].capitalize()} en panne depuis {n % 9 + 2} jours",
                body="Les personnes âgées ne peuvent plus sortir. " * (n % 3),
                place=PLACES[n % len(PLACES)],
                trusted=True,
            )
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée du débit",
            starts_at=datetime(2026, 4, 2, 17),
            state=State.LIVE,
            join_code=CODE,
        )
        meeting.items = [AgendaItem(title="Les charges", position=1)]
        db.session.add(meeting)
        db.session.commit()
        return app, f"/g/{SLUG}/meetings/{meeting.id}/phone"


def bare_app():
    """The baseline: Flask and nothing else, one page."""
    from flask import Flask

    app = Flask("bare")

    @app.get("/")
    def hello():
        return "Bonjour"

    return app


class Kind:
    """One kind of request: where it goes, what it sends, what it must answer."""

    def __init__(self, name: str, port: int, path: str, status: int, headers: dict):
        self.name, self.port, self.path, self.status, self.headers = (
            name,
            port,
            path,
            status,
            {"Accept-Encoding": "gzip, deflate, br", **headers},
        )

    def hammer(self, seconds: float, clients: int) -> tuple[int, float, float, int]:
        """Send requests from `clients` threads for `seconds`; return (requests, wall
        seconds, CPU seconds of the process, connections opened)."""
        counts, opened = [0] * clients, [0] * clients
        stop_at = time.perf_counter() + seconds

        def client(n: int) -> None:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            try:
                while time.perf_counter() < stop_at:
                    if conn.sock is None:  # first request, or the server closed the last
                        opened[n] += 1
                    conn.request("GET", self.path, headers=self.headers)
                    response = conn.getresponse()
                    response.read()
                    if response.status != self.status:
                        raise RuntimeError(f"{self.name}: {response.status}, not {self.status}")
                    if self.status == 304 and response.getheader("Set-Cookie"):
                        raise RuntimeError(f"{self.name}: a 304 refreshed the cookie")
                    counts[n] += 1
            finally:
                conn.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        cpu, wall = time.process_time(), time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts), time.perf_counter() - wall, time.process_time() - cpu, sum(opened)


def sign_in(port: int, method: str, path: str, body: str) -> str:
    """POST a form; return the session cookie it sets."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request(method, path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 302, (path, response.status)
    return response.getheader("Set-Cookie").split(";", 1)[0]


def first_poll(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The ETag of the phone's view and its cookie, as its first poll leaves them (the
    browser keeps the cookie that answer sets, so its next polls send that one)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie, "HX-Request": "true"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200, response.status
    kept = response.getheader("Set-Cookie")
    return response.getheader("ETag"), kept.split(";", 1)[0] if kept else cookie


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per kind and round")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--needs", type=int, default=300, help="needs added to the demo's")
    kinds = ("flask", "healthz", "fragment", *GOALS)
    parser.add_argument("--profile", choices=kinds, help="profile one kind")
    parser.add_argument("--callees", help="with --profile: what these functions call")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app, phone = build_app(Path(tmp), args.needs)
        stop_app, port = serve(app)
        bare = bare_app()
        stop_bare, bare_port = serve(bare)
        try:
            from assembly.demo import DEMO_PASSWORD

            member = sign_in(port, "POST", "/login", f"login=habitante&password={DEMO_PASSWORD}")
            joined = sign_in(port, "POST", "/j", f"code={CODE.lower()}&name=Phone")
            etag, joined = first_poll(port, phone, joined)
            needs = f"/g/{SLUG}/needs"
            phoning = {"Cookie": joined, "HX-Request": "true"}
            kinds = [
                Kind("flask", bare_port, "/", 200, {}),
                Kind("healthz", port, "/healthz", 200, {}),
                Kind("visitor", port, needs, 200, {}),
                Kind("member", port, needs, 200, {"Cookie": member}),
                Kind("fragment", port, phone, 200, phoning),
                Kind("poll", port, phone, 304, phoning | {"If-None-Match": etag}),
            ]
            if args.profile:
                kind = next(k for k in kinds if k.name == args.profile)
                return profile(kind, bare if kind.name == "flask" else app, args)
            return measure(kinds, args)
        finally:
            stop_app()
            stop_bare()
            with app.app_context():
                from assembly.extensions import db

                db.engine.dispose()


def measure(kinds: list[Kind], args) -> int:
    """Alternating rounds; print the medians and the ratios to the bare page."""
    for kind in kinds:  # warm up: templates compiled, statements cached
        kind.hammer(0.5, args.clients)
    rates: dict[str, list[float]] = {kind.name: [] for kind in kinds}
    cpu: dict[str, list[float]] = {kind.name: [] for kind in kinds}
    opened: dict[str, int] = dict.fromkeys(rates, 0)
    total: dict[str, int] = dict.fromkeys(rates, 0)
    for _ in range(args.rounds):
        for kind in kinds:
            requests, wall, cpu_seconds, connections = kind.hammer(args.seconds, args.clients)
            rates[kind.name].append(requests / wall)
            cpu[kind.name].append(cpu_seconds / requests * 1000)
            opened[kind.name] += connections
            total[kind.name] += requests
    import assembly

    print(f"{args.rounds} rounds of {args.seconds:g} s per kind, {args.clients} clients, "
          f"waitress 8 threads, {args.needs} needs added to the demo's; "
          f"code: {Path(assembly.__file__).parent.parent}")  # fmt: skip
    print(f"{'kind':8} {'req/s':>7} {'CPU ms/req':>10} {'connections':>16} {'ratio':>6}  goal")
    for kind in kinds:
        name = kind.name
        ratio = statistics.median(
            r / base for r, base in zip(rates[name], rates["flask"], strict=True)
        )
        goal = f"≥ {GOALS[name]}" if name in GOALS else ""
        print(f"{name:8} {statistics.median(rates[name]):7.0f} "
              f"{statistics.median(cpu[name]):10.2f} "
              f"{opened[name]:>6} for {total[name]:>6} {ratio:6.3f}  {goal}")  # fmt: skip
    return 0


def profile(kind: Kind, app, args) -> int:
    """cProfile the app while one kind is hammered by one client (so one request at a
    time runs in a server thread); print the top functions by cumulative time."""
    kind.hammer(0.5, args.clients)
    profiler = cProfile.Profile()
    served = app.wsgi_app

    def profiled(environ, start_response):
        return profiler.runcall(served, environ, start_response)

    app.wsgi_app = profiled
    requests, wall, _, _ = kind.hammer(args.seconds * args.rounds, 1)
    app.wsgi_app = served
    print(f"{kind.name}: {requests} requests in {wall:.1f} s (one client, profiled)")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(40)
    stats.print_stats("assembly|flask_|limits", 40)  # the app's code and its extensions
    stats.sort_stats("tottime").print_stats(25)
    if args.callees:
        stats.sort_stats("cumulative").print_callees(args.callees)
    return 0


if __name__ == "__main__":
    sys.exit(main())

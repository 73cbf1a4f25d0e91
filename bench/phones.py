"""200 phones follow a live meeting: latency of their polls and bytes they cost.

A real waitress server (8 threads, as `assembly serve`) runs in a thread on 127.0.0.1,
on a temporary SQLite database. 200 phones sign in with the join code, then poll the
phone view every 4 s of *simulated* time with a conditional GET (If-None-Match with
their last ETag), as htmx and the browser cache do; every ~10 s a phone asks to speak
and the facilitator gives the floor to the next speaker. The run is as fast as the
loop allows (no real sleeping), bounded in rounds and in wall time, loopback only.

Prints p50/p95 latency of the polls, and bytes per phone per minute (all phones, and
idle ones: only 304 answers, with the bytes of one 304). Phones ask for compressed
answers, as browsers do. Goals: p95 ≤ 100 ms, ≤ 3 KB per idle phone per minute.

With --vote, a majority judgment on three options is open: over the simulated time
every phone grades the options (a ballot changes its voter's phone, which fetches its
page again, and the projector's count; the other phones keep their 304s), then the
facilitator closes the vote. Prints the latency of
the ballots too.
"""

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from bench_app import HOST, bench_app, serve  # bench/bench_app.py: the scripts run from this folder

POLL_SECONDS = 4
CHANGE_SECONDS = 10
WALL_LIMIT_SECONDS = 300
CODE = "B3NCH"
OPTIONS = ("Pique-nique", "Repas partagé", "Concert")


def build_app(folder: Path):
    """The app on a fresh SQLite file, with a group, a facilitator and a live meeting."""
    from assembly.auth.operations import create_user
    from assembly.decisions.models import Decision, DecisionStatus, Method, Option
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group
    from assembly.meetings.models import AgendaItem, Meeting, State

    # Served by waitress, not the test client; the bench posts forms without reading them.
    app = bench_app(folder, TESTING=False, WTF_CSRF_ENABLED=False)
    with app.app_context():
        group = create_group("Collectif du banc", "banc", "", admin=None)
        user = create_user("anim", "Animatrice", "un mot de passe solide")
        add_member(group, user, Role.FACILITATOR)
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée du banc",
            starts_at=datetime(2026, 4, 2, 17),
            state=State.LIVE,
            join_code=CODE,
        )
        meeting.items = [AgendaItem(title="Les charges", position=1)]
        db.session.add(meeting)
        db.session.flush()
        decision = Decision(
            group_id=group.id,
            meeting_id=meeting.id,
            item_id=meeting.items[0].id,
            question="Quelle fête cet été ?",
            method=Method.JUDGMENT,
            status=DecisionStatus.OPEN,
            options=[Option(position=n, label=label) for n, label in enumerate(OPTIONS)],
        )
        db.session.add(decision)
        db.session.commit()
        return app, meeting.id, decision.id, [option.id for option in decision.options]


class Client:
    """One HTTP/1.1 keep-alive connection per thread; cookies kept by the caller."""

    local = threading.local()

    def __init__(self, port: int):
        self.port = port

    def request(self, method, path, cookie="", body=None, headers=None):
        """Return (status, headers dict, body, bytes on the wire (status line + headers + body))."""
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        sent = {"Cookie": cookie} if cookie else {}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update(headers or {})
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        wire = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2 + len(data)
        wire += sum(len(k) + len(v) + 4 for k, v in response.getheaders())
        return response.status, response.msg, data, wire  # msg: case-insensitive headers


def cookie_of(headers, old: str = "") -> str:
    raw = headers.get("Set-Cookie")
    return raw.split(";", 1)[0] if raw else old


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=1.0, help="simulated minutes")
    # As many client threads as server threads: enough to keep waitress busy; more only
    # measures the queue of a burst that 200 phones spread over 4 s never make.
    parser.add_argument("--workers", type=int, default=8, help="client threads")
    parser.add_argument("--vote", action="store_true", help="every phone votes (judgment)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app, meeting_id, decision_id, option_ids = build_app(Path(tmp))
        stop, port = serve(app)
        try:
            vote = (decision_id, option_ids) if args.vote else None
            return run(app, meeting_id, port, args, vote)
        finally:
            stop()
            with app.app_context():
                from assembly.extensions import db

                db.engine.dispose()


def run(app, meeting_id: int, port: int, args, vote: tuple | None) -> int:
    client = Client(port)
    phone_url = f"/g/banc/meetings/{meeting_id}/phone"

    def join(n: int) -> dict:
        body = f"code={CODE.lower()}&name=Phone+{n}"
        status, headers, _, _ = client.request("POST", "/j", body=body)
        assert status == 302, status
        return {"cookie": cookie_of(headers), "etag": None}

    with ThreadPoolExecutor(args.workers) as pool:
        phones = list(pool.map(join, range(args.phones)))
    _, headers, _, _ = client.request(
        "POST", "/login", body="login=anim&password=un+mot+de+passe+solide"
    )
    facilitator = cookie_of(headers)

    latencies: list[float] = []
    polls = {"200": 0, "304": 0}
    wire_total = 0
    wire_304: list[int] = []
    lock = threading.Lock()

    def poll(phone: dict) -> None:
        nonlocal wire_total
        headers = {"HX-Request": "true", "Accept-Encoding": "gzip, deflate, br"}
        if phone["etag"]:
            headers["If-None-Match"] = phone["etag"]
        started = time.perf_counter()
        status, got, _, wire = client.request("GET", phone_url, phone["cookie"], headers=headers)
        elapsed = time.perf_counter() - started
        assert status in (200, 304), status
        phone["etag"] = got.get("ETag", phone["etag"])
        phone["cookie"] = cookie_of(got, phone["cookie"])
        with lock:
            latencies.append(elapsed)
            polls[str(status)] += 1
            wire_total += wire
            if status == 304:
                wire_304.append(wire)

    ballot_times: list[float] = []

    def cast(indexed: tuple[int, dict]) -> None:
        """Grade the three options, as the ballot form posts them (the grades vary)."""
        n, phone = indexed
        decision_id, option_ids = vote
        grades = "&".join(f"option_{o}={(n + i) % 6}" for i, o in enumerate(option_ids))
        started = time.perf_counter()
        status, got, _, _ = client.request(
            "POST", f"/g/banc/decisions/{decision_id}/ballot", phone["cookie"], body=grades
        )
        assert status == 302, status
        phone["cookie"] = cookie_of(got, phone["cookie"])
        with lock:
            ballot_times.append(time.perf_counter() - started)

    rounds = int(args.minutes * 60 / POLL_SECONDS)
    voters_per_round = -(-len(phones) // max(rounds - 1, 1)) if vote else 0
    changes = 0
    next_change = 0.0
    deadline = time.monotonic() + WALL_LIMIT_SECONDS
    wall, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(args.workers) as pool:
        for number in range(rounds):
            now = number * POLL_SECONDS
            while now >= next_change:  # the queue moves every ~10 simulated seconds
                asker = phones[changes % len(phones)]
                ask = f"{phone_url}/ask"
                client.request("POST", ask, asker["cookie"], body="kind=normal")
                client.request("POST", f"/g/banc/meetings/{meeting_id}/conduct/next-speaker",
                               facilitator, body="")  # fmt: skip
                changes += 1
                next_change += CHANGE_SECONDS
            if vote:  # this round's share of the phones vote, then everyone polls
                start = number * voters_per_round
                batch = list(enumerate(phones))[start : start + voters_per_round]
                list(pool.map(cast, batch))
            if vote and number == rounds - 1:
                client.request("POST", f"/g/banc/decisions/{vote[0]}/close", facilitator, body="")
            list(pool.map(poll, phones))
            if time.monotonic() > deadline:
                print(f"stopped after {number + 1} rounds: wall-time limit", file=sys.stderr)
                rounds = number + 1
                break
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    minutes = rounds * POLL_SECONDS / 60
    per_phone = wire_total / len(phones) / minutes
    idle = statistics.mean(wire_304) * (60 / POLL_SECONDS) if wire_304 else float("nan")
    print(f"phones: {len(phones)}, simulated: {minutes:.1f} min ({rounds} polls each), "
          f"queue changes: {changes}, wall: {wall:.1f} s")  # fmt: skip
    print(f"polls: {len(latencies)} ({polls['200']} × 200, {polls['304']} × 304)")
    print(f"latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms  (goal: p95 ≤ 100 ms)")
    # Latency follows the machine's load; CPU time per request much less so.
    requests = len(latencies) + len(ballot_times) + 2 * changes + (1 if vote else 0)
    print(f"CPU: {cpu / requests * 1000:.2f} ms per request (server and clients: one process)")
    print(f"bytes per phone per minute: {per_phone / 1024:.1f} KB with the changes, "
          f"{idle / 1024:.1f} KB idle (304 only)  (goal: ≤ 3 KB idle)")  # fmt: skip
    if wire_304:
        print(f"one 304: {statistics.mean(wire_304):.0f} bytes (status line and headers)")
    if vote:
        ballot_times.sort()
        with app.app_context():
            from assembly.decisions.models import Ballot, Decision
            from assembly.extensions import db

            counted = db.session.scalar(db.select(db.func.count(Ballot.id)))
            closed = db.session.get(Decision, vote[0]).status
        print(f"ballots: {len(ballot_times)} cast, {counted} stored, vote {closed}; "
              f"p50 {statistics.median(ballot_times) * 1000:.1f} ms, "
              f"p95 {ballot_times[int(len(ballot_times) * 0.95) - 1] * 1000:.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Memory of a served app: at start, after 10,000 requests, after a burst of logins, and
while the needs CSV of a group with 100,000 needs downloads.

`assembly serve` (waitress, 8 threads) runs in a subprocess on a throwaway SQLite file
that holds the demo (`assembly demo`) and a second group, « grand », with 100,000
approved needs; passwords are hashed at the production cost (assembly/config.py). The
script reads the server's resident memory (VmRSS in /proc/<pid>/status):

- at start, once the server has answered /healthz;
- after opening each of the demo's pages once (found by following links from `/`, as a
  visitor and as the demo organizer): what the caches hold once every page was seen;
- after 10,000 GET requests over these pages (8 client threads), with the CPU time the
  server spent on them (what a smaller cache would cost shows there);
- during and after 50 logins sent at once (peak sampled every 5 ms);
- during the needs CSV of « grand » (`?personal=1`, as its organizer): peak growth over
  the RSS before it, time to first byte, total time, and the RSS after.

Goals (issue 18): ≤ 64 MB at start, ≤ 100 MB after 10,000 requests, logins' memory
bounded, the export's growth ≤ 20 MB and its first byte ≤ 200 ms.

    .venv/bin/python bench/memory.py                 # or: make bench
    .venv/bin/python bench/memory.py --code /tmp/old # serve another copy of the code

It changes nothing outside a temporary folder.
"""

import argparse
import http.client
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bench_app import HOST, bench_app  # bench/bench_app.py: the scripts run from this folder

ROOT = Path(__file__).resolve().parent.parent
EXPORT_SLUG = "grand"
EXPORT_NEEDS = 100_000
REQUESTS = 10_000
LOGINS = 50
CLIENTS = 8
MOST_PAGES = 300  # pages found by following links, per person
CHUNK = 5_000  # needs per INSERT
HREF = re.compile(r'href="([^"#]*)')
SKIPPED = re.compile(r"\.(csv|odt|zip|ics|svg|css|js)$|^/static/|/logout|/g/" + EXPORT_SLUG)


def build(folder: Path, needs: int) -> dict:
    """The demo and the « grand » group with `needs` needs, on folder/bench.sqlite3."""
    from needs_scale import THEMES, need_rows
    from sqlalchemy import insert

    from assembly import config
    from assembly.auth.operations import create_user
    from assembly.demo import DEMO_PASSWORD, load_demo
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group
    from assembly.needs.models import Need, Theme

    app = bench_app(
        folder,
        ARGON2_TIME_COST=config.ARGON2_TIME_COST,
        ARGON2_MEMORY_COST=config.ARGON2_MEMORY_COST,
    )
    with app.app_context():
        load_demo()
        group = create_group("Collectif du grand quartier", EXPORT_SLUG, admin=None)
        organizer = create_user("grand-orga", "Nadia Grand", DEMO_PASSWORD)
        add_member(group, organizer, Role.ORGANIZER)
        db.session.execute(insert(Theme), [{"group_id": group.id, "name": t} for t in THEMES])
        db.session.commit()
        themes = list(db.session.scalars(db.select(Theme.id).filter_by(group_id=group.id)))
        first_id = (db.session.scalar(db.select(db.func.max(Need.id))) or 0) + 1
        rows = need_rows(random.Random(2026), group.id, themes, needs)
        for row in rows:
            row["id"] += first_id - 1
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(Need), rows[start : start + CHUNK])
        db.session.commit()
        db.engine.dispose()
    return {"password": DEMO_PASSWORD, "url": f"sqlite:///{folder / 'bench.sqlite3'}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(folder: Path, database_url: str, code: Path) -> tuple[subprocess.Popen, int]:
    """`assembly serve` in a subprocess, answering on a free port (CSRF and rate limits
    off: the bench posts forms it never read, and logs in 50 times from one address)."""
    port = free_port()
    env = os.environ | {
        "PYTHONPATH": str(code),
        "ASSEMBLY_INSTANCE_PATH": str(folder / "instance"),
        "ASSEMBLY_DATABASE_URL": database_url,
        "ASSEMBLY_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "ASSEMBLY_RATELIMIT_ENABLED": "false",
        "ASSEMBLY_WTF_CSRF_ENABLED": "false",
    }
    command = [sys.executable, "-m", "assembly", "serve", "--port", str(port), "--threads", "8"]
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and package)
        command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start: " + server.stderr.read().decode()[-2000:])


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time `pid` has used so far (/proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Peak:
    """The highest RSS of `pid` while the block runs, sampled every 5 ms."""

    def __init__(self, pid: int):
        self.pid, self.most, self.stop = pid, 0.0, threading.Event()

    def __enter__(self):
        def sample():
            while not self.stop.is_set():
                self.most = max(self.most, rss_mb(self.pid))
                time.sleep(0.005)

        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.most = max(self.most, rss_mb(self.pid))


_local = threading.local()


def request(port: int, method: str, path: str, cookie: str = "", body: str | None = None):
    """(status, headers, body) over this thread's keep-alive connection (opened again
    once if the server closed it while it sat idle)."""
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    for attempt in (1, 2):
        conn = getattr(_local, "conn", None)
        if conn is None or conn.port != port:
            conn = _local.conn = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.msg, response.read()
        except (http.client.HTTPException, OSError):
            _local.conn = None
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def log_in(port: int, login: str, password: str) -> str:
    """The session cookie of a fresh login."""
    body = f"login={login}&password={password}"
    status, headers, _ = request(port, "POST", "/login", body=body)
    assert status == 302, (login, status)
    return headers["Set-Cookie"].split(";", 1)[0]


def crawl(open_page) -> list[str]:
    """The pages reached by following links from `/` (HTML only, no downloads).

    `open_page(path)` returns the page's HTML, or None when it is not an HTML page.
    """
    seen, queue, found = {"/"}, ["/"], []
    while queue and len(found) < MOST_PAGES:
        path = queue.pop(0)
        html = open_page(path)
        if html is None:
            continue
        found.append(path)
        for href in HREF.findall(html):
            target = urldefrag(href.replace("&amp;", "&")).url
            parts = urlsplit(target)
            if parts.netloc or not target.startswith("/") or SKIPPED.search(parts.path):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return found


def pages(port: int, cookie: str) -> list[str]:
    """The pages `cookie`'s holder reaches by links from `/` on the served app."""

    def open_page(path):
        status, headers, body = request(port, "GET", path, cookie)
        html = status == 200 and headers.get("Content-Type", "").startswith("text/html")
        return body.decode() if html else None

    return crawl(open_page)


def many_requests(port: int, visits: list[tuple[str, str]], total: int) -> dict:
    """`total` GET requests over `visits` ((cookie, path)), by CLIENTS threads."""
    counts: dict[int, int] = {}
    lock = threading.Lock()

    def visit(n: int) -> None:
        cookie, path = visits[n % len(visits)]
        status = request(port, "GET", path, cookie)[0]
        with lock:
            counts[status] = counts.get(status, 0) + 1

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(visit, range(total)))
    return counts


def login_burst(port: int, accounts: list[str], password: str) -> float:
    """LOGINS logins sent at once; returns the seconds until the last one answered."""
    ready = threading.Barrier(LOGINS)

    def one(n: int) -> None:
        ready.wait()
        log_in(port, accounts[n % len(accounts)], password)

    started = time.perf_counter()
    with ThreadPoolExecutor(LOGINS) as pool:
        list(pool.map(one, range(LOGINS)))
    return time.perf_counter() - started


def export(port: int, cookie: str) -> dict:
    """Download the needs CSV of « grand »: first byte, total time, bytes and rows."""
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", f"/g/{EXPORT_SLUG}/needs.csv?personal=1", headers={"Cookie": cookie})
    response = conn.getresponse()
    assert response.status == 200, response.status
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size, lines = len(first), first.count(b"\n")
    while piece := response.read(65536):
        size += len(piece)
        lines += piece.count(b"\n")
    conn.close()
    return {
        "first_byte": first_byte,
        "total": time.perf_counter() - started,
        "bytes": size,
        "rows": lines - 1,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=EXPORT_NEEDS, help="needs of « grand »")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--code", type=Path, default=ROOT, help="folder holding `assembly`")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        built = build(folder, args.needs)
        seconds = time.perf_counter() - started
        print(f"database: the demo and {args.needs:,} needs ({seconds:.0f} s)")
        server, port = start_server(folder, built["url"], args.code.resolve())
        pid = server.pid
        try:
            at_start = rss_mb(pid)
            print(f"RSS at start: {at_start:.1f} MB")

            password = built["password"]
            organizer = log_in(port, "organisatrice", password)
            visits = [("", path) for path in pages(port, "")]
            visits += [(organizer, path) for path in pages(port, organizer)]
            print(f"RSS after opening each of the {len(visits)} pages once: {rss_mb(pid):.1f} MB")
            started, cpu = time.perf_counter(), cpu_seconds(pid)
            counts = many_requests(port, visits, args.requests)
            seconds, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu
            after_requests = rss_mb(pid)
            print(
                f"RSS after {args.requests:,} requests over {len(visits)} pages: "
                f"{after_requests:.1f} MB ({seconds:.0f} s, server CPU {cpu:.0f} s; "
                f"statuses {sorted(counts.items())})"
            )

            accounts = ["admin", "organisatrice", "animateur", "habitante"]
            with Peak(pid) as peak:
                seconds = login_burst(port, accounts, password)
            time.sleep(1)
            print(
                f"RSS during {LOGINS} logins at once: peak {peak.most:.1f} MB, "
                f"after {rss_mb(pid):.1f} MB ({seconds:.1f} s for all)"
            )

            before = rss_mb(pid)
            grand = log_in(port, "grand-orga", password)
            with Peak(pid) as peak:
                done = export(port, grand)
            time.sleep(1)
            print(
                f"needs CSV of {done['rows']:,} needs ({done['bytes'] / 1e6:.1f} MB): "
                f"first byte {done['first_byte'] * 1000:.0f} ms, total {done['total']:.1f} s; "
                f"RSS {before:.1f} → peak {peak.most:.1f} MB (+{peak.most - before:.1f}), "
                f"after {rss_mb(pid):.1f} MB"
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the server acknowledged survives a crash, and a backup taken under load is sound.

A real `assembly serve` (waitress) runs as a child process on an instance of its own
(SQLite, or a fresh PostgreSQL database under scripts/with-postgres). Writers send
needs as residents do; the server is killed with SIGKILL in the middle, several
times. After each kill: the database passes its integrity check and every need whose
receipt the server sent (302 to /needs/N/receipt) is there.
"""

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import sqlalchemy

from tests.helpers import CSRF_RE, SHARED_DATABASE_URL, TEST_DATABASE_URL, _on_shared_database

ASSEMBLY = str(Path(sys.executable).with_name("assembly"))
KILLS = 3
WRITERS = 6
ONCE_RE = re.compile(r'name="once"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def instance(tmp_path):
    """Settings for a server child process: its own folder, and its own database."""
    env = {
        **os.environ,
        "ASSEMBLY_INSTANCE_PATH": str(tmp_path / "instance"),
        "ASSEMBLY_ARGON2_TIME_COST": "1",
        "ASSEMBLY_ARGON2_MEMORY_COST": "256",
        "ASSEMBLY_PUBLIC_FORM_ADDRESS_RATE_LIMIT": "100000 per hour",
        "ASSEMBLY_PUBLIC_FORM_RATE_LIMIT": "100000 per hour",
    }
    database = None
    if TEST_DATABASE_URL:
        database = f"{TEST_DATABASE_URL}_durability"
        name = database.rsplit("/", 1)[1]
        _on_shared_database(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_shared_database(f'CREATE DATABASE "{name}"')
        env["ASSEMBLY_DATABASE_URL"] = database
    for command in (["init"], ["demo"]):
        subprocess.run([ASSEMBLY, *command], env=env, check=True, capture_output=True)
    yield env
    if database:
        _on_shared_database(f'DROP DATABASE IF EXISTS "{database.rsplit("/", 1)[1]}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [ASSEMBLY, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a busy 2-core machine starts it in 3 to 15 s
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (our own server)
            return server, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    server.kill()
    raise AssertionError(f"the server did not start (exit code {server.poll()})")


def send_need(base: str, title: str) -> int | None:
    """A resident's browser sends a need; the number on its receipt, or None if no answer."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
    )
    try:
        page = opener.open(f"{base}/g/glycines/needs/new", timeout=5).read().decode()
        data = {
            "csrf_token": CSRF_RE.search(page).group(1),
            "once": ONCE_RE.search(page).group(1),
            "title": title,
            "confirmed": "1",
        }
        body = urllib.parse.urlencode(data).encode()
        opener.open(f"{base}/g/glycines/needs/new", body, timeout=5)
    except urllib.error.HTTPError as answer:
        location = answer.headers.get("Location", "")
        found = re.search(r"/needs/(\d+)/receipt$", location)
        assert answer.code == 302 and found, (answer.code, location)
        return int(found.group(1))
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError):
        return None  # the server died before answering (or mid-answer): nothing was promised
    return None


def stored_needs(env) -> set[int]:
    url = env.get("ASSEMBLY_DATABASE_URL") or "sqlite:///" + env["ASSEMBLY_INSTANCE_PATH"] + (
        "/assembly.sqlite3"
    )
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            numbers = connection.exec_driver_sql("SELECT number FROM needs").scalars()
            return set(numbers)
    finally:
        engine.dispose()


def test_every_acknowledged_need_survives_sigkill(instance):
    acknowledged: set[int] = set()
    surprises: list[BaseException] = []
    for round_ in range(KILLS):
        server, base = start_server(instance)
        stop = threading.Event()
        lock = threading.Lock()

        def write(writer: int, base=base, stop=stop, lock=lock, round_=round_) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    number = send_need(base, f"Besoin {round_}-{writer}-{n}")
                except AssertionError as surprise:  # an answer that is no receipt
                    surprises.append(surprise)
                    return
                if number is not None:
                    with lock:
                        acknowledged.add(number)

        writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
        for thread in writers:
            thread.start()
        before, deadline = len(acknowledged), time.monotonic() + 30
        while len(acknowledged) < before + 10 and time.monotonic() < deadline and not surprises:
            time.sleep(0.05)  # until writes are well under way
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in writers:
            thread.join(timeout=10)
        assert not surprises, surprises
        assert len(acknowledged) >= before + 10, "too few writes before the kill"
        missing = acknowledged - stored_needs(instance)
        assert not missing, f"acknowledged then lost: {sorted(missing)}"


@pytest.mark.skipif(bool(SHARED_DATABASE_URL), reason="PostgreSQL is backed up with pg_dump")
def test_a_backup_taken_under_load_is_sound(instance, tmp_path):
    server, base = start_server(instance)
    stop = threading.Event()

    def write(writer: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            send_need(base, f"Pendant la sauvegarde {writer}-{n}")

    writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    try:
        for thread in writers:
            thread.start()
        time.sleep(0.5)
        copies = [tmp_path / f"backup{n}.sqlite3" for n in range(3)]
        for copy in copies:
            done = subprocess.run(
                [ASSEMBLY, "backup", str(copy)], env=instance, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=10)
        server.terminate()
        server.wait()
    counts = []
    for copy in copies:
        with sqlite3.connect(copy) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            needs, supports = check.execute(
                "SELECT count(*), coalesce(sum(support_count), 0) FROM needs"
            ).fetchone()
            counted = check.execute("SELECT count(*) FROM supports WHERE NOT held").fetchone()[0]
            assert supports == counted  # each copy is one consistent moment
            counts.append(needs)
    assert counts == sorted(counts) and counts[-1] > counts[0]  # taken while needs poured in

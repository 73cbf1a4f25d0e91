"""Several servers on PostgreSQL: two app processes behind nginx play a live meeting.

The whole production stack, on loopback: a throwaway PostgreSQL cluster (started the
way scripts/with-postgres does), `assembly init` on it, two gunicorn servers with
deploy/gunicorn.conf.py on two free ports, and Debian's nginx running
deploy/nginx/assemblee.conf in front of them (its ports and paths changed, and a header
that names the server which answered). Everything below goes through nginx, round robin:

- phones join with the meeting code and poll: both servers answer them, and a phone
  signed in by one is known to the other (sessions are signed cookies);
- a vote opens on one server, every phone sees it at its next poll whichever server
  answers, ballots land on both, a phone that votes twice is counted once, the result
  is right;
- wrong meeting codes reach the limit once for both servers together, whatever
  X-Forwarded-For a client sends (the app trusts one proxy: nginx);
- two `assembly send` running at once send each queued e-mail once.

About a minute on a loaded 2-core machine (marker `servers`). It brings its own
PostgreSQL, so the PostgreSQL run of `make test` leaves it out. It fails, never skips,
when nginx, gunicorn or PostgreSQL is missing: `make system-test-deps` installs them.
"""

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from assembly.paths import STATIC
from tests.helpers import CSRF_RE, PASSWORD, app_settings, live_meeting_on
from tests.messaging import SmtpServer, free_port

pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("servers")]

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"
CODE = "S3RV2"
PHONES = 12
YES = 7  # the other phones vote no
WRONG_CODES = 4  # the join-code limit of the stack
MAILS = 300
WAIT = 90  # seconds for a server to come up on a machine shared with other tests


def require(path: str, package: str) -> str:
    """The program at `path`, or a failure that says what to install (never a skip)."""
    found = path if Path(path).is_file() else shutil.which(path)
    if not found:
        pytest.fail(f"{path} is missing: `make system-test-deps` installs {package}")
    return found


# The stack


@contextmanager
def postgres():
    """A private PostgreSQL cluster in a temporary folder on a free port; yields its URL."""
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bindirs or not (bindirs[-1] / "initdb").exists():
        pytest.fail("PostgreSQL is missing: `make system-test-deps` installs postgresql")
    bindir = bindirs[-1]
    folder = Path(tempfile.mkdtemp(prefix="assembly-servers-pg."))
    as_pg = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: as the postgres account
        shutil.chown(folder, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = folder / "data"

    def run(*args):
        subprocess.run([*as_pg, *map(str, args)], check=True, capture_output=True)

    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F"
        run(bindir / "pg_ctl", "-D", data, "-l", folder / "log", "-w", "-o", options, "start")
        run(bindir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "assembly")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/assembly"
    finally:
        subprocess.run(
            [*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def environment(folder: Path, database_url: str, **settings) -> dict:
    """The settings every process of the stack shares, as a host writes them
    (deploy/assemblee.env): one instance folder, one database, one proxy."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "ASSEMBLY_INSTANCE_PATH": str(folder / "instance"),
        "ASSEMBLY_DATABASE_URL": database_url,
        "ASSEMBLY_PROXIES": "1",
        "ASSEMBLY_JOIN_CODE_RATE_LIMIT": f"{WRONG_CODES} per 10 minutes",
        "ASSEMBLY_SENDER_NICENESS": "0",
    }
    env.update({f"ASSEMBLY_{key}": str(value) for key, value in settings.items()})
    return env


def build_meeting(folder: Path, database_url: str) -> SimpleNamespace:
    """A group, its facilitator, a live meeting on one item and a vote prepared on it."""
    from assembly import create_app
    from assembly.auth.operations import create_user
    from assembly.clock import utcnow
    from assembly.decisions.models import Method
    from assembly.decisions.operations import core
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group

    app = create_app(app_settings(folder, DATABASE_URL=database_url))
    with app.app_context():
        group = create_group("Collectif des Tilleuls", "tilleuls", "", admin=None)
        user = create_user("anim", "Animatrice", PASSWORD)
        add_member(group, user, Role.FACILITATOR)
        meeting, item = live_meeting_on(
            group,
            title="Assemblée des Tilleuls",
            item="Le jardin partagé",
            code=CODE,
            starts_at=utcnow(),
        )
        decision = core.create_decision(
            group,
            question="Ouvre-t-on le jardin le dimanche ?",
            method=Method.BALLOT,
            by=None,
            item=item,
        )
        ids = SimpleNamespace(app=app, meeting_id=meeting.id, decision_id=decision.id)
        db.session.remove()
    with app.app_context():
        db.engine.dispose()
    return ids


def start_server(folder: Path, env: dict, name: str) -> tuple[subprocess.Popen, int]:
    """A gunicorn server with deploy/gunicorn.conf.py, one worker, on a free port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
    env = {**env, "ASSEMBLY_BIND": f"127.0.0.1:{port}", "ASSEMBLY_WORKERS": "1"}
    with (folder / f"{name}.log").open("wb") as log:
        return subprocess.Popen([*command, "--name", name], env=env, stdout=log, stderr=log), port


def nginx_config(folder: Path, port: int, servers: list[int]) -> Path:
    """deploy/nginx/assemblee.conf on this machine's ports and paths, as the current user.

    The site is the shipped file: only its `listen`, its upstream servers and its static
    folder change, and each answer names the server that gave it (X-Upstream).
    """
    site = (DEPLOY / "nginx" / "assemblee.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{server};\n" for server in servers)
    site, found = re.subn(r"(upstream assemblee \{\n)(?:\s*#?\s*server [^\n]*\n)+", r"\1", site)
    assert found == 1, "deploy/nginx/assemblee.conf: no `upstream assemblee` block"
    site = site.replace("upstream assemblee {\n", "upstream assemblee {\n" + upstream)
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "proxy_pass http://assemblee;": (
            "proxy_pass http://assemblee;\n        add_header X-Upstream $upstream_addr always;"
        ),
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/assemblee.conf: {old!r} not found"
        site = site.replace(old, new)
    site, found = re.subn(r"alias [^;]*/static/;", f"alias {STATIC}/;", site)
    assert found == 1, "deploy/nginx/assemblee.conf: no static alias"
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    temp += f"\n    uwsgi_temp_path {folder / 'uwsgi'};\n    scgi_temp_path {folder / 'scgi'};"
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers otherwise drop to nobody
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\nevents {{ worker_connections 512; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {folder / 'access.log'};\n{temp}\n{site}\n}}\n"
    )
    return config


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still starting
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {WAIT} s")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """PostgreSQL, two gunicorn servers, nginx in front; yields where they are."""
    nginx = require(NGINX, "nginx")
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("gunicorn is missing: `make install-test` installs it (pyproject.toml)")
    folder = tmp_path_factory.mktemp("servers")
    processes: list[subprocess.Popen] = []
    try:
        with postgres() as database_url:
            env = environment(folder, database_url)
            subprocess.run(
                [sys.executable, "-m", "assembly", "init"], env=env, check=True, capture_output=True
            )
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("ASSEMBLY_INSTANCE_PATH", str(folder / "setup"))
                ids = build_meeting(folder, database_url)
            ports = []
            for name in ("first", "second"):
                process, port = start_server(folder, env, name)
                processes.append(process)
                ports.append(port)
                wait_until_up(f"http://127.0.0.1:{port}/healthz", process, folder / f"{name}.log")
            port = free_port()
            config = nginx_config(folder, port, ports)
            error_log = folder / "nginx-start.log"
            with error_log.open("wb") as log:
                nginx_process = subprocess.Popen(
                    [nginx, "-p", str(folder), "-c", str(config), "-e", str(error_log)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            processes.append(nginx_process)
            wait_until_up(f"http://127.0.0.1:{port}/healthz", nginx_process, error_log)
            yield SimpleNamespace(
                base=f"http://127.0.0.1:{port}",
                servers={f"127.0.0.1:{p}" for p in ports},
                env=env,
                folder=folder,
                database_url=database_url,
                app=ids.app,
                meeting=f"/g/tilleuls/meetings/{ids.meeting_id}",
                decision=f"/g/tilleuls/decisions/{ids.decision_id}",
                decision_id=ids.decision_id,
            )
            for process in reversed(processes):  # before the database goes
                process.terminate()
                process.wait(timeout=30)
            with ids.app.app_context():
                from assembly.extensions import db

                db.engine.dispose()
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()


# A visitor through nginx


class Browser:
    """A phone or a laptop: its cookies, and which server answered each request.

    nginx takes the servers in turn, request after request: the tests read the CSRF
    token first (`csrf`), so that the requests they mean to spread are consecutive.
    """

    def __init__(self, stack, **headers):
        self.stack = stack
        self.http = requests.Session()
        self.http.headers.update(headers)
        self.served: list[str] = []
        self.etag = ""
        self.token = ""

    def get(self, path: str, **headers) -> requests.Response:
        return self._note(self.http.get(self.stack.base + path, headers=headers, timeout=30))

    def csrf(self, page: str = "/j") -> "Browser":
        """Read the session's CSRF token from `page`, as the browser's form carries it."""
        match = CSRF_RE.search(self.get(page).text)
        assert match, f"no CSRF token on {page}"
        self.token = match.group(1)
        return self

    def post(self, path: str, data: dict, **headers) -> requests.Response:
        if not self.token:
            self.csrf()
        response = self.http.post(
            self.stack.base + path,
            data={**data, "csrf_token": self.token},
            headers=headers,
            allow_redirects=False,
            timeout=30,
        )
        if path in ("/j", "/login"):
            self.token = ""  # signing in may start a new session
        return self._note(response)

    def poll(self, page: str) -> requests.Response:
        """A poll as htmx sends it: the fragment, with the ETag the phone holds."""
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        response = self.get(page, **headers)
        assert response.status_code in (200, 304), response.status_code
        self.etag = response.headers.get("ETag", self.etag)
        return response

    def _note(self, response: requests.Response) -> requests.Response:
        assert response.headers.get("X-Upstream") in self.stack.servers, response.headers
        self.served.append(response.headers["X-Upstream"])
        return response


def in_parallel(work, items) -> list:
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(work, items))


# The tests


def test_a_live_meeting_on_two_servers_counts_each_phone_once(stack):
    phone_page = f"{stack.meeting}/phone"
    phones = [Browser(stack).csrf() for _ in range(PHONES)]
    for n, phone in enumerate(phones):  # the join on one server, the phone page on the other
        response = phone.post("/j", {"code": CODE.lower(), "name": f"Voisine {n}"})
        assert response.status_code == 302, response.text[:500]
        assert phone.get(phone_page).status_code == 200
        assert phone.served[-1] != phone.served[-2]
    for _ in range(2):
        for phone in phones:
            phone.poll(phone_page)
    idle = [phone.poll(phone_page) for phone in phones]  # an ETag of one server, on the other
    assert [response.status_code for response in idle] == [304] * PHONES
    assert {phone.served[-1] for phone in phones} == stack.servers

    team = Browser(stack).csrf("/login")
    login = team.post("/login", {"login": "anim", "password": PASSWORD})
    assert login.status_code == 302, login.text[:500]
    team.csrf(f"{stack.meeting}/conduct")
    opened = team.post(f"{stack.decision}/open", {})
    assert opened.status_code == 302, opened.text[:500]

    ballot = f"{stack.decision}/ballot"
    seen = [phone.poll(phone_page) for phone in phones]  # opened on one server, seen on both
    assert [response.status_code for response in seen] == [200] * PHONES
    assert all(ballot in response.text for response in seen)
    assert {phone.served[-1] for phone in phones} == stack.servers

    def vote(n):  # each phone changes its mind: two ballots, the last one counts
        phone = phones[n]
        first = phone.post(ballot, {"choice": "abstain"})
        final = phone.post(ballot, {"choice": "yes" if n < YES else "no"})
        assert first.status_code == final.status_code == 302, final.text[:500]
        return phone.served[-2:]

    for phone in phones:
        phone.csrf(phone_page)
    with ThreadPoolExecutor(4) as pool:  # ballots at the same time, on both servers
        ballots_on = Counter(server for pair in pool.map(vote, range(PHONES)) for server in pair)
    assert set(ballots_on) == stack.servers, ballots_on

    closed = team.post(f"{stack.decision}/close", {})
    assert closed.status_code == 302, closed.text[:500]
    with stack.app.app_context():
        from assembly.decisions.models import Ballot, Decision, DecisionOutcome
        from assembly.extensions import db

        decision = db.session.get(Decision, stack.decision_id)
        cast = db.session.scalars(db.select(Ballot.choice).filter_by(decision_id=decision.id))
        assert Counter(cast) == {"yes": YES, "no": PHONES - YES}  # each phone once
        assert decision.outcome == DecisionOutcome.ADOPTED
        db.session.remove()
    pages = [phone.get(phone_page).text for phone in phones[:2]]
    assert {phones[0].served[-1], phones[1].served[-1]} == stack.servers
    assert all('class="outcome outcome-adopted"' in page for page in pages)


def test_the_rate_limit_holds_across_both_servers_whatever_a_client_forwards(stack):
    """Wrong codes count once for both servers, from the address nginx saw: a client that
    makes up X-Forwarded-For each time is still one address."""
    robots = [
        Browser(stack, **{"X-Forwarded-For": f"203.0.113.{n + 1}"}).csrf()
        for n in range(2 * WRONG_CODES)
    ]
    answers = []
    for robot in robots:  # one after the other: each server gets every other one
        response = robot.post("/j", {"code": "ZZZZZ", "name": "Robot"})
        answers.append((response.status_code, robot.served[-1]))
    statuses = [status for status, _ in answers]
    assert statuses == [400] * WRONG_CODES + [429] * WRONG_CODES, answers
    assert {server for _, server in answers[:WRONG_CODES]} == stack.servers
    assert {server for _, server in answers[WRONG_CODES:]} == stack.servers


def test_nginx_serves_fingerprinted_static_files_compressed_for_a_year(stack):
    page = Browser(stack).get("/j", **{"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    style = re.search(r'href="(/static/style\.css\?v=[^"]+)"', page.text).group(1)
    response = requests.get(stack.base + style, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert response.status_code == 200 and "X-Upstream" not in response.headers  # nginx alone
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    bare = requests.get(stack.base + "/static/style.css", timeout=30)
    assert bare.headers["Cache-Control"] == "no-cache"


class SlowSmtpServer(SmtpServer):
    """An SMTP server that takes 10 ms per e-mail, so that the two senders overlap."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def test_two_senders_send_each_queued_message_once(stack):
    from assembly.clock import utcnow
    from assembly.extensions import db
    from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus

    now = utcnow()
    with stack.app.app_context():
        db.session.add_all(
            Message(
                kind=MessageKind.CALL_TO_ACTION,
                channel=MessageChannel.EMAIL,
                address=f"voisine{n}@example.org",
                language="fr",
                subject=f"Message {n}",
                body=f"Bonjour {n}",
                dedup_key=f"servers:{n}",
                status=MessageStatus.QUEUED,
                send_after=now - timedelta(minutes=1),
                send_before=now + timedelta(days=1),
            )
            for n in range(MAILS)
        )
        db.session.commit()
        db.session.remove()
    with SlowSmtpServer() as smtp:
        env = {
            **stack.env,
            "ASSEMBLY_MAIL_SERVER": "127.0.0.1",
            "ASSEMBLY_MAIL_PORT": str(smtp.port),
            "ASSEMBLY_MAIL_SECURITY": "none",
            "ASSEMBLY_MAIL_FROM": "assemblee@example.org",
        }
        command = [sys.executable, "-m", "assembly", "send"]
        senders = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _ in range(2)
        ]
        outputs = [sender.communicate(timeout=WAIT)[0].decode() for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], outputs
    sent = [int(m.group(1)) if (m := re.search(r"sent: (\d+)", out)) else 0 for out in outputs]
    assert sum(sent) == MAILS and min(sent) > 0, outputs  # both sent; together, each once
    subjects = Counter(mail["Subject"] for mail in smtp.received)
    assert len(subjects) == MAILS and set(subjects.values()) == {1}
    with stack.app.app_context():
        kinds = db.select(Message.status).filter_by(kind=MessageKind.CALL_TO_ACTION)
        assert Counter(db.session.scalars(kinds)) == {MessageStatus.SENT: MAILS}
        db.session.remove()

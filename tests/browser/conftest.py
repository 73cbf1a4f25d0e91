"""Browser fixtures: the demo site served on a free port, and one headless Chromium.

The server runs the real app (CSP, CSRF, rate limits) on its own SQLite file with
the demo data, in a thread of this process. Chromium is Debian's: Playwright's own
download is never used, so these tests run offline.
"""

import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from assembly import create_app
from assembly.demo import DEMO_PASSWORD, load_demo
from assembly.extensions import db
from tests.helpers import app_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """Serve the demo site on 127.0.0.1 and a free port; yield its app and base URL.

    Tests that need records the demo lacks add them through `live_site.app` (in an
    app context): the server thread sees them at its next request.
    """
    with serve_demo(tmp_path_factory.mktemp("live")) as site:
        yield site


@contextmanager
def serve_demo(tmp: Path):
    """A fresh demo site in a thread, its files in `tmp`: `.app` and `.url`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp / "instance"))
        # Always a private SQLite file, even when the rest of the suite runs on PostgreSQL.
        app = create_app(app_settings(tmp, DATABASE_URL=f"sqlite:///{tmp / 'live.sqlite3'}"))
        with app.app_context():
            db.create_all()
            load_demo()
            db.session.remove()
        with serve(app) as url:
            yield SimpleNamespace(app=app, url=url)
        with app.app_context():
            db.engine.dispose()


@contextmanager
def serve(app):
    """Serve `app` in a thread on 127.0.0.1 and a free port; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(live_site):
    """The demo site's base URL."""
    return live_site.url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session; fails (never skips) without it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(`make system-test-deps` or `apt-get install chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def signed_in_state(browser, live_server):
    """Cookies of a demo account signed in through the login form, one login per account.

    `signed_in_state("admin")` returns a Playwright storage state for `new_page(user=...)`;
    reusing it keeps the suite fast and under the login rate limit.
    """
    return signed_in_states(browser, live_server)


def signed_in_states(browser, url: str):
    """`get(username)`: the storage state of the account signed in on the site at `url`."""
    states = {}

    def get(username):
        if username not in states:
            context = browser.new_context(base_url=url, locale="fr-FR")
            try:
                sign_in(context.new_page(), username)
                states[username] = context.storage_state()
            finally:
                context.close()
        return states[username]

    return get


@pytest.fixture(scope="session")
def live_meeting(live_site):
    """Add a live meeting, with one agenda item, to the live server's demo database.

    `live_meeting(code, title=…, item=…)` returns its id; each test uses its own code.
    """
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.meetings.models import AgendaItem, Meeting, State

    def make(code: str, title="Assemblée du jeudi", item="Le chauffage") -> int:
        with live_site.app.app_context():
            group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
            meeting = Meeting(
                group_id=group.id,
                title=title,
                starts_at=datetime(2026, 4, 2, 17),
                state=State.LIVE,
                join_code=code,
            )
            meeting.items = [AgendaItem(title=item, position=1, timebox_minutes=20)]
            db.session.add(meeting)
            db.session.commit()
            return meeting.id

    return make


@pytest.fixture
def new_page(browser, live_server, signed_in_state):
    """Open pages in fresh browser contexts (own cookies); all are closed after the test.

    `new_page(width=320, height=640, js=True, bypass_csp=False, user=None, state=None)`
    returns a page of a French-speaking browser whose relative URLs go to the live server;
    `user` signs a demo account in, `state` reuses another context's cookies.
    """
    contexts = []

    def make(width=320, height=640, js=True, bypass_csp=False, user=None, state=None):
        context = browser.new_context(
            base_url=live_server,
            viewport={"width": width, "height": height},
            java_script_enabled=js,
            bypass_csp=bypass_csp,
            locale="fr-FR",
            storage_state=signed_in_state(user) if user else state,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username, password=DEMO_PASSWORD):
    """Fill and send the login form as a person would, and wait for the page that follows."""
    page.goto("/login")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button")


def screenshot(page, name):
    """Save a full-page screenshot in /tmp/shots/ (outside the repository) for a human eye."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def open_ballot(live_site, live_meeting, new_page):
    """`open_ballot(code)`: a live meeting with a yes/no vote on phones, a phone (with
    JavaScript) that joined, then the vote opened; returns the phone and the decision id."""
    from assembly.decisions.models import Decision, Method
    from assembly.decisions.operations import core
    from assembly.groups.models import Group
    from assembly.meetings.models import Meeting
    from tests.browser.test_meetings import sign_in_at_meeting

    def make(code: str, size=None):
        meeting_id = live_meeting(code, item="La fête des voisins")
        with live_site.app.app_context():
            meeting = db.session.get(Meeting, meeting_id)
            meeting.current_item_id = meeting.items[0].id
            db.session.commit()
            group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
            decision_id = core.create_decision(
                group,
                question="Fait-on la fête des voisins le 5 juin ?",
                method=Method.BALLOT,
                by=None,
                item=meeting.items[0],
            ).id
        phone = new_page(**(size or {"width": 1024, "height": 768}))
        sign_in_at_meeting(phone, code, "Bintou")
        with live_site.app.app_context():
            core.open_decision(db.session.get(Decision, decision_id))
        return phone, decision_id

    return make


@pytest.fixture
def speaking_room(live_site, live_meeting):
    """`speaking_room(code, *names)`: a live meeting where each name asked to speak, in
    that order; returns its id, the turns' ids and `ask(name)`, to add someone later
    (it returns the new turn's id)."""
    from assembly.meetings.models import Meeting, TurnKind
    from assembly.meetings.operations import live as ops

    def make(code: str, *names: str):
        meeting_id = live_meeting(code)

        def ask(name: str) -> int:
            with live_site.app.app_context():
                meeting = db.session.get(Meeting, meeting_id)
                attendance = ops.sign_in(meeting, name, source="paper")
                return ops.ask_to_speak(meeting, attendance, TurnKind.NORMAL).id

        turns = [ask(name) for name in names]
        return meeting_id, turns, ask

    return make

"""Helpers the tests share: a CSRF token as a browser gets it, signed-in clients."""

import os
import re

from assembly.web.network import LOOPBACK

PASSWORD = "un mot de passe solide"
ROLES = ("member", "facilitator", "organizer", "admin")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The PostgreSQL database the run was given; each pytest-xdist worker (gw0, gw1…)
# works in a database of its own next to it, made by create_worker_database().
SHARED_DATABASE_URL = os.environ.get("ASSEMBLY_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
TEST_DATABASE_URL = (
    f"{SHARED_DATABASE_URL}_{WORKER}" if SHARED_DATABASE_URL and WORKER else SHARED_DATABASE_URL
)


def app_settings(tmp_path, **overrides) -> dict:
    """Settings for a test app: its own database, cheap hashing, real CSRF and limits."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 256,
        # The test client's host, the browser tests' server, and a public-looking name.
        "TRUSTED_HOSTS": [*LOOPBACK, ".example.org"],
        # `assembly send` in a test must not lower the priority of the test process.
        "SENDER_NICENESS": 0,
    }
    config.update(overrides)
    return config


def create_worker_database() -> None:
    """Make this xdist worker's own PostgreSQL database (a fresh one) next to the shared one."""
    if TEST_DATABASE_URL != SHARED_DATABASE_URL:
        _on_shared_database(f'DROP DATABASE IF EXISTS "{_worker_database()}"')
        _on_shared_database(f'CREATE DATABASE "{_worker_database()}"')


def drop_worker_database() -> None:
    """Remove this worker's database at the end of the run."""
    if TEST_DATABASE_URL != SHARED_DATABASE_URL:
        _on_shared_database(f'DROP DATABASE IF EXISTS "{_worker_database()}" WITH (FORCE)')


def _worker_database() -> str:
    return TEST_DATABASE_URL.rsplit("/", 1)[1]


def _on_shared_database(statement: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(SHARED_DATABASE_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text(statement))
    finally:
        engine.dispose()


def csrf_token(client, url="/data") -> str:
    """A CSRF token for this client's session, read from a page as a browser would.

    A visitor without a session finds none on a reading page such as /data (its forms
    print one only once a session is open): the sign-in form's is hers then.
    """
    match = CSRF_RE.search(client.get(url).get_data(as_text=True))
    if match is None and url == "/data":
        match = CSRF_RE.search(client.get("/login").get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def another_tab(app, browser):
    """A new test client carrying `browser`'s cookies: the same browser, in another tab."""
    client = app.test_client()
    for cookie in browser._cookies.values():
        client.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return client


class Auth:
    """Sign a test client in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, username, password=PASSWORD):
        token = csrf_token(self.client, "/login")
        return self.client.post(
            "/login", data={"login": username, "password": password, "csrf_token": token}
        )

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client)})


def post(client, url, data=None, **kwargs):
    """POST a form with this client's CSRF token, as the page's own form would."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data, **kwargs)


def person_seen(person):
    """A person of the contact book and their consents as plain values, to compare after
    the session closes (call it inside an app context); None stays None."""
    from types import SimpleNamespace

    if person is None:
        return None
    return SimpleNamespace(
        id=person.id,
        name=person.name,
        phone=person.phone,
        email=person.email,
        building=person.building,
        floor=person.floor,
        user_id=person.user_id,
        consents=[
            SimpleNamespace(
                purpose=c.purpose,
                source=c.source,
                wording=c.wording,
                version=c.version,
                given_at=c.given_at,
                expires_at=c.expires_at,
                recorded_by_id=c.recorded_by_id,
                withdrawn_at=c.withdrawn_at,
            )
            for c in person.consents
        ],
    )


def live_meeting_on(group, *, title, item, code, starts_at, **item_fields):
    """A live meeting of `group` on its one agenda item, that item current (call it in an
    app context): returns (meeting, item)."""
    from assembly.extensions import db
    from assembly.meetings.models import AgendaItem, Meeting, State

    meeting = Meeting(
        group_id=group.id, title=title, starts_at=starts_at, state=State.LIVE, join_code=code
    )
    current = AgendaItem(title=item, position=1, **item_fields)
    meeting.items = [current]
    db.session.add(meeting)
    db.session.flush()
    meeting.current_item_id = current.id
    db.session.commit()
    return meeting, current

"""Helpers the tests share: a CSRF token as a browser gets it, signed-in clients."""

import os
import re

PASSWORD = "un mot de passe solide"
ROLES = ("member", "facilitator", "organizer", "admin")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEST_DATABASE_URL = os.environ.get("ASSEMBLY_TEST_DATABASE_URL")


def app_settings(tmp_path, **overrides) -> dict:
    """Settings for a test app: its own database, cheap hashing, real CSRF and limits."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 256,
    }
    config.update(overrides)
    return config


def csrf_token(client, url="/data") -> str:
    """A CSRF token for this client's session, read from a page as a browser would."""
    match = CSRF_RE.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


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

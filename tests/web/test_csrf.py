"""Every POST route refuses a request without a valid CSRF token, htmx included."""

import pytest

from assembly.extensions import db
from assembly.trace.models import Event
from tests.test_access_matrix import FORM_DATA, MATRIX, build_url

# Routes whose proof is a signature, not a form token: the way out of messages (mail
# programs' one-click button posts no token, RFC 8058; the signed link is the proof) and
# the gateway phone's webhook (the call is signed; tests/messages/test_gateway.py).
SIGNED_INSTEAD = {"messages.unsubscribe", "messages.gateway_webhook"}
# The language switcher, on every page: a visitor without a session has no token, and
# her browser's word that the post comes from our page is the proof then; a post with
# neither is refused as any other (the test below).
TOKEN_OR_OUR_PAGE = {"auth.language"}
POSTS = sorted(
    endpoint for endpoint, method in MATRIX if method == "POST" and endpoint not in SIGNED_INSTEAD
)


def test_only_signed_routes_go_without_a_token(app):
    from assembly.extensions import csrf

    exempt = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if f"{view.__module__}.{view.__name__}" in csrf._exempt_views
    }
    assert exempt == SIGNED_INSTEAD | TOKEN_OR_OUR_PAGE


@pytest.mark.parametrize("endpoint", POSTS)
def test_post_without_token_is_refused_and_changes_nothing(app, client, auth, world, endpoint):
    auth.login("root")  # an instance admin: allowed everywhere, so only CSRF can stop it
    url = build_url(app, endpoint, world.args)
    with app.app_context():
        events_before = db.session.scalar(db.select(db.func.count()).select_from(Event))
    for headers in ({}, {"HX-Request": "true", "X-CSRFToken": "forged"}):
        response = client.post(url, data=FORM_DATA.get(endpoint, {}), headers=headers)
        assert response.status_code == 400
        assert "Le formulaire est trop ancien" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == events_before
    assert client.get("/account").status_code == 200  # still signed in: logout was refused too


def test_htmx_header_token_is_accepted(app, client, auth, group):
    from tests.helpers import csrf_token

    auth.login("admin")
    token = csrf_token(client)
    url = f"/g/glycines/members/{group.memberships['member']}/role"
    response = client.post(
        url, data={"role": "organizer"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, 302),
        ({"Origin": "http://localhost"}, 302),
        ({"Referer": "http://localhost/g/glycines/"}, 302),
        ({"Sec-Fetch-Site": "cross-site", "Referer": "http://localhost/"}, 400),
        ({"Sec-Fetch-Site": "same-site"}, 400),
        ({"Origin": "https://evil.example"}, 400),
        ({"Origin": "null"}, 400),
        ({"Referer": "https://evil.example/localhost"}, 400),
        ({}, 400),
    ],
)
def test_language_without_a_token_only_from_our_pages(client, headers, status):
    """A visitor's switcher posts no token (no session to keep it): her browser's word
    that the post comes from one of our pages stands for it, nothing else does."""
    response = client.post("/language", data={"lang": "en", "next": "/data"}, headers=headers)
    assert response.status_code == status
    assert ("lang=en" in response.headers.get("Set-Cookie", "")) == (status == 302)

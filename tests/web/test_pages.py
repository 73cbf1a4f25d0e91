"""Every page, as every visitor: small, French-first, self-contained and well guarded."""

import gzip
import re

import pytest

from tests.helpers import post
from tests.test_access_matrix import MATRIX, VISITORS, build_url, url_args

BUDGET = 14 * 1024  # bytes of compressed HTML: one round trip on a slow link
NOT_HTML = {"static", "web.healthz", "needs.export_csv", "needs.poster_qr"}
NOT_HTML |= {"meetings.calendar", "meetings.meeting_calendar"}  # iCalendar files
NOT_HTML |= {"decisions.export_csv"}  # the register as CSV
NOT_HTML |= {"minutes.odt", "campaigns.demand_odt"}  # OpenDocument files
NOT_HTML |= {"people.export_csv"}  # the contact book as CSV
NOT_HTML |= {"insights.data_zip"}  # the open data: CSV files and their datapackage.json

NOT_HTML |= {"insights.bilan_odt"}  # the bilan as an OpenDocument file
NOT_HTML |= {"consultations.odt", "consultations.contributions_csv"}  # the document, the CSV
PAGES = sorted(
    endpoint for endpoint, method in MATRIX if method == "GET" and endpoint not in NOT_HTML
)
FOREIGN = re.compile(r"""(?:src|href|action|content)=["'](?:https?:)?//""", re.I)


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_is_small_french_self_contained_and_guarded(
    app, client, auth, group, people, visitor
):
    if visitor != "anonymous":
        auth.login(people[visitor].username)
    args = url_args(app, group, people)
    seen = 0
    for endpoint in PAGES:
        if visitor not in MATRIX[(endpoint, "GET")]:
            continue
        url = build_url(app, endpoint, args)
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data()
        assert len(gzip.compress(html, 6)) <= BUDGET, f"{url} weighs too much"
        text = html.decode()
        assert re.search(r'<html lang="(fr|en|es|ar)" dir="(ltr|rtl)">', text), url
        assert not FOREIGN.search(text), f"{url} loads from another host"
        assert "style=" not in text, f"{url} has an inline style attribute"
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), f"{url} has an inline script"
        assert_security_headers(response.headers)
        seen += 1
    assert seen >= 4


def assert_security_headers(headers):
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert (
        "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    )
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_french_is_the_default_language(client):
    assert '<html lang="fr" dir="ltr">' in client.get("/login").get_data(as_text=True)


def test_browser_language_is_used_among_the_shipped_ones(client):
    english = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.8"})
    assert '<html lang="en" dir="ltr">' in english.get_data(as_text=True)
    german = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="fr" dir="ltr">' in german.get_data(as_text=True)


def test_switcher_cookie_beats_the_browser_and_the_account_beats_both(app, client, auth, make_user):
    english_browser = {"Accept-Language": "en"}
    response = post(client, "/language", {"lang": "fr", "next": "/data"})
    assert response.headers["Location"] == "/data"
    assert '<html lang="fr" dir="ltr">' in client.get("/data", headers=english_browser).get_data(
        as_text=True
    )
    make_user("fatou", locale="en")
    auth.login("fatou")
    assert '<html lang="en" dir="ltr">' in client.get("/data").get_data(as_text=True)


def test_switching_language_while_signed_in_saves_it_on_the_account(app, client, auth, make_user):
    make_user("fatou", locale="fr")
    auth.login("fatou")
    post(client, "/language", {"lang": "en", "next": "/account"})
    fresh = app.test_client()
    from tests.helpers import Auth

    Auth(fresh).login("fatou")
    assert '<html lang="en" dir="ltr">' in fresh.get("/account").get_data(as_text=True)


def test_switcher_ignores_unknown_languages_and_foreign_next(client):
    response = post(client, "/language", {"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert client.get_cookie("lang") is None


def test_dates_are_formatted_by_babel_in_french(app):
    from datetime import datetime

    from flask_babel import format_date

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert format_date(datetime(2017, 10, 16), "long") == "16 octobre 2017"


def htmx_page(client, auth) -> str:
    """A page that uses htmx (the members' roles change in place), so loads it."""
    auth.login("admin")
    return client.get("/g/glycines/members").get_data(as_text=True)


def test_static_files_are_fingerprinted_and_cached_for_a_year(client, auth, group):
    page = htmx_page(client, auth)
    css = re.search(r'href="(/static/style\.css\?v=[0-9a-f]{10})"', page).group(1)
    js = re.search(r'src="(/static/vendor/htmx\.min\.js\?v=[0-9a-f]{10})" defer', page).group(1)
    for url in (css, js):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable
        response.close()
    stale = client.get("/static/style.css?v=0000000000")
    assert stale.cache_control.max_age != 365 * 24 * 3600
    stale.close()


def test_htmx_is_configured_for_a_strict_csp(client, auth, group):
    page = htmx_page(client, auth)
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1)
    import json

    assert json.loads(config) == {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
        "selfRequestsOnly": True,
        "historyCacheSize": 0,
        # a form that fails comes back 400 with its errors: htmx swaps it in too
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "400", "swap": True, "error": False},
            {"code": "...", "swap": False, "error": True},
        ],
    }
    assert 'hx-headers=\'{"X-CSRFToken": "' in page


@pytest.mark.parametrize(
    ("url", "code", "french"),
    [("/nowhere", 404, "Page introuvable"), ("/invite/nope", 404, "Page introuvable")],
)
def test_error_pages_are_translated(client, url, code, french):
    response = client.get(url)
    assert response.status_code == code
    assert french in response.get_data(as_text=True)


def test_unexpected_errors_show_a_translated_500(app_factory):
    app = app_factory(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    boom.access = "public"
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Une erreur s’est produite" in response.get_data(as_text=True)


def test_data_page_says_what_is_stored_and_whom_to_ask(app_factory):
    app = app_factory(HOST_CONTACT="hebergeur@exemple.fr")
    page = app.test_client().get("/data").get_data(as_text=True)
    assert "Ce qui est gardé" in page and "hebergeur@exemple.fr" in page


def test_cookies_are_httponly_and_samesite(client):
    post(client, "/language", {"lang": "fr"})
    cookie = client.get_cookie("assembly_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert client.get_cookie("lang").http_only


def test_cookies_are_secure_and_hsts_sent_over_https(app_factory):
    app = app_factory(HTTPS=True)
    client = app.test_client()
    response = client.get("/login", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_htmx_attributes_are_valid_html_data_attributes():
    """htmx reads `data-hx-*` as well as `hx-*`; only the first is valid HTML."""
    from assembly.paths import TEMPLATES

    bare = re.compile(r"(?<![\w-])hx-[a-z-]+=")
    found = {
        str(path.relative_to(TEMPLATES)): bare.findall(path.read_text())
        for path in TEMPLATES.rglob("*.html")
    }
    assert not {name: hits for name, hits in found.items() if hits}


def test_every_shipped_language_is_offered_on_every_page_and_arabic_reads_right_to_left(
    app, client, auth, make_user
):
    page = client.get("/login").get_data(as_text=True)
    for code, name in (("fr", "Français"), ("en", "English"), ("es", "Español"), ("ar", "العربية")):
        assert f'<button name="lang" value="{code}" lang="{code}"' in page and name in page
    post(client, "/language", {"lang": "ar", "next": "/login"})
    arabic = client.get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic and "تسجيل الدخول" in arabic
    post(client, "/language", {"lang": "es", "next": "/login"})
    assert '<html lang="es" dir="ltr">' in client.get("/login").get_data(as_text=True)

    make_user("fatou", locale="fr")
    auth.login("fatou")
    account = client.get("/account").get_data(as_text=True)
    assert '<option value="ar">العربية</option>' in account
    assert '<option value="es">Español</option>' in account

"""A resident's first visit on a slow phone: few bytes, no cookie for reading, htmx only
where a page uses it (assembly/web/cookies.py, assets.py, templates/base.html)."""

import gzip
import re

import pytest

from tests.crawl import DEMO_CRAWL, PEOPLE, demo_client

pytestmark = pytest.mark.xdist_group(DEMO_CRAWL)

FIRST_VISIT_BUDGET = 12 * 1024  # HTML, CSS and scripts, compressed: one round trip
LOADS_HTMX = re.compile(r'<script src="/static/vendor/htmx\.min\.js\?v=')
# What a page does with htmx; the layout's own attributes (its CSRF header for htmx,
# `data-hx-history="false"` on pages with personal data) only matter where htmx runs.
USES_HTMX = re.compile(r"\sdata-hx-(?!headers=|history=)[a-z-]+=")
SUBRESOURCE = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


@pytest.mark.parametrize("person", PEOPLE)
def test_htmx_is_loaded_by_the_pages_that_use_it_and_no_other(demo_site, person):
    pages = [page for page in demo_site.crawl(person).values() if page.html]
    using = [page.path for page in pages if USES_HTMX.search(page.html)]
    for page in pages:
        uses = bool(USES_HTMX.search(page.html))
        assert bool(LOADS_HTMX.search(page.html)) == uses, (page.path, uses)
    assert using and len(using) < len(pages) / 2, "the crawl should see both kinds"


def test_a_visitor_gets_a_cookie_only_where_a_form_needs_one(app, demo_site):
    """Each page opened afresh, as a first visit: a reading page sends no cookie and no
    `Vary: Cookie` (any cache may share it); a page with a form sends its session."""
    pages = [page for page in demo_site.crawl(None).values() if page.html]
    cookieless = 0
    for page in pages:
        response = demo_client(app, None).get(page.path)
        html = response.get_data(as_text=True)
        has_form_token = 'name="csrf_token"' in html
        cookie = response.headers.get("Set-Cookie", "")
        assert ("assembly_session=" in cookie) == has_form_token, page.path
        if not has_form_token:
            assert "Cookie" not in response.headers.get("Vary", ""), page.path
            cookieless += 1
    assert cookieless >= len(pages) / 3, "most of what a visitor reads needs no cookie"


def test_a_visitor_switches_language_from_a_reading_page(app, demo_site):
    """The switcher on a page without a session posts without a token; it still works."""
    visitor = demo_client(app, None)
    page = visitor.get("/g/glycines/needs").get_data(as_text=True)
    assert 'action="/language"' in page and 'name="csrf_token"' not in page
    response = visitor.post(
        "/language",
        data={"lang": "es", "next": "/g/glycines/needs"},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 302
    assert 'lang="es"' in visitor.get("/g/glycines/needs").get_data(as_text=True)


def first_visit_bytes(app, path: str) -> int:
    """Bytes a first visit of `path` moves, compressed as the app sends them (gzip)."""
    client = demo_client(app, None)
    gz = {"Accept-Encoding": "gzip"}
    response = client.get(path, headers=gz)
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    total = len(response.data)
    for url in SUBRESOURCE.findall(gzip.decompress(response.data).decode()):
        sub = client.get(url.replace("&amp;", "&"), headers=gz)
        assert sub.status_code == 200, url
        total += len(sub.data)
        sub.close()
    return total


@pytest.mark.parametrize("path", ["/j", "/g/glycines/", "/g/glycines/needs/new"])
def test_the_pages_people_arrive_at_fit_in_one_round_trip(app, demo_site, path):
    assert first_visit_bytes(app, path) <= FIRST_VISIT_BUDGET


def test_a_page_with_a_linked_stylesheet_counts_it(app, demo_site):
    """The count above sees a linked stylesheet (the needs list links it): 9 KB and more."""
    assert first_visit_bytes(app, "/g/glycines/needs") > 9 * 1024


def test_the_inlined_stylesheet_keeps_its_strings_and_drops_comments():
    from assembly.web.assets import compact_css

    css = 'a::after { content: " ( , ; ) " ; }  /* why */\nb ,\n i { margin : 0 }'
    assert compact_css(css) == 'a::after{content: " ( , ; ) ";}b,i{margin : 0}'


def test_small_answers_go_uncompressed(client):
    """Under 500 bytes, compressing costs more than it saves: the health check as it is."""
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_a_form_that_fails_comes_back_compressed(client, group):
    """The need form sent empty: 400, the page with its errors, compressed all the same."""
    from tests.helpers import csrf_token

    token = csrf_token(client, "/g/glycines/needs/new")
    response = client.post(
        "/g/glycines/needs/new",
        data={"csrf_token": token, "title": ""},
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.status_code == 400, response.status_code
    assert response.headers.get("Content-Encoding") == "gzip", response.headers
    assert 'name="title"' in gzip.decompress(response.data).decode()

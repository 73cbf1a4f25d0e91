"""Every page is reachable by links, for every role allowed to open it.

A crawler starts at `/` as each demo person (and as an anonymous visitor), follows
every link of the site, and records the routes it reached. Then every GET route of
`app.url_map` is opened directly with the demo's records: a page the person may open
(200) that the crawl never reached is a page nobody can find. The crawl is shared with
test_valid_html.py (see conftest.py).
"""

import itertools

import pytest

from tests.crawl import DEMO_CRAWL, PEOPLE, demo_client

pytestmark = pytest.mark.xdist_group(DEMO_CRAWL)

# Reached from outside the site by design, never by a link inside it.
ENTRY_POINTS = {
    "static": "files",
    "web.healthz": "for the host's monitoring",
    "meetings.join_code": "the QR code on the projector and the sign-in sheet",
    "needs.short": "the short address printed on the poster",
    "needs.poster_qr": "the QR code image inside the poster",
    "groups.join": "the invite link, handed over or sent",
    "needs.receipt": "the page after voicing a need: its number, to write down",
    "campaigns.signed": "the receipt after signing a petition",
}


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_a_person_may_open_is_reached_by_links(app, demo_site, person):
    values = demo_site.values
    client = demo_client(app, person)
    reached = {page.endpoint for page in demo_site.crawl(person).values()} - {""}

    unreachable, no_value = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in reached | ENTRY_POINTS.keys():
                continue
            if missing := rule.arguments - values.keys():
                no_value.append(f"{rule.rule} (add a value for {', '.join(sorted(missing))})")
                continue
            names = sorted(rule.arguments)
            for combination in itertools.product(*(values[name] for name in names)):
                url = url_for(rule.endpoint, **dict(zip(names, combination, strict=True)))
                if client.get(url).status_code == 200:
                    unreachable.append(f"{rule.endpoint} {url}")
                    break
    assert no_value == []
    who = person or "anonymous"
    assert unreachable == [], f"{who} may open these, but no link leads there: {unreachable}"


def test_the_crawl_follows_links_and_sees_what_it_reached(demo_site):
    """The crawler itself: it finds pages through links only, and records them."""
    reached = {page.endpoint for page in demo_site.crawl(None).values()}
    assert {"groups.home", "needs.index", "needs.show", "meetings.join"} <= reached
    assert "needs.export_csv" not in reached  # members only: not for an anonymous visitor

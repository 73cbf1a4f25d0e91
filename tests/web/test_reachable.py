"""Every page is reachable by links, for every role allowed to open it.

A crawler starts at `/` as each demo person (and as an anonymous visitor), follows
every link of the site, and records the routes it reached. Then every other GET route of
`app.url_map` is opened directly: a page the person may open (200) that her crawl never
reached is a page she cannot find. It is opened at the addresses the other persons'
crawls reached (records that belong together: a paragraph of its own text), or, for a
route no crawl reached, with every combination of the demo's records. The crawls are
shared with test_valid_html.py (see tests/conftest.py).
"""

import itertools
from collections import defaultdict

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
    elsewhere = defaultdict(list)  # endpoint: the paths the other persons reached
    for other in PEOPLE:
        for path, page in demo_site.crawl(other).items():
            if page.endpoint and page.endpoint not in reached:
                elsewhere[page.endpoint].append(path)

    unreachable, no_value = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in reached | ENTRY_POINTS.keys():
                continue
            urls = elsewhere.get(rule.endpoint)
            if urls is None:
                if missing := rule.arguments - values.keys():
                    no_value.append(f"{rule.rule} (add a value for {', '.join(sorted(missing))})")
                    continue
                names = sorted(rule.arguments)
                urls = (
                    url_for(rule.endpoint, **dict(zip(names, combination, strict=True)))
                    for combination in itertools.product(*(values[name] for name in names))
                )
            for url in urls:
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

"""Every page runs as many SQL statements with four times the rows: no N+1 anywhere.

A page that loads each row's person, count or options with a statement of its own
looks fine on the demo and runs thousands on a real group's members, meeting or
canvass. The crawl of the demo (tests/conftest.py, shared with the reachability
test) counts the statements of every page it opens; this test then copies the demo's
people and everything they did three times over (tests/multiplied.py: four times the
members, needs, supports, attendances, turns, ballots, visits, signatures…, on the same
meetings, decisions and campaigns) and opens again, as the same person, the page of
each endpoint that ran the most statements: it must run as many, give or take SLACK.
A page that keeps figures it computed (the report, its words) computes them again the
first time after the copies: a page over the count is opened a second time.
"""

import pytest

from tests.crawl import DEMO_CRAWL, PEOPLE, counting_statements, demo_client
from tests.multiplied import multiply

pytestmark = pytest.mark.xdist_group(DEMO_CRAWL)

COPIES = 3  # every listed row four times over: an N+1 shows as dozens of statements more
# A few forms (a campaign's, a decision's, the themes) run one statement more when opened
# again on their own than when the crawl reached them, at any size: a constant, never one
# per row. (Batches of 500, as `selectinload` reads them, do not show at this scale:
# bench/queries_per_page.py copies up to 100 times more.)
SLACK = 1


def busiest_pages(pages: dict) -> list:
    """For each endpoint of a crawl, the page that ran the most statements."""
    busiest = {}
    for page in pages.values():
        if page.endpoint not in ("", "static") and page.statements >= getattr(
            busiest.get(page.endpoint), "statements", -1
        ):
            busiest[page.endpoint] = page
    return sorted(busiest.values())


def opened(client, path: str, ran: list) -> tuple[int, object]:
    """Open `path`: the statements it ran, and the response."""
    before = len(ran)
    response = client.get(path, follow_redirects=True)
    return len(ran) - before, response


def test_no_page_runs_more_statements_with_more_rows(app, demo_site):
    chosen = {person: busiest_pages(demo_site.crawl(person)) for person in PEOPLE}
    with app.app_context():
        multiply(COPIES)

    grown = []
    for person, pages in chosen.items():
        client = demo_client(app, person)
        with counting_statements(app) as ran:
            for page in pages:
                statements, response = opened(client, page.path, ran)
                if statements > page.statements + SLACK:  # figures kept, now out of date?
                    statements, response = opened(client, page.path, ran)
                if response.status_code != 200 or statements > page.statements + SLACK:
                    grown.append(
                        f"{page.endpoint} {page.path} as {person or 'a visitor'}: "
                        f"{page.statements} → {statements} statements ({response.status_code})"
                    )
    assert grown == [], "\n".join(grown)

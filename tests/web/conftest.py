"""The demo site and its crawl by links, shared by the tests that read every page.

Crawling the demo as every demo person takes about two minutes of one core: the
reachability test, the valid-HTML test and the scan for controls named by symbols only
read the same crawl, made once per worker. They carry the `xdist_group` DEMO_CRAWL
(tests/crawl.py), so under `pytest -n N` they run on one worker; xdist hands the biggest
groups out first (the browser tests, then this one), so it never trails at the end of a run.
"""

from types import SimpleNamespace

import pytest

from tests.crawl import crawl, demo_client, demo_values


@pytest.fixture(scope="session")
def crawls() -> dict:
    """Each person's crawl, by person (None: a visitor), kept for the worker's session."""
    return {}


@pytest.fixture
def demo_site(app, prepared_db, crawls):
    """The demo loaded (restored from a copy after the first time) and a crawl per person.

    `demo_site.values` are demo_values(); `demo_site.crawl(person)` the pages that person
    reaches by links, in French, crawled once per worker: every test starts on the same
    copy of the demo, so a crawl made in one test holds for the next.
    """

    def load():
        from assembly.demo import load_demo

        with app.app_context():
            load_demo()
            return demo_values(app)

    values = prepared_db().restore_or_build("demo site", load)

    def crawl_as(person):
        if person not in crawls:
            crawls[person] = crawl(demo_client(app, person), app)
        return crawls[person]

    return SimpleNamespace(values=values, crawl=crawl_as)

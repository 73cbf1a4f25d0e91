"""Crawling the demo site by its links, as each demo person: shared by the tests that must
see every page (reachability, valid HTML, accessibility)."""

import re
from collections import deque
from contextlib import contextmanager
from typing import NamedTuple
from urllib.parse import parse_qs, urldefrag, urlsplit

from sqlalchemy import event
from werkzeug.exceptions import HTTPException

from assembly.extensions import db
from tests.helpers import csrf_token

DEMO_PASSWORD = "assemblee-demo"
PEOPLE = (None, "habitante", "animateur", "organisatrice", "admin")
HREF = re.compile(r'href="([^"#]*)')
# The xdist group of the test modules that read the crawl (tests/conftest.py): one
# worker runs them, so the crawl is made once.
DEMO_CRAWL = "demo-crawl"
MOST_PAGES = 1500  # the demo has about 650 (six months of activity); a runaway crawl stops here


class Page(NamedTuple):
    """A page the crawl opened: its endpoint is empty unless it answered 200.

    `statements` counts the SQL statements the request ran (tests/web/test_queries_per_page.py).
    """

    path: str
    endpoint: str
    status: int
    mimetype: str
    html: str
    statements: int = 0


@contextmanager
def counting_statements(app):
    """Count the SQL statements the app's engine runs inside the block: yields a list whose
    length is the count so far (one entry per statement, its text)."""
    with app.app_context():
        engine = db.engine
    ran: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", count)


def demo_values(app) -> dict:
    """A value for every URL variable of a GET page, pointing at demo records."""
    from assembly.auth.models import find_user
    from assembly.campaigns.models import (
        Action,
        Campaign,
        Commitment,
        Demand,
        Exchange,
        Petition,
        Signature,
        Stakeholder,
        Target,
    )
    from assembly.canvassing.models import Canvass
    from assembly.consultations.models import Contribution, Paragraph
    from assembly.decisions.models import Decision
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import create_invite
    from assembly.meetings.models import AgendaItem, Meeting
    from assembly.needs.models import Need, Theme
    from assembly.people.models import Ask, OneToOne, Person

    group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
    invite = create_invite(
        group, role=Role.MEMBER, single_use=False, days=30, by=find_user("admin")
    )
    ids = lambda model: tuple(db.session.scalars(db.select(model.id)))  # noqa: E731
    return {
        "slug": (group.slug,),
        "token": (invite.token,),
        "number": tuple(db.session.scalars(db.select(Need.number))),
        "theme_id": ids(Theme),
        "canvass_id": ids(Canvass),
        "meeting_id": ids(Meeting),
        "item_id": ids(AgendaItem),
        "decision_id": ids(Decision),
        "person_id": ids(Person),  # the erasure page: from the person's page (people/_rights.html)
        "code": tuple(db.session.scalars(db.select(Meeting.join_code))),
        "filename": ("style.css",),
        "one_to_one_id": ids(OneToOne),
        "ask_id": ids(Ask),
        "campaign_id": ids(Campaign),
        "paragraph_id": ids(Paragraph),
        "contribution_id": ids(Contribution),
        "action_id": ids(Action),
        "petition_id": ids(Petition),
        "signature_id": ids(Signature)[:1],
        # campaigns: demands, negotiation and commitments
        "demand_id": ids(Demand),
        "exchange_id": ids(Exchange),
        "commitment_id": ids(Commitment),
        "target_id": ids(Target),
        "stakeholder_id": ids(Stakeholder),
        "term": ("ascenseur",),  # the report's words: linked from the words page
    }


def crawl(client, app) -> dict[str, Page]:
    """Every page reached by following links from `/`, by the path asked for."""
    adapter = app.url_map.bind("localhost")
    seen, queue, pages = {("/", ())}, deque(["/"]), {}
    with counting_statements(app) as ran:
        while queue and len(seen) < MOST_PAGES:
            path = queue.popleft()
            before = len(ran)
            response = client.get(path, follow_redirects=True)
            statements = len(ran) - before
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            status = response.status_code
            endpoint = adapter.match(response.request.path)[0] if status == 200 else ""
            pages[path] = Page(path, endpoint, status, response.mimetype, html, statements)
            queue.extend(links_to_follow(html, adapter, seen, pages))
    return pages


def links_to_follow(html: str, adapter, seen: set, pages: dict) -> list[str]:
    """The page's links to pages of the site not yet seen (marked as seen)."""
    found = []
    for href in HREF.findall(html):
        target = urldefrag(href.replace("&amp;", "&")).url
        parts = urlsplit(target)
        # A page once per set of query names: other values of the same names (a
        # period, a page number, a filter) show the same kinds of links, and the
        # report's links would otherwise multiply past MOST_PAGES.
        shape = (parts.path, tuple(sorted(parse_qs(parts.query, keep_blank_values=True))))
        if parts.netloc or not parts.path.startswith("/") or shape in seen:
            continue
        if parts.path.startswith("/static/"):
            pages.setdefault("/static/", Page("/static/", "static", 200, "text/css", ""))
            continue
        try:
            adapter.match(parts.path)
        except HTTPException:
            continue
        seen.add(shape)
        found.append(target)
    return found


def demo_client(app, person: str | None, language: str = "fr"):
    """A test client speaking `language`, signed in as a demo person (None: a visitor)."""
    client = app.test_client()
    client.set_cookie("lang", language)
    if person:
        token = csrf_token(client, "/login")
        data = {"login": person, "password": DEMO_PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
    return client

"""Every page is reachable by links, for every role allowed to open it.

A crawler starts at `/` as each demo person (and as an anonymous visitor), follows
every link of the site, and records the routes it reached. Then every GET route of
`app.url_map` is opened directly with the demo's records: a page the person may open
(200) that the crawl never reached is a page nobody can find.
"""

import itertools
import re
from collections import deque
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from assembly.extensions import db
from tests.helpers import csrf_token

DEMO_PASSWORD = "assemblee-demo"
PEOPLE = (None, "habitante", "animateur", "organisatrice", "admin")
HREF = re.compile(r'href="([^"#]*)')
MOST_PAGES = 1500  # the demo has about 650 (six months of activity); a runaway crawl stops here

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


def crawl(client, app) -> set[str]:
    """The endpoints reached by following links from `/`."""
    adapter = app.url_map.bind("localhost")
    seen, queue, reached = {("/", ())}, deque(["/"]), set()
    while queue and len(seen) < MOST_PAGES:
        path = queue.popleft()
        response = client.get(path, follow_redirects=True)
        if response.status_code == 200:
            reached.add(adapter.match(response.request.path)[0])
        if response.mimetype != "text/html":
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urldefrag(href.replace("&amp;", "&")).url
            parts = urlsplit(target)
            # A page once per set of query names: other values of the same names (a
            # period, a page number, a filter) show the same kinds of links, and the
            # report's links would otherwise multiply past MOST_PAGES.
            shape = (parts.path, tuple(sorted(parse_qs(parts.query, keep_blank_values=True))))
            if parts.netloc or not parts.path.startswith("/") or shape in seen:
                continue
            if parts.path.startswith("/static/"):
                reached.add("static")
                continue
            try:
                adapter.match(parts.path)
            except HTTPException:
                continue
            seen.add(shape)
            queue.append(target)
    return reached


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_a_person_may_open_is_reached_by_links(app, person):
    from assembly.demo import load_demo

    with app.app_context():
        load_demo()
        values = demo_values(app)
    client = app.test_client()
    client.set_cookie("lang", "fr")
    if person:
        token = csrf_token(client, "/login")
        data = {"login": person, "password": DEMO_PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
    reached = crawl(client, app)

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


def test_the_crawl_follows_links_and_sees_what_it_reached(app):
    """The crawler itself: it finds pages through links only, and records them."""
    from assembly.demo import load_demo

    with app.app_context():
        load_demo()
    reached = crawl(app.test_client(), app)
    assert {"groups.home", "needs.index", "needs.show", "meetings.join"} <= reached
    assert "needs.export_csv" not in reached  # members only: not for an anonymous visitor

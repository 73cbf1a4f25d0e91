"""axe-core finds no accessibility violation on any page of the demo site, in any language.

The pages are those the crawl of `tests/crawl.py` reaches by links as each demo person
(and a visitor) — the crawl the other tests of the whole site read, served from the test's
database for Chromium: for each person, the first page the
crawl reached of each endpoint, and of each other set of query names (a period, a page
number, a filter: they may show other parts of a template). Pages that are not HTML are
left to other tests; a redirect counts as the page it leads to; the error page counts once.

- **In French, every page of every person**, on a feature phone's screen (240×320), where
  no page may scroll sideways either (reported as `reflow`, WCAG 1.4.10). A page whose
  `<main>` has the same markup (elements and attributes; words and link targets aside) as
  a page of the same endpoint already checked for a person before (visitor, habitante,
  animateur, organisatrice, admin) is checked once: about half of the 460 pages are a team
  member seeing what another one sees. The header and footer, which change with the
  person, are checked on each person's other pages.
- **In every other shipped language, every endpoint once**, on a laptop's screen
  (1280×800): as a visitor where a visitor reaches it (the residents' own view: the need
  form, the receipt, the ballot…), else as the person who reaches the most pages. axe
  reads the markup, and one person's markup differs from a language to another only by
  the `lang` and `dir` attributes and the words: this pass adds the layout right to left,
  the lengths of the words, and the names the translations give to controls.

Each check runs in Chromium signed in as that person and speaking that language, with axe
loaded into every page by an init script (the CSP is bypassed for it alone). The pages of a
failed form and of an invite link, which the crawl cannot reach, have their own tests at
the end. Measured figures: DEVELOPMENT.md, "What `make test` costs".
"""

import hashlib
import re
from collections import deque
from contextlib import contextmanager
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import pytest

from assembly.config import BABEL_DEFAULT_LOCALE, LANGUAGES
from assembly.web import accessibility as statement
from tests.browser.conftest import AXE, serve, signed_in_states
from tests.crawl import DEMO_CRAWL, PEOPLE

# With the tests that read the demo's crawl (tests/conftest.py), not with the other
# browser tests: it reads the same crawl, and under `pytest -n 2` it runs beside them.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(DEMO_CRAWL)]

OTHER_LANGUAGES = [code for code in LANGUAGES if code != BABEL_DEFAULT_LOCALE]
TABS = 3  # pages load and axe runs in several tabs at once (each its own renderer)
START_AXE = """() => {
  const root = document.documentElement;
  window.axeFindings = axe.run(document, {resultTypes: ['violations']})
    .then(results => ({lang: root.lang, violations: results.violations,
                       wider: root.scrollWidth - root.clientWidth}));
}"""
# The French pass runs on a feature phone's screen, the other languages on a laptop's: each
# page is seen at both sizes, and at 240 px nothing may make the page scroll sideways.
PHONE = {"width": statement.AXE_PHONE_WIDTH, "height": 320}
LAPTOP = {"width": 1280, "height": 800}
MOST_SHOWN = 12  # pages described in full for one rule; the others are only counted


class Page(NamedTuple):
    """A page to check: its endpoint, its path, the status it answers with."""

    endpoint: str
    path: str
    status: int = 200


# Reached from outside the site by design (tests/web/test_reachable.py: ENTRY_POINTS), so
# never by the crawl: checked in every language, as a visitor.
ENTRY_PAGES = (
    Page("needs.receipt", "/g/glycines/needs/8/receipt"),  # the page after voicing a need
    Page("needs.show", "/g/glycines/needs/8"),  # waiting for approval: its number and state
    Page("", "/invite/nope", 404),  # an unknown invite link: the error page, once
)


@pytest.fixture
def live_site(app, demo_site):
    """The test's own database, the demo as `assembly demo` made it (tests/conftest.py),
    served for Chromium: the pages of the crawl are its pages. `.crawl(person)`."""
    with serve(app) as url:
        yield SimpleNamespace(app=app, url=url, crawl=demo_site.crawl)


@pytest.fixture
def live_server(live_site):
    return live_site.url


@pytest.fixture
def signed_in_state(browser, live_server):
    return signed_in_states(browser, live_server)


@pytest.fixture
def crawled(live_site):
    """`crawled(person)`: {(endpoint, query names): (path, markup)}: the first HTML page of
    each shape the crawl reached as the person, with the digest of its markup."""
    shapes_of = {}

    def get(person):
        if person not in shapes_of:
            shapes = shapes_of[person] = {}
            for page in live_site.crawl(person).values():
                if page.status == 200 and page.mimetype == "text/html":
                    shape = (page.endpoint, tuple(sorted(parse_qs(urlsplit(page.path).query))))
                    if shape not in shapes:
                        shapes[shape] = (page.path, main_markup(page.html))
        return shapes_of[person]

    return get


class Markup(HTMLParser):
    """The elements and attributes of a piece of HTML, its words and link targets aside."""

    # Values that name a record or a URL, not the shape of the page.
    UNSHAPED = re.compile(r"href|src|action|value|content|data-hx-(get|post|vals|headers)")

    def __init__(self):
        super().__init__()
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        kept = [
            (k, "" if self.UNSHAPED.fullmatch(k) else re.sub(r"\d+", "#", v or ""))
            for k, v in attrs
        ]
        self.tokens.append(f"<{tag} {sorted(kept)}")

    def handle_endtag(self, tag):
        self.tokens.append(f"</{tag}")

    def handle_data(self, data):
        if data.strip() and self.tokens[-1:] != ["text"]:  # words or none: an empty link differs
            self.tokens.append("text")


def main_markup(html: str) -> str:
    """A digest of the markup of the page's `<main>` (of the whole page without one)."""
    main = re.search(r"<main\b.*</main>", html, re.DOTALL)
    parser = Markup()
    parser.feed(main.group(0) if main else html)
    return hashlib.sha256("\n".join(parser.tokens).encode()).hexdigest()


def french_pages(crawled, person) -> list[Page]:
    """The person's pages whose `<main>` markup no person before her in PEOPLE showed on
    the same endpoint."""
    before = PEOPLE[: PEOPLE.index(person)]
    seen = {(shape[0], markup) for who in before for shape, (_, markup) in crawled(who).items()}
    pages = []
    for (endpoint, _), (path, markup) in crawled(person).items():
        if (endpoint, markup) not in seen:
            seen.add((endpoint, markup))
            pages.append(Page(endpoint, path))
    return pages


def one_per_endpoint(crawled) -> dict[str | None, list[Page]]:
    """Every endpoint once, as a visitor where a visitor reaches it, else as the person
    who reaches the most pages: {person: [page…]}."""
    reached = {person: crawled(person) for person in PEOPLE}
    order = [None, *sorted(PEOPLE[1:], key=lambda person: -len(reached[person]))]
    done, chosen = set(), {}
    for person in order:
        for (endpoint, _), (path, _) in reached[person].items():
            if endpoint not in done:
                done.add(endpoint)
                chosen.setdefault(person, []).append(Page(endpoint, path))
    return chosen


def test_every_page_of_the_crawl_passes_axe_in_every_language(crawled, axe_checker):
    """Every page the crawl reaches passes axe in French as each person who reaches it,
    and every endpoint passes it in each other shipped language.

    One test rather than one per person or language: the French pass of a person needs
    the crawls of the persons before her, and the other languages need them all. The
    accessibility statement says what it checks (web/accessibility.py).
    """
    assert tuple(OTHER_LANGUAGES) == statement.OTHER_LANGUAGES_CHECKED
    failures, checked = [], 0
    for person in PEOPLE:
        pages = french_pages(crawled, person) + (list(ENTRY_PAGES) if person is None else [])
        checked += len(pages)
        if findings := axe_checker(person, BABEL_DEFAULT_LOCALE, pages):
            failures.append(report(findings, person, BABEL_DEFAULT_LOCALE, len(pages)))
    assert checked >= statement.AXE_CHECKED_PAGES, f"the statement claims more than {checked}"
    for language in OTHER_LANGUAGES:
        for person, pages in one_per_endpoint(crawled).items():
            pages = pages + (list(ENTRY_PAGES) if person is None else [])
            checked += len(pages)
            if findings := axe_checker(person, language, pages):
                failures.append(report(findings, person, language, len(pages)))
    assert not failures, f"{checked} pages checked in all.\n" + "\n".join(failures)


@pytest.fixture
def axe_checker(browser, live_site, signed_in_state):
    """`axe_checker(person, language, pages)`: [(path, violations)] of the pages that fail.

    One browser context per call, signed in as the person (None: a visitor) and speaking
    the language.
    """

    def check(person, language, pages):
        context = browser.new_context(
            base_url=live_site.url,
            viewport=PHONE if language == BABEL_DEFAULT_LOCALE else LAPTOP,
            bypass_csp=True,  # for axe's script alone: the pages' own CSP stays tested elsewhere
            locale="fr-FR",
            storage_state=signed_in_state(person) if person else None,
        )
        context.add_cookies([{"name": "lang", "value": language, "url": live_site.url}])
        context.add_init_script(path=str(AXE))
        context.set_default_timeout(30_000)
        try:
            with speaking(live_site.app, person, language):
                return run_axe(context, pages, language, printed=in_site_language(live_site.app))
        finally:
            context.close()

    return check


def in_site_language(app) -> set[str]:
    """The endpoints of the pages printed for the whole group: they speak the site's
    language whoever prints them (assembly/web/render.py: `in_site_language`)."""
    return {name for name, view in app.view_functions.items() if hasattr(view, "in_site_language")}


def run_axe(context, pages, language, printed: set[str]) -> list[tuple[str, list[dict]]]:
    """axe on each page, in TABS tabs: while axe runs in some, the next page loads."""
    free = [context.new_page() for _ in range(TABS)]
    running, findings = deque(), []

    def collect():
        tab, path, spoken = running.popleft()
        result = tab.evaluate("window.axeFindings")
        assert result["lang"] == spoken, f"{path} is in {result['lang']!r}, not {spoken!r}"
        violations = result["violations"] + reflow(result["wider"])
        if violations:
            findings.append((path, violations))
        free.append(tab)

    for page in pages:
        if not free:
            collect()
        tab = free.pop()
        response = tab.goto(page.path)
        assert response.status == page.status, f"{page.path} answered {response.status}"
        tab.evaluate(START_AXE)
        spoken = BABEL_DEFAULT_LOCALE if page.endpoint in printed else language
        running.append((tab, page.path, spoken))
    while running:
        collect()
    return findings


def reflow(wider: int) -> list[dict]:
    """A page wider than the screen, as axe would report it (WCAG 1.4.10, Reflow)."""
    if wider <= 0:
        return []
    return [
        {
            "id": "reflow",
            "impact": "serious",
            "help": f"The page is {wider} px wider than the screen: it scrolls sideways",
            "helpUrl": "https://www.w3.org/WAI/WCAG21/Understanding/reflow",
            "nodes": [],
        }
    ]


@contextmanager
def speaking(app, person, language):
    """The account's own language wins over the cookie: set it for the check, then put
    it back (a visitor speaks the cookie's)."""
    if person is None:
        yield
        return
    from assembly.auth.models import find_user
    from assembly.extensions import db

    with app.app_context():
        user = find_user(person)
        kept, user.locale = user.locale, language
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            find_user(person).locale = kept
            db.session.commit()


def report(findings, person, language, checked) -> str:
    """The failing rules, each with the pages and elements it concerns."""
    by_rule = {}
    for path, violations in findings:
        for violation in violations:
            by_rule.setdefault(violation["id"], []).append((path, violation))
    who = person or "a visitor"
    lines = [f"{len(findings)} of {checked} pages fail axe, as {who}, in {language}:"]
    for rule, hits in sorted(by_rule.items()):
        lines.append(f"{rule}: {len(hits)} pages")
        for path, violation in hits[:MOST_SHOWN]:
            lines.append(f"  {path}")
            lines.extend("    " + line for line in describe([violation]).splitlines())
        if len(hits) > MOST_SHOWN:
            lines.append(f"  … and {len(hits) - MOST_SHOWN} more pages")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it stands; the CSP is bypassed only to inject axe."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run().then(results => results.violations)")


def describe(violations: list[dict]) -> str:
    """One line per violation, then the elements it concerns."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.fixture
def axe_page(new_page):
    """A page in a context that lets axe's script in, for a visitor (None) or a demo account."""
    return lambda user=None: new_page(**LAPTOP, bypass_csp=True, user=user)


def test_failed_login_has_no_axe_violations(axe_page):
    """A login with a wrong password shows its errors, and the page still passes axe."""
    page = axe_page()
    page.goto("/login")
    page.fill("input[name=login]", "habitante")
    page.fill("input[name=password]", "not the password")
    with page.expect_navigation():
        page.click("main form button")
    assert page.locator("[role=alert]").is_visible(), "no error summary after a wrong password"
    assert page.locator("#password-error").is_visible()
    violations = axe_violations(page)
    assert not violations, f"/login after a failed sign-in:\n{describe(violations)}"


def test_invite_pages_have_no_axe_violations(axe_page):
    """With an open invite link, the invites list and the join page reached by it pass axe."""
    admin = axe_page("admin")
    admin.goto("/g/glycines/invites")
    with admin.expect_navigation():
        admin.locator("main form.stack button").click()
    link = admin.locator("ul.rows input[readonly]").first.input_value()
    violations = axe_violations(admin)
    assert not violations, f"/g/glycines/invites with a link:\n{describe(violations)}"

    visitor = axe_page()
    assert visitor.goto(link).status == 200
    violations = axe_violations(visitor)
    assert not violations, f"the join page:\n{describe(violations)}"


def test_failed_need_form_has_no_axe_violations(axe_page):
    """A need sent without its title comes back with the error, and the page still passes axe."""
    page = axe_page()
    page.goto("/g/glycines/needs/new")
    page.fill("#body", "Le chauffage est coupé depuis lundi.")
    with page.expect_navigation() as navigation:
        page.locator("main form.stack > button").click()
    assert navigation.value.status == 400
    assert page.locator("[role=alert]").is_visible(), "no error summary after an empty title"
    assert page.locator("#title-error").is_visible()
    violations = axe_violations(page)
    assert not violations, f"the need form after a failed submission:\n{describe(violations)}"


def test_pages_differ_by_their_markup_not_their_words():
    """The French pass checks a page once per markup: words and record links do not make
    a page new, an element, an attribute or a control left without words do."""
    page = '<main id="main"><h1>{}</h1><a href="/needs/{}">{}</a>{}</main><footer>{}</footer>'
    one = main_markup(page.format("Le chauffage", 4, "Voir", "", "Fatou"))
    assert main_markup(page.format("L’ascenseur", 31, "Détails", "", "Samira")) == one
    assert main_markup(page.format("Le chauffage", 4, "", "", "Fatou")) != one
    assert main_markup(page.format("Le chauffage", 4, "Voir", "<p>…</p>", "Fatou")) != one
    assert main_markup(page.format("Le chauffage", 4, "Voir", "", "").replace("h1", "h2")) != one
    assert main_markup(page.replace('id="main"', 'id="main" lang="ar"').format(1, 2, 3, 4, 5)) != (
        main_markup(page.format(1, 2, 3, 4, 5))
    )

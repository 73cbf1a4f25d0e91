"""axe-core finds no accessibility violation on the demo's pages."""

import pytest

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

# (who, path, status): the demo's pages, each as someone who may see it.
PAGES = [
    (None, "/g/glycines/", 200),
    (None, "/login", 200),
    (None, "/data", 200),
    (None, "/invite/nope", 404),  # an unknown invite link: the error page
    ("habitante", "/g/glycines/", 200),
    ("habitante", "/account", 200),
    ("habitante", "/account/password", 200),
    ("admin", "/g/glycines/members", 200),
    ("admin", "/g/glycines/invites", 200),
    ("admin", "/admin/users", 200),
    ("admin", "/admin/groups/new", 200),
    (None, "/g/glycines/needs", 200),
    (None, "/g/glycines/needs/4", 200),
    (None, "/g/glycines/needs/8", 200),  # waiting for approval: its number and state only
    (None, "/g/glycines/needs/new", 200),
    (None, "/g/glycines/needs/8/receipt", 200),
    (None, "/g/glycines/poster", 200),
    ("animateur", "/g/glycines/needs/moderation", 200),
    ("animateur", "/g/glycines/needs/4", 200),  # with the team's forms
    ("organisatrice", "/g/glycines/needs", 200),
]


def test_the_statement_says_how_many_pages_axe_checks_and_in_which_language():
    """The accessibility statement's figure is this sample's (the flows below add none)."""
    from assembly.web import accessibility as statement

    assert len(PAGES) == statement.AXE_CHECKED_PAGES
    assert statement.LANGUAGES_CHECKED == ("fr",)  # the browser below is French


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
    return lambda user=None: new_page(width=1280, height=800, bypass_csp=True, user=user)


@pytest.mark.parametrize(
    ("user", "path", "status"), PAGES, ids=[f"{u or 'anonymous'}:{p}" for u, p, _ in PAGES]
)
def test_page_has_no_axe_violations(axe_page, user, path, status):
    """Each page passes axe's automated checks (WCAG 2.x A and AA rules, best practices)."""
    page = axe_page(user)
    assert page.goto(path).status == status, f"{path} is not the page we meant to check"
    violations = axe_violations(page)
    assert not violations, f"{path} as {user or 'anonymous'}:\n{describe(violations)}"


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

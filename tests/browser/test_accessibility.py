"""axe-core finds no accessibility violation on the demo's pages."""

import pytest

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser

# (who, path): every page a demo visitor reaches, as the one who can see it.
PAGES = [
    (None, "/g/glycines/"),
    (None, "/login"),
    (None, "/data"),
    (None, "/invite/nope"),  # an unknown invite link: the 404 page
    ("habitante", "/g/glycines/"),
    ("habitante", "/account"),
    ("habitante", "/account/password"),
    ("admin", "/g/glycines/members"),
    ("admin", "/g/glycines/invites"),
    ("admin", "/admin/users"),
    ("admin", "/admin/groups/new"),
]


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


@pytest.mark.parametrize(("user", "path"), PAGES, ids=[f"{u or 'anonymous'}:{p}" for u, p in PAGES])
def test_page_has_no_axe_violations(axe_page, user, path):
    """Each page passes axe's automated checks (WCAG 2.x A and AA rules, best practices)."""
    page = axe_page(user)
    page.goto(path)
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

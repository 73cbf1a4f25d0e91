"""htmx loads under the strict CSP and swaps the members list in place."""

import pytest

pytestmark = pytest.mark.browser

# Runs before any page script: records every CSP violation, including those that
# the console might word differently from one Chromium to the next.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def watch_for_errors(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions into the list returned.

    Also starts recording CSP violations, which `csp_violations(page)` reads back.
    """
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location['url']})")

    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return errors


def csp_violations(page) -> list[str]:
    """The CSP violations the page has met so far: directive and blocked URL."""
    return page.evaluate("window.__cspViolations")


def test_htmx_loads_without_errors_or_csp_violations(new_page):
    """The members page (it uses htmx) loads it from our own origin; no console error,
    no CSP violation."""
    page = new_page(user="admin")
    errors = watch_for_errors(page)
    page.goto("/g/glycines/members", wait_until="load")
    assert page.evaluate("typeof htmx") == "object", "htmx did not load"
    assert page.evaluate("htmx.config.allowEval") is False, "the htmx-config meta was not read"
    assert csp_violations(page) == []
    assert errors == []


def test_an_entry_page_paints_with_its_inline_stylesheet_and_no_htmx(new_page):
    """The group home carries its stylesheet itself (allowed by its CSP hash, so styled)
    and loads no htmx, which it does not use."""
    page = new_page()
    errors = watch_for_errors(page)
    page.goto("/g/glycines/", wait_until="load")
    assert page.evaluate("typeof htmx") == "undefined"
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    assert csp_violations(page) == []
    assert errors == []


def test_changing_a_role_swaps_the_members_list_in_place(new_page):
    """An admin changes a role: htmx posts it and replaces #members, with no page load."""
    page = new_page(user="admin")
    errors = watch_for_errors(page)
    page.goto("/g/glycines/members", wait_until="load")
    url = page.url
    page.evaluate("window.__sameDocument = true")  # a full page load would forget this
    row = page.locator("#members li", has_text="Mireille Garnier")
    assert row.locator("select[name=role]").input_value() == "member"

    row.locator("select[name=role]").select_option("facilitator")
    with page.expect_response(lambda r: r.url.endswith("/role")) as answer:
        row.get_by_role("button", name="Changer").click()
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert response.status == 200

    flash = page.locator("#members .flash")
    flash.wait_for()
    assert "Mireille Garnier a maintenant le rôle\u00a0: Animation." in flash.inner_text()
    row = page.locator("#members li", has_text="Mireille Garnier")
    assert row.locator("select[name=role]").input_value() == "facilitator"
    assert page.url == url
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert page.locator("#members").count() == 1, "the list was nested, not replaced"
    assert csp_violations(page) == []
    assert errors == []

    # Put the demo back as it was, for the tests that come after.
    row.locator("select[name=role]").select_option("member")
    with page.expect_response(lambda r: r.url.endswith("/role")):
        row.get_by_role("button", name="Changer").click()
    page.locator("#members .flash", has_text="Membre").wait_for()

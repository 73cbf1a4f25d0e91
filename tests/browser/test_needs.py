"""Needs in a browser: voicing one on a phone without script, "moi aussi" with htmx."""

import re

import pytest

from tests.browser.test_htmx import csp_violations, watch_for_errors
from tests.browser.test_without_javascript import NARROWEST, page_width

pytestmark = pytest.mark.browser

NEED = {
    "title": "Fuite d'eau dans l'escalier du bâtiment B",
    "body": "L'eau coule du 4e au rez-de-chaussée quand il pleut.",
    "place": "Bâtiment B, escalier 2",
}
REFERENCE = re.compile(r"\bB-(\d+)\b")
APPROVED = "/g/glycines/needs/4"  # "Les poubelles débordent le week-end", open to supports


def fill_need_form(page, title, body, place):
    """Type into the form's fields as a resident would (the title may stay empty)."""
    page.fill("#title", title)
    page.fill("#body", body)
    page.fill("#place", place)


def send(page):
    """Press the form's button and return the response of the page that follows."""
    with page.expect_navigation() as navigation:
        page.locator("main form.stack > button").click()
    return navigation.value


def test_voicing_a_need_works_without_javascript(new_page):
    """With scripts off on a 240×320 phone, a resident voices a need and follows it up.

    A form sent without a title comes back (400) with what was typed kept and an error
    by the title; a complete one leads to a receipt whose number and address open the
    need, which its author sees while it waits for approval.
    """
    page = new_page(width=NARROWEST, height=320, js=False)
    page.goto("/g/glycines/")
    with page.expect_navigation():
        page.locator("main a.button[href$='/g/glycines/needs/new']").click()
    assert page.url.endswith("/g/glycines/needs/new")

    fill_need_form(page, "", NEED["body"], NEED["place"])
    assert send(page).status == 400
    assert page.locator("#title-error").is_visible(), "no error next to the empty title"
    assert page.get_attribute("#title", "aria-describedby").split()[-1] == "title-error"
    assert page.locator("#body").input_value() == NEED["body"]
    assert page.locator("#place").input_value() == NEED["place"]

    page.fill("#title", NEED["title"])
    assert send(page).status == 200
    # The demo has needs like it: they come first, the text kept, then "mine is different".
    assert page.url.endswith("/g/glycines/needs/new")
    assert page.locator("#body").input_value() == NEED["body"]
    assert send(page).status == 200
    assert re.search(r"/g/glycines/needs/\d+/receipt$", page.url)
    receipt = page.locator("main").inner_text()
    number = REFERENCE.search(receipt).group(1)
    address = page.locator(f"main a[href$='/g/glycines/needs/{number}']")
    assert address.inner_text().startswith("http"), "the follow-up address is not written out"
    assert address.inner_text().endswith(f"/g/glycines/needs/{number}")

    with page.expect_navigation() as navigation:
        address.click()
    assert navigation.value.status == 200
    assert page.url.endswith(f"/g/glycines/needs/{number}")
    heading = page.locator("main h1").inner_text()
    assert f"B-{number}" in heading
    assert NEED["title"] in heading, "its author should see the need while it waits"
    stranger = new_page(width=NARROWEST, height=320, js=False)
    stranger.goto(f"/g/glycines/needs/{number}")
    assert NEED["title"] not in stranger.locator("main").inner_text(), "shown before approval"

    # Measuring needs a script: the same pages, as the same resident, with scripts on.
    measured = new_page(width=NARROWEST, height=320, state=page.context.storage_state())
    paths = (
        "/g/glycines/",
        "/g/glycines/needs/new",
        f"/g/glycines/needs/{number}/receipt",
        f"/g/glycines/needs/{number}",
        "/g/glycines/needs",
        APPROVED,
    )
    for path in paths:
        assert measured.goto(path).status == 200
        assert page_width(measured) <= NARROWEST, f"{path} is {page_width(measured)} px wide"
    measured.goto("/g/glycines/needs/new")
    fill_need_form(measured, "", NEED["body"], NEED["place"])
    assert send(measured).status == 400
    assert page_width(measured) <= NARROWEST, "the failed form is wider than the phone"


def test_me_too_counts_once_in_place_with_htmx(new_page):
    """An anonymous visitor's "moi aussi" adds one, swapped into #support with no reload.

    The button then gives way to a message and a way to withdraw it; a reload shows the
    same count, since the browser's cookie says it was already counted. Withdrawing takes
    the one off, in place too.
    """
    page = new_page()
    errors = watch_for_errors(page)
    page.goto(APPROVED, wait_until="load")
    url = page.url
    count = page.locator("#support .count strong")
    me_too = page.locator("#support form[action$='/support'] button")
    withdraw = page.locator("#support form[action$='/withdraw'] button")
    before = int(count.inner_text())
    page.evaluate("window.__sameDocument = true")  # a full page load would forget this

    with page.expect_response(lambda r: r.url.endswith("/support")) as answer:
        me_too.click()
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert response.status == 200
    page.locator("#support [role=status]").wait_for()

    assert int(count.inner_text()) == before + 1
    assert page.url == url
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert page.locator("#support").count() == 1, "the block was nested, not replaced"
    assert me_too.count() == 0, "one may say it twice"

    page.reload()
    assert int(count.inner_text()) == before + 1, "a reload counted the visitor again"
    assert me_too.count() == 0
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: r.url.endswith("/withdraw")):
        withdraw.click()
    me_too.wait_for()
    assert int(count.inner_text()) == before
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert withdraw.count() == 0
    assert csp_violations(page) == []
    assert errors == []

"""The contact book on a feature phone: 240×320, no script (screenshots in /tmp/shots/)."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NARROWEST = 240


def test_the_book_and_a_persons_page_work_without_javascript(new_page):
    """An organizer searches the book, opens a card and records a consent, scripts off."""
    page = new_page(width=NARROWEST, height=320, js=False, user="organisatrice")
    assert page.goto("/g/glycines/people").status == 200
    page.fill("input[name=q]", "koné")
    with page.expect_navigation():
        page.locator("form.filters button").click()
    rows = page.locator("ul.people > li")
    assert rows.count() == 1 and "Aminata Koné" in rows.inner_text()
    assert "01 99 00 10 00" in rows.inner_text()  # she agreed to be contacted
    with page.expect_navigation():
        rows.get_by_role("link", name="Aminata Koné").click()
    assert page.locator("h1").inner_text() == "Aminata Koné"
    page.locator("summary", has_text="Noter un consentement").click()  # <details>: no script
    page.select_option("select[name=purpose]", "meeting_news")
    page.select_option("select[name=source]", "phone")
    with page.expect_navigation():
        page.get_by_role("button", name="Noter le consentement").click()
    assert "Consentement noté" in page.locator(".flash").inner_text()
    newest = page.locator("ul.consents > li").first.inner_text()
    assert "Recevoir un message si une réunion change" in newest and "par téléphone" in newest
    screenshot(page, "person-240")


@pytest.mark.parametrize(
    "path",
    [
        "/g/glycines/people",
        "/g/glycines/people/1",
        "/g/glycines/people/1/edit",
        "/g/glycines/people/new",
        "/g/glycines/people/call-list",
        "/g/glycines/people/duplicates",
        "/g/glycines/people/names",
    ],
)
def test_the_people_pages_fit_240px(new_page, path):
    """Never wider than a KaiOS phone (measuring needs a script: this browser runs them)."""
    page = new_page(width=NARROWEST, height=320, user="organisatrice")
    assert page.goto(path).status == 200
    screenshot(page, "people" + path.replace("/", "-"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{path} is {width} px wide"

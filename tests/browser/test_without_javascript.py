"""A resident on a phone that runs no script: signing in and choosing a language."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

NARROWEST = 240  # a KaiOS feature phone: 240×320


def page_width(page) -> int:
    """The width the document needs; more than the viewport means a horizontal scrollbar."""
    return page.evaluate("document.documentElement.scrollWidth")


def switch_language(page, name):
    """Press a language button of the footer's switcher and wait for the page to reload."""
    with page.expect_navigation():
        page.locator("footer form.lang").get_by_role("button", name=name).click()


def test_sign_in_and_language_switch_work_without_javascript(new_page):
    """With scripts off, the login form signs in and the footer switcher changes the language."""
    page = new_page(width=NARROWEST, height=320, js=False)
    sign_in(page, "habitante")
    assert page.url.endswith("/g/glycines/")
    header = page.locator("header.site")
    assert "Fatou Diallo" in header.inner_text()
    assert page.get_attribute("html", "lang") == "fr"
    assert "Se déconnecter" in header.inner_text()

    switch_language(page, "English")
    assert page.get_attribute("html", "lang") == "en"
    assert "Sign out" in header.inner_text()
    assert page.url.endswith("/g/glycines/"), "the switcher should come back to the same page"

    switch_language(page, "Français")
    assert page.get_attribute("html", "lang") == "fr"
    assert "Se déconnecter" in header.inner_text()


def test_login_and_group_pages_fit_240px_in_both_languages(new_page):
    """At 240 px wide, the pages of that journey never scroll sideways, in French or English.

    Measuring needs a script, so this runs in a second browser, with scripts on.
    """
    anonymous = new_page(width=NARROWEST, height=320)
    resident = new_page(width=NARROWEST, height=320, user="habitante")
    for code, language in (("fr", "Français"), ("en", "English")):
        for who, page in (("anonymous", anonymous), ("signed in", resident)):
            for path in ("/login", "/g/glycines/"):
                page.goto(path)
                if page.get_attribute("html", "lang") != code:
                    switch_language(page, language)
                width = page_width(page)
                assert width <= NARROWEST, f"{path} ({code}, {who}) is {width} px wide"
    switch_language(resident, "Français")  # leave the demo account as it was

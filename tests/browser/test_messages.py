"""The team's messages on a feature phone: 240×320, no script (screenshots in /tmp/shots/)."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NARROWEST = 240


@pytest.fixture
def sms_set_up(live_site):
    """The live site writes SMS (nothing sends them: no sender runs in these tests)."""
    config = live_site.app.config
    before = config["SMS_GATEWAY_URL"]
    config["SMS_GATEWAY_URL"] = "http://127.0.0.1:9"
    yield
    config["SMS_GATEWAY_URL"] = before


def test_a_call_to_action_is_previewed_then_sent_without_javascript(new_page, sms_set_up):
    page = new_page(width=NARROWEST, height=320, js=False, user="organisatrice")
    assert page.goto("/g/glycines/people").status == 200
    with page.expect_navigation():
        page.get_by_role("link", name="Leur écrire").click()
    assert page.locator("h1").inner_text() == "Appel à l’action"
    page.fill("input[name=subject]", "Assemblée jeudi")
    page.fill("textarea[name=text]", "Bonjour {prénom}, assemblée jeudi à 18 h au local.")
    with page.expect_navigation():
        page.get_by_role("button", name="Aperçu").click()
    preview = page.locator("section.preview").inner_text()
    assert "Par SMS" in preview and "STOP pour ne plus recevoir" in preview
    screenshot(page, "call-preview-240")
    send = page.get_by_role("button", name="Envoyer à")
    with page.expect_navigation():
        send.click()
    assert "Appel à l’action écrit" in page.locator(".flash").inner_text()
    assert page.locator("ul.messages > li").count() >= 1
    screenshot(page, "call-sent-240")


@pytest.mark.parametrize(
    "path",
    ["/g/glycines/messages", "/g/glycines/messages/settings", "/g/glycines/messages/new"],
)
def test_the_messages_pages_fit_240px(new_page, path):
    """Never wider than a KaiOS phone (measuring needs a script: this browser runs them)."""
    page = new_page(width=NARROWEST, height=320, user="organisatrice")
    assert page.goto(path).status == 200
    screenshot(page, "messages" + path.replace("/", "-"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{path} is {width} px wide"

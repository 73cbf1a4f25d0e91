"""The meeting live in a browser: a resident's phone without JavaScript, and polling."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def sign_in_at_meeting(page, code: str, name: str) -> None:
    page.goto("/j")
    page.fill("input[name=code]", code.lower())
    page.fill("input[name=name]", name)
    with page.expect_navigation():
        page.click("main form button")


def test_a_resident_without_javascript_signs_in_and_asks_to_speak(new_page, live_meeting):
    meeting_id = live_meeting("K9P4R")
    page = new_page(width=240, height=320, js=False)
    sign_in_at_meeting(page, "K9P4R", "Awa")
    assert page.url.endswith(f"/g/glycines/meetings/{meeting_id}/phone")
    assert "Awa" in page.inner_text("main")
    with page.expect_navigation():
        page.click("form.ask button[value=normal]")
    assert "1" in page.inner_text(".place")
    assert page.inner_text("ol.queue li[aria-current]") == "Awa"
    # The page fits the small screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 240
    screenshot(page, "meeting-phone-240-nojs")


def test_the_next_speaker_appears_on_a_phone_without_reload(new_page, live_meeting):
    meeting_id = live_meeting("M7Q3T")
    phone = new_page(width=320, height=640)
    sign_in_at_meeting(phone, "M7Q3T", "Bintou")
    phone.click("form.ask button[value=normal]")
    phone.wait_for_selector("ol.queue li[aria-current]")
    phone.wait_for_load_state("load")
    phone.evaluate("window.__sameDocument = true")  # a page load would forget this
    assert "Bintou" not in phone.inner_text("#live p.speaker")

    laptop = new_page(width=1280, height=720, user="animateur")
    laptop.goto(f"/g/glycines/meetings/{meeting_id}/conduct")
    assert "Bintou" in laptop.inner_text("#queue")
    with laptop.expect_navigation():
        laptop.click("form[action$='/conduct/next-speaker'] button")
    assert "Bintou" in laptop.inner_text("#queue .speaking")

    # Within two polls (4 s each), the phone shows who speaks, in place.
    expect(phone.locator("#live p.speaker")).to_contain_text("Bintou", timeout=12_000)
    expect(phone.locator("#live ol.queue")).to_have_count(0)
    assert phone.evaluate("window.__sameDocument") is True, "the phone page was reloaded"
    screenshot(phone, "meeting-phone-320-polled")

"""Ending a meeting in a browser without JavaScript: the confirmation step, then phones and wall."""

import pytest
from playwright.sync_api import expect

from assembly.extensions import db
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

CODE = "W8T3N"


@pytest.fixture
def meeting_id(live_meeting) -> int:
    """A live meeting of the demo group, added to the live server's database."""
    return live_meeting(CODE, title="Assemblée de clôture", item="Le bilan")


def test_ending_without_javascript_shows_the_end_on_phones_and_the_wall(new_page, meeting_id):
    base = f"/g/glycines/meetings/{meeting_id}"
    phone = new_page(width=240, height=320, js=False)
    phone.goto("/j")
    phone.fill("input[name=code]", CODE)
    phone.fill("input[name=name]", "Awa")
    with phone.expect_navigation():
        phone.click("main form button")
    with phone.expect_navigation():
        phone.click("form.ask button[value=normal]")
    wall = new_page(width=1920, height=1080, js=False, user="animateur")
    wall.goto(f"{base}/projector")
    assert "Awa" in wall.inner_text(".wall")

    laptop = new_page(width=1280, height=800, js=False, user="animateur")
    laptop.goto(f"{base}/conduct")
    confirm = laptop.locator("details.end button")
    expect(confirm).to_be_hidden()  # one click does not end the meeting: it opens the step
    laptop.click("details.end summary")
    expect(confirm).to_be_visible()
    screenshot(laptop, "meeting-end-step-1280-nojs")
    with laptop.expect_navigation():
        confirm.click()
    expect(laptop.locator("main")).to_contain_text("Réunion finie")
    expect(laptop.locator("main")).to_contain_text("Rouvrir la réunion")

    phone.reload()
    expect(phone.locator("#live")).to_contain_text("Réunion finie")
    expect(phone.locator("form.ask")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 240
    screenshot(phone, "meeting-ended-phone-240-nojs")

    wall.reload()
    ended = wall.locator(".wall .ended")
    expect(ended).to_have_text("Réunion finie")
    box = ended.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1080  # on the screen, no scrolling
    assert "Awa" not in wall.inner_text(".wall")
    screenshot(wall, "meeting-ended-projector-1920-nojs")


def test_the_code_on_the_wall_is_read_from_the_back_of_the_room(new_page, live_site):
    """At 1920×1080 the code is at least 8 % of the screen's height, and fits."""
    from assembly.meetings.models import Meeting

    with live_site.app.app_context():
        meeting = db.session.scalar(db.select(Meeting).order_by(Meeting.id).limit(1))
        meeting_id = meeting.id
    wall = new_page(width=1920, height=1080, js=False, user="animateur")
    wall.goto(f"/g/glycines/meetings/{meeting_id}/projector")
    box = wall.locator(".join .code").bounding_box()
    assert 0.08 * 1080 <= box["height"] <= 0.16 * 1080  # big, and on one line
    assert box["x"] + box["width"] <= 1920
    assert wall.evaluate("document.documentElement.scrollWidth") <= 1920
    screenshot(wall, "projector-code-1920")

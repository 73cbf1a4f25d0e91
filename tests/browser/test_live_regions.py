"""Polls change what the live regions say, never the regions themselves: a screen reader
follows a region only if it was in the page before the change."""

import pytest
from playwright.sync_api import expect

from assembly.extensions import db
from tests.browser.test_keyboard import POLL
from tests.browser.test_meetings import sign_in_at_meeting

pytestmark = pytest.mark.browser

MARK = """(ids) => ids.forEach((id) => { document.getElementById(id).__kept = true; })"""
KEPT = """(ids) => ids.filter((id) => {
  const region = document.getElementById(id);
  return !(region && region.__kept && region.getAttribute("aria-live") === "polite");
})"""


def give_floor(live_site, meeting_id: int, turn_id: int) -> None:
    from assembly.meetings.models import Meeting, SpeakerTurn
    from assembly.meetings.operations import live as ops

    with live_site.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        ops.start_turn(meeting, db.session.get(SpeakerTurn, turn_id))


def test_a_phone_keeps_its_live_regions_as_the_polls_change_them(
    new_page,
    live_site,
    speaking_room,
):
    meeting_id, (awa, _), ask = speaking_room("LR1P0", "Awa", "Bruno")
    phone = new_page(width=320, height=640)
    sign_in_at_meeting(phone, "LR1P0", "Chloé")
    regions = ["speaker", "line-up"]
    phone.evaluate(MARK, regions)
    give_floor(live_site, meeting_id, awa)
    expect(phone.locator("#speaker")).to_have_text("Parle maintenant : Awa", timeout=3 * POLL)
    expect(phone.locator("#line-up")).not_to_contain_text("Awa")
    assert phone.evaluate(KEPT, regions) == [], "a poll replaced a live region"


def test_the_conduct_page_keeps_its_live_regions_as_the_polls_change_them(
    new_page,
    live_site,
    speaking_room,
):
    meeting_id, (awa,), ask = speaking_room("LR2C0", "Awa")
    laptop = new_page(width=1280, height=800, user="animateur")
    laptop.goto(f"/g/glycines/meetings/{meeting_id}/conduct")
    regions = ["speaker-now", "line-up"]
    laptop.evaluate(MARK, regions)
    ask("Bruno")
    expect(laptop.locator("#line-up")).to_contain_text("Bruno", timeout=3 * POLL)
    give_floor(live_site, meeting_id, awa)
    expect(laptop.locator("#speaker-now")).to_have_text("Parle maintenant : Awa", timeout=3 * POLL)
    assert laptop.evaluate(KEPT, regions) == [], "a poll replaced a live region"

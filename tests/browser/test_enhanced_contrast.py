"""The projector, read from across the room, and the page phones join a meeting from
have enhanced contrast: axe-core's `color-contrast-enhanced` rule (WCAG 1.4.6, AAA:
7:1 for text, 4.5:1 for large text) finds nothing on them."""

import pytest

from assembly.extensions import db
from tests.browser.conftest import AXE
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

RUN_ENHANCED = """
axe.run(document, {runOnly: {type: "rule", values: ["color-contrast-enhanced"]}}).then(
  (results) => ({
    violations: results.violations,
    checked: results.passes.length + results.violations.length,
  })
)"""


def enhanced_contrast(page) -> list[dict]:
    """axe's AAA contrast rule on the page as it stands (the CSP is bypassed for axe)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_ENHANCED)
    assert found["checked"], "axe checked no text: the page is empty?"
    return found["violations"]


def test_the_projector_has_enhanced_contrast(new_page, live_site, speaking_room, open_ballot):
    from assembly.meetings.models import Meeting, SpeakerTurn
    from assembly.meetings.operations import live as ops

    meeting_id, (awa, _), _ = speaking_room("AAA1P", "Awa", "Bruno")
    with live_site.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.current_item_id = meeting.items[0].id
        ops.start_turn(meeting, db.session.get(SpeakerTurn, awa))
    wall = new_page(width=1280, height=720, bypass_csp=True, user="animateur")
    for path in (f"/g/glycines/meetings/{meeting_id}/projector",):
        assert wall.goto(path).status == 200
        violations = enhanced_contrast(wall)
        assert not violations, f"{path}:\n{describe(violations)}"
    # With a vote open on the item, its question and how to vote.
    phone, decision_id = open_ballot("AAA2B")
    from assembly.decisions.models import Decision

    with live_site.app.app_context():
        meeting_of_vote = db.session.get(Decision, decision_id).meeting_id
    path = f"/g/glycines/meetings/{meeting_of_vote}/projector"
    assert wall.goto(path).status == 200
    assert wall.locator(".decision-now").count() == 1
    violations = enhanced_contrast(wall)
    assert not violations, f"{path} with a vote open:\n{describe(violations)}"


def test_the_page_to_join_a_meeting_has_enhanced_contrast(new_page):
    page = new_page(width=320, height=640, bypass_csp=True)
    assert page.goto("/j").status == 200
    violations = enhanced_contrast(page)
    assert not violations, f"/j:\n{describe(violations)}"
    # With a wrong code: the errors too.
    page.fill("#code", "ZZZZZ")
    page.fill("#name", "Awa")
    with page.expect_navigation():
        page.click("main form button")
    assert page.locator("#code-error").is_visible()
    violations = enhanced_contrast(page)
    assert not violations, f"/j with an error:\n{describe(violations)}"

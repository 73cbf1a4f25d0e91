"""A campaign's action in a browser, as a resident with a cheap phone and no JavaScript:
answering "oui" without an account, then checking in on the day with the join code."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def rally(live_site):
    """The demo's rally in front of the agency: its meeting's id and join code."""
    from assembly.campaigns.models import Action, ActionKind
    from assembly.extensions import db

    with live_site.app.app_context():
        action = db.session.scalar(db.select(Action).filter_by(kind=ActionKind.RALLY))
        return action.meeting_id, action.meeting.join_code


def test_a_resident_answers_yes_to_an_action_and_checks_in_with_the_code(new_page, rally):
    meeting_id, code = rally
    page = new_page(width=240, height=320, js=False)
    # From the group's campaigns, as a visitor finds it: the campaign, its coming actions.
    page.goto("/g/glycines/campaigns")
    with page.expect_navigation():
        page.click("main a:has-text('ascenseurs')")
    with page.expect_navigation():
        page.click("#actions ~ ul a:has-text('Rassemblement')")
    assert page.url.endswith(f"/g/glycines/meetings/{meeting_id}")
    assert "Une action (rassemblement) de la campagne" in page.inner_text("main")
    before = page.inner_text(".counts")
    page.fill("input[name=name]", "Samira")
    page.check("input[name=answer][value=yes]")
    with page.expect_navigation():
        page.click("form[action$='/rsvp'] button")
    assert "Merci, votre réponse est notée." in page.inner_text("body")
    yes_before = int(before.split()[0])
    assert int(page.inner_text(".counts").split()[0]) == yes_before + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 240
    screenshot(page, "action-rsvp-240-nojs")

    # On the day, in front of the agency: the code the team shows, and a name.
    page.goto("/j")
    page.fill("input[name=code]", code.lower())
    page.fill("input[name=name]", "Samira")
    with page.expect_navigation():
        page.click("main form button")
    assert page.url.endswith(f"/g/glycines/meetings/{meeting_id}/phone")
    assert "Samira" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 240
    screenshot(page, "action-checkin-240-nojs")

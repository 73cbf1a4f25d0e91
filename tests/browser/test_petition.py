"""A resident signs the petition from a feature phone that runs no script (240×320)."""

import pytest

from assembly.extensions import db
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NARROWEST = 240


@pytest.fixture
def sign_page(live_site):
    """The address of the demo petition's signing page."""
    from assembly.campaigns.models import Petition

    with live_site.app.app_context():
        petition_id = db.session.scalar(db.select(Petition.id).order_by(Petition.id))
    return f"/g/glycines/campaigns/p/{petition_id}"


def counted(page) -> int:
    """The count the page shows ("87 signatures")."""
    text = page.locator("p.count strong").inner_text()
    return int("".join(char for char in text if char.isdigit()))


def test_a_resident_signs_online_with_javascript_off_and_sees_the_receipt(new_page, sign_page):
    page = new_page(width=NARROWEST, height=320, js=False)
    page.goto(sign_page)
    assert page.locator("h1").inner_text() == "Réparez nos ascenseurs"
    before = counted(page)
    page.get_by_label("Votre nom").fill("Odette Lambert")
    page.get_by_label("Votre bâtiment ou votre rue").fill("Bât. C")
    page.get_by_label("Oui").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Je signe").click()
    assert "/receipt/" in page.url
    assert page.locator("h1").inner_text() == "Merci pour votre signature"
    assert counted(page) == before + 1
    screenshot(page, "petition-receipt-240")


def test_the_signing_page_fits_240px(new_page, sign_page):
    """Measuring needs a script: a second browser, scripts on."""
    page = new_page(width=NARROWEST, height=320)
    page.goto(sign_page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST


def test_the_team_reads_the_counts_by_place_in_the_table_on_a_feature_phone(new_page, live_site):
    """The bar chart's words would be a few pixels high at 240 px: it gives way to the table
    of the same counts there, and stands beside it on a laptop."""
    from assembly.campaigns.models import Petition

    with live_site.app.app_context():
        petition = db.session.scalars(db.select(Petition).order_by(Petition.id)).first()
        team = f"/g/glycines/campaigns/{petition.campaign_id}/petitions/{petition.id}"
    phone = new_page(width=NARROWEST, height=320, user="organisatrice")
    phone.goto(team)
    assert not phone.locator("svg.bars").is_visible()
    assert phone.locator("table").first.is_visible()
    laptop = new_page(width=1280, height=800, user="organisatrice")
    laptop.goto(team)
    assert laptop.locator("svg.bars").is_visible()

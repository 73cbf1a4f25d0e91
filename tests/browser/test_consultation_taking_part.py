"""A resident takes part in a consultation from a phone that runs no script (240×320): reads
a part of the text, opens a paragraph, agrees with it, proposes an amendment and sees it
shown as a difference against the paragraph."""

from datetime import date

import pytest

from assembly.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_htmx import csp_violations, watch_for_errors
from tests.browser.test_without_javascript import NARROWEST, page_width

pytestmark = pytest.mark.browser

TEXT = """# Les ascenseurs

Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours, avec un affichage
du délai dans le hall.

Nous demandons un ascenseur de secours pendant les travaux.

# Le chauffage

Nous demandons que le chauffage soit allumé dès le 15 octobre.
"""
REWRITE = (
    "Nous demandons la réparation des ascenseurs du bâtiment C sous trois jours, avec un "
    "affichage du délai dans le hall et dans chaque cage d’escalier."
)
# Elements wider than the screen, or reaching past its right edge (the robots' trap, placed
# off the screen to the left, is not one).
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))"""


@pytest.fixture(scope="module")
def consultation(live_site):
    """An open, public consultation in the demo group; its address."""
    from assembly.auth.models import find_user
    from assembly.consultations.operations.text import create_consultation, open_consultation
    from assembly.groups.models import Group

    with live_site.app.app_context():
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        made = create_consultation(
            group,
            title="Lettre au bailleur (essai)",
            text=TEXT,
            opens_on=date(2026, 1, 1),
            closes_on=date(2099, 12, 31),
            by=find_user("admin"),
        )
        open_consultation(made)
        return f"/g/glycines/consultations/{made.number}"


def go(page, click):
    """Follow a link or press a button, as a person does, and wait for the next page."""
    with page.expect_navigation() as navigation:
        click.click()
    return navigation.value


def test_a_resident_agrees_and_amends_a_paragraph_with_javascript_off(new_page, consultation):
    page = new_page(width=NARROWEST, height=320, js=False)
    page.goto(consultation)
    assert page.locator("h1").inner_text() == "Lettre au bailleur (essai)"
    go(page, page.locator("main ol.parts-list a", has_text="Les ascenseurs"))
    assert "/text?part=1" in page.url
    go(page, page.get_by_role("link", name="Lire et participer").first)
    paragraph = page.url
    assert "sous huit jours" in page.locator("blockquote.consulted").inner_text()

    go(page, page.get_by_role("button", name="D’accord", exact=True))
    stance = page.locator("#stance")
    assert stance.get_by_text("Vous êtes d’accord avec ce paragraphe.").is_visible()
    assert "1 d’accord" in page.locator("#stance .counts-line").inner_text()

    go(page, page.get_by_role("link", name="Proposer d’autres mots (un amendement)"))
    rewrite = page.get_by_label("Le paragraphe, écrit comme vous le voulez")
    assert rewrite.input_value().startswith("Nous demandons la réparation des ascenseurs")
    rewrite.fill(REWRITE)
    page.get_by_label("Pourquoi ce changement ? (pas obligatoire)").fill("Huit jours, c’est trop.")
    answer = go(page, page.get_by_role("button", name="Proposer ces mots"))
    assert answer.status == 200 and page.url.split("#")[0] == paragraph
    amendment = page.locator("ul.said li").last
    assert amendment.locator("del").first.text_content() == "[supprimé\u00a0:huit]"
    assert amendment.locator("ins").first.text_content() == "[ajouté\u00a0:trois]"
    assert "cage d’escalier" in amendment.locator("ins").last.inner_text()
    assert "Huit jours, c’est trop." in amendment.inner_text()
    screenshot(page, "consultation-amendment-240")

    # Measuring needs a script: the same pages, as the same resident, with scripts on.
    measured = new_page(width=NARROWEST, height=320, state=page.context.storage_state())
    for path in (consultation, consultation + "/text?part=1", paragraph, paragraph + "/amend"):
        assert measured.goto(path).status == 200
        assert page_width(measured) <= NARROWEST, f"{path} is {page_width(measured)} px wide"
        assert measured.evaluate(OVERFLOWING) == [], f"{path}: wider than the phone"


def test_with_scripts_a_position_changes_in_place(new_page, consultation):
    """htmx sends the same form and swaps the position block alone: no reload."""
    page = new_page()
    errors = watch_for_errors(page)
    page.goto(consultation + "/text?part=1", wait_until="load")
    go(page, page.get_by_role("link", name="Lire et participer").last)
    page.evaluate("window.__sameDocument = true")  # a full page load would forget this
    with page.expect_response(lambda r: r.url.endswith("/position")) as answer:
        page.get_by_role("button", name="Pas d’accord", exact=True).click()
    assert answer.value.request.headers.get("hx-request") == "true"
    page.locator("#stance").get_by_text("Vous n’êtes pas d’accord avec ce paragraphe.").wait_for()
    assert page.locator("#stance").count() == 1, "the block was nested, not replaced"
    assert "1 pas d’accord" in page.locator("#stance .counts-line").inner_text()
    with page.expect_response(lambda r: r.url.endswith("/position")):
        page.get_by_role("button", name="Annuler mon choix").click()
    page.locator("#stance").get_by_text("Votre choix est annulé.").wait_for()
    assert "0 pas d’accord" in page.locator("#stance .counts-line").inner_text()
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    assert csp_violations(page) == []
    assert errors == []

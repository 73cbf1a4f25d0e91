"""Choosing the issue on a feature phone: 240×320, no script (screenshots in /tmp/shots/).

The demo has two candidate issues besides the lifts: "Des charges justes" (2) and
"Un passage éclairé" (3), scored by the team."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NARROWEST = 240


def test_a_team_member_fills_the_grid_without_javascript(new_page):
    """The facilitator answers the 16 criteria with radios and a note, scripts off; the
    comparison then counts his answers."""
    page = new_page(width=NARROWEST, height=320, js=False, user="animateur")
    assert page.goto("/g/glycines/campaigns/3/grid").status == 200
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.fill("input[name=note_money]", "Aucune recette, et ce n'est pas le but.")
    page.locator("input[name=score_money][value=no]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer ma grille").click()
    assert "Votre grille est enregistrée" in page.locator(".flash").inner_text()
    assert page.url.endswith("/g/glycines/campaigns/compare")
    # His answers replace his earlier grid: the passage's total was 66 of 96, his part 21;
    # now 30 (yes everywhere but money).
    assert "75 sur 96" in page.locator("table.grid tfoot").inner_text()
    screenshot(page, "choice-compare-240")


@pytest.mark.parametrize(
    "path",
    [
        "/g/glycines/campaigns/2",
        "/g/glycines/campaigns/2/grid",
        "/g/glycines/campaigns/2/quotes",
        "/g/glycines/campaigns/compare",
        "/g/glycines/campaigns/choose",
    ],
)
def test_the_choice_pages_fit_240px(new_page, path):
    """Never wider than a KaiOS phone: the side-by-side table scrolls inside its own box."""
    page = new_page(width=NARROWEST, height=320, user="organisatrice")
    assert page.goto(path).status == 200
    screenshot(page, "choice" + path.replace("/", "-"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{path} is {width} px wide"

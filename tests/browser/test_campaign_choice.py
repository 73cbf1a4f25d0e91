"""Choosing the issue on a feature phone: 240×320, no script (screenshots in /tmp/shots/).

The demo has two candidate issues besides its campaigns: "Des charges justes" and
"Un passage éclairé", scored by the team; they are found by their names."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NARROWEST = 240


def test_a_team_member_fills_the_grid_without_javascript(new_page):
    """The facilitator answers the 16 criteria with radios and a note, scripts off; the
    comparison then counts his answers."""
    page = new_page(width=NARROWEST, height=320, js=False, user="animateur")
    passage = campaign_url(page, "Un passage éclairé")
    assert page.goto(f"{passage}/grid").status == 200
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


def campaign_url(page, title: str) -> str:
    """The address of the demo's campaign named `title`, from the campaigns' list."""
    page.goto("/g/glycines/campaigns")
    return page.get_by_role("link", name=title).get_attribute("href")


@pytest.mark.parametrize(
    "path",
    [
        "{charges}",
        "{charges}/grid",
        "{charges}/quotes",
        "/g/glycines/campaigns/compare",
        "/g/glycines/campaigns/choose",
    ],
)
def test_the_choice_pages_fit_240px(new_page, path):
    """Never wider than a KaiOS phone: the side-by-side table scrolls inside its own box."""
    page = new_page(width=NARROWEST, height=320, user="organisatrice")
    path = path.format(charges=campaign_url(page, "Des charges justes"))
    assert page.goto(path).status == 200
    screenshot(page, "choice" + path.replace("/", "-"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST, f"{path} is {width} px wide"

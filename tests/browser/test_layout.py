"""The main pages fit phone and laptop screens (screenshots go to /tmp/shots/ for a look)."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

# (who, path, name of the screenshot)
PAGES = [
    (None, "/g/glycines/", "home"),
    (None, "/login", "login"),
    ("admin", "/g/glycines/members", "members-admin"),
]


@pytest.mark.parametrize("width", [320, 1280])
def test_main_pages_never_scroll_sideways(new_page, width):
    """At phone and laptop widths, no page is wider than the screen."""
    for user, path, name in PAGES:
        page = new_page(width=width, height=640, user=user)
        assert page.goto(path).status == 200
        screenshot(page, f"{name}-{width}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width} px wide at {width} px"


@pytest.mark.parametrize("width", [360])
def test_the_door_knocking_tables_fit_a_phone_without_scrolling(new_page, live_site, width):
    """On a landing, the team reads a round's progress without scrolling the table sideways
    (from 360 px; a narrower screen scrolls the table, never the page)."""
    from assembly.canvassing.models import Canvass
    from assembly.extensions import db

    with live_site.app.app_context():
        canvass_id = db.session.scalar(db.select(Canvass.id).limit(1))
    page = new_page(width=width, height=640, js=False, user="organisatrice")
    assert page.goto(f"/g/glycines/canvass/{canvass_id}").status == 200
    screenshot(page, f"canvass-{width}")
    for table in page.locator("table").all():
        scroll, client = table.evaluate(
            "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
        )
        assert scroll <= client, f"a table is {scroll} px wide in {client} px"

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

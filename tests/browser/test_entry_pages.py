"""The pages people arrive at carry only the stylesheet's rules that apply to them
(assembly/web/assets.py `inline_stylesheet`): each element must look exactly as it would
with the whole stylesheet."""

import pytest

from assembly.paths import STATIC
from assembly.web.assets import compact_css

pytestmark = pytest.mark.browser

# The entry pages (ENTRY_PAGES in assets.py; the list of groups leads to the group home
# when there is one group), as a visitor and, for the group home, as a member.
PAGES = (
    (None, "/j"),
    (None, "/g/glycines/"),
    ("habitante", "/g/glycines/"),
    (None, "/g/glycines/needs/new"),
    (None, "/g/glycines/b"),
    (None, "/login"),
)
# Each element's and pseudo-element's computed style, as one string per element.
STYLES = """() => Array.from(document.querySelectorAll('*')).map(element =>
  [null, '::before', '::after', '::marker'].map(pseudo => {
    const style = getComputedStyle(element, pseudo);
    return Array.from(style).map(name => name + ':' + style.getPropertyValue(name)).join(';');
  }).join('|'))"""


WIDTHS = (240, 1280)  # a feature phone, a laptop: the media queries on both sides


def styles_at_each_width(page) -> list:
    styles = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        styles.append(page.evaluate(STYLES))
    return styles


def assert_looks_as_with_the_whole_stylesheet(page):
    own = styles_at_each_width(page)
    whole = compact_css((STATIC / "style.css").read_text(encoding="utf-8"))
    page.evaluate("css => { document.querySelector('head style').textContent = css }", whole)
    assert styles_at_each_width(page) == own


@pytest.mark.parametrize(("user", "path"), PAGES)
def test_an_entry_page_looks_the_same_as_with_the_whole_stylesheet(new_page, user, path):
    page = new_page(user=user, bypass_csp=True)
    page.goto(path, wait_until="load")
    inline = page.locator("head style").text_content()
    whole = compact_css((STATIC / "style.css").read_text(encoding="utf-8"))
    assert len(inline) < len(whole) / 2, "only the rules that apply, not the whole file"
    assert_looks_as_with_the_whole_stylesheet(page)


def test_a_need_form_sent_with_errors_looks_the_same_too(new_page):
    page = new_page(bypass_csp=True)
    page.goto("/g/glycines/needs/new", wait_until="load")
    page.locator("form.stack button").last.click()
    page.wait_for_load_state("load")
    assert page.locator(".error").count(), "the form came back with its errors"
    assert_looks_as_with_the_whole_stylesheet(page)

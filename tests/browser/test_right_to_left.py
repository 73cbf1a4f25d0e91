"""Arabic pages read right to left: the key pages fit the screen and mirror the French ones.

Each page opens in `fr` and in `ar` (the `lang` cookie of the footer's switcher) at 240×320
and 1280×800. Until the Arabic catalog lands its words are English, which changes no
layout: what is held is the direction. Screenshots go to /tmp/shots/ for a human eye.
"""

from types import SimpleNamespace

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

SCREENS = [(240, 320), (1280, 800)]
USERS = ("animateur", "organisatrice")  # their accounts keep no language of their own
JOIN_CODE = "RTL24"

# How far an element stands from where lines start: from the left edge of its box `within`
# (the closest such ancestor, else the screen) in French, from the right edge in Arabic.
START_OFFSET = """(element, within) => {
  const box = element.getBoundingClientRect();
  const outer = within ? element.closest(within).getBoundingClientRect()
                       : {left: 0, right: document.documentElement.clientWidth};
  return document.documentElement.dir === "rtl" ? outer.right - box.right : box.left - outer.left;
}"""
# The x of the first and last characters of an element's text, and whether they share a line.
ENDS = """(element) => {
  const text = [...element.childNodes].find(n => n.nodeType === 3 && n.data.trim());
  const at = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                      return r.getBoundingClientRect(); };
  const first = at(text.data.search(/\\S/)), last = at(text.data.trimEnd().length - 1);
  return {first: first.left, last: last.left, sameLine: Math.abs(first.top - last.top) < 2};
}"""


@pytest.fixture(scope="module")
def paths(live_site, live_meeting):
    """The dozen key pages (who opens them, where), on the demo's records."""
    from assembly.auth.models import User
    from assembly.campaigns.models import Petition
    from assembly.decisions.models import Decision, DecisionStatus
    from assembly.extensions import db
    from assembly.minutes.models import Minutes
    from assembly.needs.models import Need

    meeting_id = live_meeting(JOIN_CODE, title="Assemblée de décembre", item="Le chauffage")
    with live_site.app.app_context():
        db.session.execute(db.update(User).where(User.username.in_(USERS)).values(locale=None))
        db.session.commit()
        need = db.session.scalar(db.select(Need.number).where(Need.public).order_by(Need.number))
        ballot = db.session.scalar(
            db.select(Decision.id).filter_by(status=DecisionStatus.OPEN, meeting_id=None)
        )
        petition = db.session.scalars(db.select(Petition).order_by(Petition.id)).first()
        minutes = db.session.scalar(
            db.select(Minutes.meeting_id).where(Minutes.published_at.is_not(None))
        )
        petition = SimpleNamespace(id=petition.id, campaign_id=petition.campaign_id)
    group = "/g/glycines"
    meeting = f"{group}/meetings/{meeting_id}"
    return {
        "home": (None, f"{group}/"),
        "needs": (None, f"{group}/needs"),
        "need": (None, f"{group}/needs/{need}"),
        "need-form": (None, f"{group}/needs/new"),
        "join": (None, "/j"),
        "phone": (None, None),  # after signing in at /j
        "projector": ("animateur", f"{meeting}/projector"),
        "conduct": ("animateur", f"{meeting}/conduct"),
        "ballot": ("animateur", f"{group}/decisions/{ballot}/ballot"),
        "campaign": ("animateur", f"{group}/campaigns/{petition.campaign_id}"),
        "petition": (None, f"{group}/campaigns/p/{petition.id}"),
        "poster": (None, f"{group}/poster"),
        "minutes": ("animateur", f"{group}/meetings/{minutes}/minutes"),
    }


@pytest.fixture
def open_in(new_page, live_server):
    """`open_in(language, width, height, user, path)`: a page opened with that language chosen."""

    def open_(language, width, height, user, path):
        page = new_page(width=width, height=height, user=user)
        page.context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
        if path is None:  # the phone page: a resident signs in at the meeting
            page.goto("/j")
            page.fill("input[name=code]", JOIN_CODE)
            page.fill("input[name=name]", "Amina")
            with page.expect_navigation():
                page.click("main form button")
            assert page.url.endswith("/phone")
        else:
            assert page.goto(path).status == 200, path
        return page

    return open_


def overflow(page) -> int:
    """How many pixels the document is wider than the screen (more than 0: it scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_key_pages_fit_the_screen_in_arabic_and_mirror_the_french(paths, open_in, width, height):
    for name, (user, path) in paths.items():
        shown = {}
        for language in ("fr", "ar"):
            page = open_in(language, width, height, user, path)
            screenshot(page, f"rtl-{name}-{language}-{width}")
            where = f"{name} in {language} at {width} px"
            assert overflow(page) <= 0, f"{where} scrolls sideways"
            # The poster speaks the group's language (French) whoever prints it.
            expected = "rtl" if language == "ar" and name != "poster" else "ltr"
            assert page.get_attribute("html", "dir") == expected, where
            if page.locator("header.site .brand").is_visible():
                shown[language] = (
                    page.locator("header.site .brand").evaluate(START_OFFSET),
                    page.locator("header.site nav a").first.evaluate(START_OFFSET, "ul"),
                )
            page.context.close()  # done with it: a live page would go on polling
        if name == "poster" or not shown:
            continue
        # The header's brand sits as far from the right edge in Arabic as from the left in
        # French, and the main menu's first link starts the menu on the same side.
        (brand_fr, link_fr), (brand_ar, link_ar) = shown["fr"], shown["ar"]
        assert abs(brand_ar - brand_fr) <= 1, f"{name}: the brand is not mirrored"
        assert link_fr <= 1 and link_ar <= 1, f"{name}: the menu does not start at its start"


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_projector_puts_the_join_code_on_the_other_side(paths, open_in, width, height):
    user, path = paths["projector"]
    sides = {}
    for language in ("fr", "ar"):
        page = open_in(language, width, height, user, path)
        now, join = (page.locator(s).bounding_box() for s in (".wall .now", ".wall .join"))
        sides[language] = (
            "stacked"
            if join["y"] >= now["y"] + now["height"]
            else ("right" if join["x"] > now["x"] else "left")
        )
    if width >= 1280:
        assert sides == {"fr": "right", "ar": "left"}
    else:  # on a phone the code comes under the item, in both languages
        assert sides == {"fr": "stacked", "ar": "stacked"}


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_borders_and_list_numbers_stand_where_lines_start(paths, open_in, width, height):
    """A need's status has its bar, and the list of what became of it its numbers, on the
    left in French and on the right in Arabic, as far from the edge."""
    user, path = paths["need"]
    indent = {}
    for language, start, end in (("fr", "Left", "Right"), ("ar", "Right", "Left")):
        page = open_in(language, width, height, user, path)
        status = page.locator(".need-status")
        assert status.evaluate(f"e => getComputedStyle(e).border{start}Width") == "6px"
        assert status.evaluate(f"e => getComputedStyle(e).border{end}Width") == "0px"
        # The numbers of an ordered list stand in its indent, on the side lines start.
        indent[language] = page.locator("ol.trace li").first.evaluate(START_OFFSET, "ol")
    assert indent["fr"] > 10 and abs(indent["ar"] - indent["fr"]) <= 1, indent


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_arrows_point_the_reading_way(paths, open_in, width, height):
    """ "Previous" points back and "next" forward: left and right in French, right and left
    in Arabic; the previous item's button stands where lines start."""
    user, path = paths["conduct"]
    for language, back, forward in (("fr", "←", "→"), ("ar", "→", "←")):
        page = open_in(language, width, height, user, path)
        previous, following = page.locator("button.back"), page.locator("button.forward")
        assert back in previous.evaluate("e => getComputedStyle(e, '::before').content")
        assert forward in following.evaluate("e => getComputedStyle(e, '::after').content")
        assert "←" not in previous.inner_text() and "→" not in previous.inner_text()
        offset = previous.evaluate(START_OFFSET, "section")
        assert offset <= 1, f"{language}: the previous item's button is not where lines start"
    # The pages of the list of needs: the same arrows on links.
    user, path = paths["needs"]
    for language, forward in (("fr", "→"), ("ar", "←")):
        page = open_in(language, width, height, user, path)
        content = page.locator("a[rel=next]").evaluate(
            "e => getComputedStyle(e, '::after').content"
        )
        assert forward in content, language


def test_the_join_address_on_the_wall_reads_left_to_right(paths, open_in):
    """On the projector (1920×1080), the address phones open keeps its order beside Arabic:
    its first character stands left of its last."""
    user, path = paths["projector"]
    for language in ("fr", "ar"):
        page = open_in(language, 1920, 1080, user, path)
        screenshot(page, f"rtl-projector-{language}-1920")
        ends = page.locator(".wall .join .address").evaluate(ENDS)
        assert ends["sameLine"], f"the address wraps in {language}"
        assert ends["first"] < ends["last"], f"the address reads backwards in {language}"


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_phone_numbers_keep_their_order_in_arabic(open_in, width, height):
    """In the contact book a number such as 06 12 34 56 78 does not turn into 78 56 34 12 06."""
    for language in ("fr", "ar"):
        page = open_in(language, width, height, "organisatrice", "/g/glycines/people")
        ends = page.locator("a[href^='tel:']").first.evaluate(ENDS)
        assert ends["sameLine"], f"a phone number wraps in {language}"
        assert ends["first"] < ends["last"], f"a phone number reads backwards in {language}"

"""The residents' pages with the text at 200 % on a screen 320 px wide: nothing scrolls
sideways and no control is cut off.

The pages are those the accessibility statement names
(`assembly.web.accessibility.ZOOMED_PAGES`); the last test holds that this file opens
exactly those.
"""

import pytest

from assembly.extensions import db
from assembly.web.accessibility import ZOOMED_PAGES
from tests.browser.test_meetings import sign_in_at_meeting

pytestmark = pytest.mark.browser

WIDTH = 320

# Controls (and their labels) that stick out of the screen, or out of a box that clips
# them. A table that scrolls in its own box (.scroll) may be wider, as WCAG allows.
CUT_OFF = """(width) => {
  const cut = [];
  const hidden = ".skip, .trap, .visually-hidden, [aria-hidden=true]";
  const shown = (el) => el.getClientRects().length && !el.closest(hidden);
  const controls = ["a", "button", "input:not([type=hidden])", "select", "textarea", "label",
    "summary"].map((tag) => `main ${tag}`).concat(["header a", "header button", "footer a",
    "footer button"]).join(", ");
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el) || el.closest(".scroll")) continue;
    const box = el.getBoundingClientRect();
    const text = (el.innerText || el.name || "").trim().slice(0, 40);
    const name = el.tagName.toLowerCase() + " " + JSON.stringify(text);
    if (box.left < -1 || box.right > width + 1) {
      cut.push(name + " sticks out of the screen");
    } else if (el.tagName === "BUTTON" && el.scrollWidth > el.clientWidth + 1) {
      cut.push(name + " is wider than its button");
    } else {
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === "visible") continue;
        const outer = up.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) {
          cut.push(name + " is clipped by its box");
          break;
        }
      }
    }
  }
  return cut;
}"""


def first_meeting_link(page) -> str:
    page.goto("/g/glycines/")
    return page.get_attribute("section[aria-labelledby=next-meeting] a", "href")


def sign_page(live_site) -> str:
    from assembly.campaigns.models import Petition

    with live_site.app.app_context():
        petition_id = db.session.scalar(db.select(Petition.id).order_by(Petition.id))
    return f"/g/glycines/campaigns/p/{petition_id}"


def open_phone(page, live_meeting, **_):
    live_meeting("ZM1P0")
    sign_in_at_meeting(page, "ZM1P0", "Awa")
    page.click("#ask-normal")
    page.wait_for_selector(".place")


# How to open each page the statement names; a function gets the page and fixtures.
OPEN = {
    "home": "/g/glycines/",
    "need_form": "/g/glycines/needs/new",
    "receipt": "/g/glycines/needs/8/receipt",
    "need": "/g/glycines/needs/4",
    "join": "/j",
    "phone": open_phone,
    "ballot": "ballot",  # on the phone that joined the meeting (open_ballot)
    "meeting": first_meeting_link,
    "petition": sign_page,
}


@pytest.mark.parametrize("key", list(ZOOMED_PAGES))
def test_text_at_200_percent_on_320_px_loses_nothing(
    new_page,
    live_site,
    live_meeting,
    open_ballot,
    key,
):
    page = new_page(width=WIDTH, height=640)
    how = OPEN[key]
    if key == "ballot":
        page, decision_id = open_ballot("ZM2B0", size={"width": WIDTH, "height": 640})
        page.goto(f"/g/glycines/decisions/{decision_id}/ballot")
        assert page.locator("form.ballot").count() == 1
    elif how is open_phone:
        open_phone(page, live_meeting)
    elif callable(how):
        path = how(page) if how is first_meeting_link else how(live_site)
        assert page.goto(path).status == 200
    else:
        assert page.goto(how).status == 200
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "32px"
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= WIDTH, f"{page.url} scrolls sideways at 200 %: {wide} px for {WIDTH}"
    assert page.evaluate(CUT_OFF, WIDTH) == [], page.url


def test_this_file_opens_exactly_the_pages_the_statement_names():
    assert list(OPEN) == list(ZOOMED_PAGES)

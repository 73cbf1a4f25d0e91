"""The residents' tasks and the conduct page with the keyboard alone.

Only Tab, Shift+Tab, Enter and Space move and act (typing fills a field): the « Aller au
contenu » link comes first and leads into the page's main part, the focus is always seen
(a ring that stands out 3:1 from what is around it, on an element in view), and it goes
through a form's fields in their order, the button that sends it after them.

Each flow is a test named `test_keyboard_<key>`; the accessibility statement lists the
same keys (`assembly.web.accessibility.KEYBOARD_FLOWS`), and the last test holds that the
two lists agree: the statement claims no flow that is not walked here.
"""

import pytest
from playwright.sync_api import expect

from assembly.extensions import db
from assembly.web.accessibility import KEYBOARD_FLOWS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1024, "height": 768}
MOST_TABS = 80  # a flow that needs more to reach its control is a failure in itself
POLL = 4_000  # the live views poll every 4 s (meetings.views.live.POLL_SECONDS)

# What has the focus: where it is, whether it is seen, and the colours around its ring.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let behind = el.parentElement, background = "rgb(255, 255, 255)";
  for (; behind; behind = behind.parentElement) {
    const colour = getComputedStyle(behind).backgroundColor;
    if (colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") { background = colour; break; }
  }
  const form = el.form || null;
  return {
    tag: el.tagName.toLowerCase(),
    key: el.id || (el.name ? el.name + ":" + (el.type === "radio" ? el.value : "") : ""),
    id: el.id, name: el.getAttribute("name") || "", type: el.type || "",
    href: el.getAttribute("href") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    skip: el.classList.contains("skip"),
    inMain: !!el.closest("main"),
    order: Array.prototype.indexOf.call(document.querySelectorAll("*"), el),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      ? style.outlineColor : null,
    shadow: style.boxShadow !== "none" ? style.boxShadow : null,
    background,
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    formAction: form ? form.getAttribute("action") : null,
  };
}"""

# The stops Tab should make in a form, in the order of the page: each visible field, a
# group of radio buttons once (at its checked one, else its first), then its buttons.
FORM_STOPS = """(form) => {
  const stops = [], groups = new Set();
  for (const el of form.elements) {
    if (el.type === "hidden" || el.disabled || el.tabIndex < 0) continue;
    if (["FIELDSET", "OBJECT", "OUTPUT"].includes(el.tagName)) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    if (el.type === "radio") {
      if (groups.has(el.name)) continue;
      groups.add(el.name);
      const checked = form.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      const stop = checked || el;
      stops.push(stop.id || stop.name + ":" + stop.value);
      continue;
    }
    stops.push(el.id || (el.name ? el.name + ":" : ""));
  }
  return stops;
}"""


# The button that sends a form, as FORM_STOPS names it.
SUBMIT = """(form) => {
  const button = form.querySelector("button:not([type=button])");
  return button.id || (button.name ? button.name + ":" : "");
}"""

# Where an element stands in the page's order.
PLACE = """(id) => Array.prototype.indexOf.call(
  document.querySelectorAll("*"), document.getElementById(id)
)"""


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a CSS rgb()/rgba() colour."""
    numbers = colour[colour.index("(") + 1 : colour.index(")")].replace("/", " ")
    channels = [float(part) for part in numbers.replace(",", " ").split()[:3]]
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
        for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Keyboard:
    """Tab, Shift+Tab, Enter and Space on a page, checking the focus at each step."""

    def __init__(self, page):
        self.page = page
        self.trail: list[str] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def seen(self, where: str) -> dict:
        """What has the focus, after checking that one can see it."""
        focus = self.focused()
        assert focus is not None, f"{where}: nothing has the focus (trail: {self.trail})"
        self.trail.append(focus["key"] or focus["text"] or focus["tag"])
        what = f"{where}: {focus['tag']} {focus['key'] or focus['text']!r}"
        assert focus["focusVisible"], f"{what} has the focus but not :focus-visible"
        assert focus["inView"], f"{what} has the focus out of sight"
        ring = focus["outline"]
        assert ring or focus["shadow"], f"{what} shows no focus ring"
        if ring:
            assert contrast(ring, focus["background"]) >= 3, (
                f"{what}: its focus ring {ring} stands out less than 3:1 from {focus['background']}"
            )
        return focus

    def tab(self, back: bool = False) -> dict:
        self.page.keyboard.press("Shift+Tab" if back else "Tab")
        return self.seen("after Shift+Tab" if back else "after Tab")

    def tab_to(self, wanted, what: str) -> dict:
        """Tab until `wanted(focus)` (unless it has the focus already); the focus only moves
        forward in the page meanwhile."""
        before = self.focused()
        if before and wanted(before):
            return before
        for _ in range(MOST_TABS):
            focus = self.tab()
            if before and focus["order"] <= before["order"]:
                pytest.fail(f"Tab went back up the page to {focus['key']!r} (trail: {self.trail})")
            if wanted(focus):
                return focus
            before = focus
        pytest.fail(f"{what} never had the focus in {MOST_TABS} Tabs (trail: {self.trail})")

    def press(self, key: str) -> None:
        assert key in ("Enter", "Space"), "the keyboard flows use Tab, Shift+Tab, Enter, Space"
        self.page.keyboard.press(key)

    def follow(self, key: str = "Enter"):
        """Press Enter (or Space) on the focused link or button and wait for the next page."""
        with self.page.expect_navigation():
            self.press(key)

    def skip_to_main(self) -> None:
        """The first Tab reaches « Aller au contenu », seen; Enter leads into <main>."""
        focus = self.tab()
        assert focus["skip"], f"the first Tab reached {focus['key'] or focus['text']!r}"
        assert focus["text"] == "Aller au contenu"
        self.press("Enter")
        self.page.wait_for_url("**#main")  # fails after its timeout if the link leads elsewhere
        focus = self.tab()
        assert focus["inMain"], f"after the skip link, Tab reached {focus['text']!r}, not <main>"

    def fill_form(self, form: str, typed: dict[str, str], ticked=()) -> list[str]:
        """Go through `form` with Tab from the focused field to its button, typing in the
        fields of `typed` and pressing Space on `ticked`; the stops must be the form's
        fields in their order, its button last. Returns the stops."""
        stops = self.page.eval_on_selector(form, FORM_STOPS)
        submit = self.page.eval_on_selector(form, SUBMIT)
        assert stops[-1] == submit, f"the button to send is not the last stop: {stops}"
        focus = self.focused()
        assert focus and focus["key"] in stops, f"the focus is not in the form: {focus}"
        walked = [focus["key"]]
        while True:
            name = focus["name"]
            if name in typed:
                self.page.keyboard.type(typed[name])
            if name in ticked:
                self.press("Space")
            if focus["key"] == submit:
                break
            focus = self.tab()
            walked.append(focus["key"])
            assert len(walked) <= len(stops), f"Tab left the form: {walked} (stops: {stops})"
        assert walked == stops[stops.index(walked[0]) :], f"Tab went {walked}, the form is {stops}"
        return walked


@pytest.fixture
def keyboard_page(new_page):
    """A desktop page (the keyboard's usual place) and its Keyboard: `keyboard_page(user=None)`."""

    def make(user=None, **size):
        page = new_page(**{**DESKTOP, **size}, user=user)
        return page, Keyboard(page)

    return make


def test_keyboard_need(keyboard_page):
    page, keys = keyboard_page()
    page.goto("/g/glycines/")
    keys.skip_to_main()
    keys.tab_to(lambda f: f["href"].endswith("/needs/new"), "the « Exprimer un besoin » link")
    keys.follow()
    assert page.url.endswith("/g/glycines/needs/new")
    assert keys.seen("the need form")["name"] == "title"  # its first field has the focus
    stops = keys.fill_form(
        "main form.stack", {"title": "Des rats dans la cour", "body": "Le soir, vers 22 h."}
    )
    assert stops.index("title") < stops.index("body") < stops.index("place") < len(stops) - 1
    keys.follow()
    # The demo has a need like it: the page offers it first, and keeps what was typed.
    expect(page.locator("#similar")).to_have_text("Est-ce le même besoin ?")
    assert page.input_value("#title") == "Des rats dans la cour"
    keys.skip_to_main()
    keys.tab_to(
        lambda f: f["text"] == "Non, le mien est différent", "« Non, le mien est différent »"
    )
    keys.follow()
    assert "/receipt" in page.url, page.inner_text("main")
    expect(page.locator("h1")).to_have_text("Merci, c’est enregistré")
    keys.skip_to_main()


def test_keyboard_join(keyboard_page, live_meeting):
    live_meeting("KB1J0")
    page, keys = keyboard_page()
    page.goto("/g/glycines/")
    keys.skip_to_main()
    keys.tab_to(lambda f: f["href"].endswith("/j"), "the link to join with the code")
    keys.follow()
    assert keys.seen("the join form")["name"] == "code"  # the code has the focus
    stops = keys.fill_form("main form", {"code": "kb1j0", "name": "Awa"})
    assert stops[:2] == ["code", "name"]
    keys.follow()
    assert page.url.endswith("/phone")
    keys.skip_to_main()
    keys.tab_to(lambda f: f["id"] == "ask-normal", "« Demander la parole »")
    keys.follow()
    expect(page.locator(".place")).to_contain_text("numéro 1")
    expect(page.locator("ol.queue li[aria-current]")).to_have_text("Awa")
    # A poll that brings nothing new leaves the focus where it is.
    keys.skip_to_main()
    keys.tab_to(lambda f: f["id"] == "withdraw", "« Retirer ma demande »")
    with page.expect_response(
        lambda r: r.url.endswith("/phone") and "hx-request" in r.request.headers
    ):
        pass
    page.wait_for_timeout(300)
    assert keys.seen("after a poll")["id"] == "withdraw"


def test_keyboard_ballot(open_ballot):
    page, decision_id = open_ballot("KB2B0", size=DESKTOP)
    keys = Keyboard(page)
    page.reload()
    keys.skip_to_main()
    keys.tab_to(lambda f: f["id"] == f"vote-{decision_id}", "the « Voter » link")
    keys.follow()
    assert page.url.endswith(f"/decisions/{decision_id}/ballot")
    keys.skip_to_main()
    keys.tab_to(lambda f: f["type"] == "radio", "the first answer")
    keys.press("Space")  # « Pour »: the first answer, which Tab reaches
    stops = keys.fill_form("main form.ballot", {})
    assert len(stops) == 2, f"one stop for the answers, then the button: {stops}"
    keys.follow()
    assert page.url.endswith("/phone")
    expect(page.locator(".flash")).to_contain_text("Votre vote est enregistré")
    expect(page.locator(f"#decision-{decision_id} .voted")).to_be_visible()


def test_keyboard_rsvp(keyboard_page):
    page, keys = keyboard_page()
    page.goto("/g/glycines/")
    keys.skip_to_main()
    keys.tab_to(
        lambda f: f["inMain"] and "/meetings/" in f["href"] and f["href"].split("/")[-1].isdigit(),
        "the next meeting",
    )
    keys.follow()
    keys.skip_to_main()
    keys.tab_to(lambda f: f["name"] == "name", "the RSVP form's name")
    stops = keys.fill_form("main form.stack", {"name": "Odette Lambert"}, ticked=("answer",))
    assert stops[0] == "name" and stops[1].startswith("answer")
    keys.follow()
    expect(page.locator(".flash")).to_contain_text("Merci, votre réponse est notée.")


@pytest.fixture
def sign_page(live_site):
    from assembly.campaigns.models import Petition

    with live_site.app.app_context():
        petition_id = db.session.scalar(db.select(Petition.id).order_by(Petition.id))
    return f"/g/glycines/campaigns/p/{petition_id}"


def test_keyboard_petition(keyboard_page, sign_page):
    page, keys = keyboard_page()
    page.goto(sign_page)
    keys.skip_to_main()
    keys.tab_to(lambda f: f["name"] == "name", "the name to sign with")
    stops = keys.fill_form(
        "main form.stack",
        {"name": "Gisèle Martin", "place": "Bât. D"},
        ticked=("lives_here",),
    )
    assert stops[:3] == ["name", "place", stops[2]] and stops[2].startswith("lives_here")
    keys.follow()
    assert "/receipt/" in page.url
    expect(page.locator("h1")).to_have_text("Merci pour votre signature")


def test_keyboard_conduct(keyboard_page, speaking_room):
    meeting_id, (awa, bruno, chloe), ask = speaking_room("KB3C0", "Awa", "Bruno", "Chloé")
    page, keys = keyboard_page(user="animateur", width=1280, height=800)
    page.goto(f"/g/glycines/meetings/{meeting_id}/conduct")
    keys.skip_to_main()
    keys.tab_to(lambda f: f["id"] == "next-speaker", "« Donner la parole à la personne suivante »")
    keys.follow()
    expect(page.locator("#speaker-now")).to_have_text("Parle maintenant : Awa")
    # Back at the speaking list: the next Tab goes on from there, not from the page's top.
    assert page.url.endswith("#speaking")
    focus = keys.tab()
    assert focus["order"] > page.evaluate(PLACE, "speaking"), (
        f"after giving the floor, Tab went to {focus['text']!r}, out of the speaking list"
    )
    keys.tab_to(lambda f: f["id"] == f"floor-{chloe}", "« Donner la parole » to Chloé")
    keys.follow()
    expect(page.locator("#speaker-now")).to_have_text("Parle maintenant : Chloé")

    # Someone asks from a phone while the focus is in the list: the poll brings the new
    # list, and the focus stays on the same button.
    keys.tab_to(lambda f: f["id"] == f"floor-{bruno}", "« Donner la parole » to Bruno")
    ask("Dédé")
    expect(page.locator("#line-up")).to_contain_text("Dédé", timeout=3 * POLL)
    assert keys.seen("after the poll")["id"] == f"floor-{bruno}"
    keys.follow()
    expect(page.locator("#speaker-now")).to_have_text("Parle maintenant : Bruno")


def test_the_statement_claims_exactly_the_flows_walked_here():
    walked = [
        name.removeprefix("test_keyboard_")
        for name in globals()
        if name.startswith("test_keyboard_")
    ]
    assert walked == list(KEYBOARD_FLOWS)

"""The conduct page, the projector and phones in a browser: one clock, the layout, decisions
and tasks without leaving the page, a show of hands in a few actions."""

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from assembly.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_htmx import csp_violations, watch_for_errors
from tests.browser.test_meetings import sign_in_at_meeting

pytestmark = pytest.mark.browser

# The browser's own clock seven minutes fast: the figures must not move with it.
SKEWED_CLOCK = """
(() => {
  const skew = 7 * 60 * 1000, realNow = Date.now;
  Date.now = () => realNow() + skew;
})();
"""
POLLS = 12_000  # three polls of the live views


@pytest.fixture
def room(live_site, live_meeting):
    """`room(code, minutes_ago=3, turn_minutes=0)`: a live meeting whose one item (20 min)
    started `minutes_ago`; returns its base URL and id."""
    from assembly.clock import utcnow
    from assembly.meetings.models import Meeting

    def make(code, minutes_ago=3, turn_minutes=0):
        meeting_id = live_meeting(code)
        with live_site.app.app_context():
            meeting = db.session.get(Meeting, meeting_id)
            meeting.current_item_id = meeting.items[0].id
            meeting.item_started_at = utcnow() - timedelta(minutes=minutes_ago)
            meeting.turn_minutes = turn_minutes
            db.session.commit()
        return f"/g/glycines/meetings/{meeting_id}", meeting_id

    return make


def seconds(page, selector) -> int:
    """A clock's figure in seconds: negative once over time."""
    clock = page.locator(selector)
    figure = clock.locator(".figure").first.inner_text()
    minutes, secs = figure.split(":")
    value = int(minutes) * 60 + int(secs)
    return -value if "over" in (clock.get_attribute("class") or "") else value


def ticks_down(page, selector, start: int, by: int = 2, within: float = 10) -> bool:
    """The clock shows `by` seconds less than `start` within `within` seconds: a clock that
    does not tick never does; a loaded machine that skips a tick only takes a little longer."""
    deadline = time.monotonic() + within
    while start - seconds(page, selector) < by and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return start - seconds(page, selector) >= by


def item_left(live_site, meeting_id) -> int:
    """The server's own figure for the item's clock, now."""
    from assembly.meetings.models import Meeting

    with live_site.app.app_context():
        return db.session.get(Meeting, meeting_id).item_clock().left


def read_between(live_site, meeting_id, read) -> tuple[int, int, int]:
    """The server's figure, what `read()` finds on a page, the server's figure again: a
    right page shows a figure between the two, however slow the machine is."""
    before = item_left(live_site, meeting_id)
    shown = read()
    return before, shown, item_left(live_site, meeting_id)


def agree(first_read, second_read) -> bool:
    """Two screens read one after the other, then the first again: the second agrees with
    the first to the second (it may show either side of a tick in between)."""
    before, shown, after = first_read(), second_read(), first_read()
    return after - 1 <= shown <= before + 1


def same_document(page):
    """Mark the page: a page load would forget the mark (`still_same_document`)."""
    page.wait_for_load_state("load")
    page.evaluate("window.__sameDocument = true")


def still_same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def join_and_ask(new_page, code, name, js=True):
    phone = new_page(width=240, height=320, js=js)
    sign_in_at_meeting(phone, code, name)
    if js:
        phone.click("form.ask button[value=normal]")
        phone.wait_for_selector("ol.queue li[aria-current]")
    else:
        with phone.expect_navigation():
            phone.click("form.ask button[value=normal]")
    return phone


def test_the_clock_ticks_and_reads_the_same_on_the_conduct_page_and_the_projector(
    new_page, room, live_site
):
    base, meeting_id = room("CL0K1")
    laptop = new_page(width=1280, height=800, user="animateur")
    errors = watch_for_errors(laptop)
    laptop.goto(f"{base}/conduct")
    wall = new_page(width=1920, height=1080, user="animateur")
    wall.add_init_script(SKEWED_CLOCK)
    wall.goto(f"{base}/projector")
    expect(wall.locator(".item-clock")).to_be_visible()
    on_laptop = lambda: seconds(laptop, "#item-clock .item-clock")  # noqa: E731
    on_wall = lambda: seconds(wall, ".item-clock")  # noqa: E731
    before, first, after = read_between(live_site, meeting_id, on_laptop)
    assert after <= first <= before + 1, "the conduct page is not on the server's time"
    assert 16 * 60 <= first <= 17 * 60  # 20 min, started 3 min ago
    assert agree(on_laptop, on_wall), "the projector and the conduct page disagree"
    assert ticks_down(laptop, "#item-clock .item-clock", first), (
        "the conduct page's clock does not tick"
    )
    before, later, after = read_between(live_site, meeting_id, on_laptop)
    assert after <= later <= before + 1, "the conduct page is not on the server's time"
    assert agree(on_laptop, on_wall), "the projector and the conduct page disagree"
    before, shown, after = read_between(live_site, meeting_id, on_wall)
    assert after <= shown <= before + 1, "the projector is not on the server's time"
    screenshot(wall, "conduct-clock-projector-1920")
    assert errors == [] and csp_violations(laptop) == []


def test_the_clock_is_right_on_reload_without_javascript(new_page, room, live_site):
    base, meeting_id = room("CL0K2", minutes_ago=5)
    wall = new_page(width=1920, height=1080, js=False, user="animateur")
    laptop = new_page(width=1280, height=800, js=False, user="animateur")

    def open_wall():
        wall.goto(f"{base}/projector")
        return seconds(wall, ".item-clock")

    def reload_wall():
        wall.reload()
        return seconds(wall, ".item-clock")

    def open_conduct():
        laptop.goto(f"{base}/conduct")
        return seconds(laptop, "#item-clock .item-clock")

    before, first, after = read_between(live_site, meeting_id, open_wall)
    assert after <= first <= before
    wall.wait_for_timeout(2200)
    assert seconds(wall, ".item-clock") == first  # no script: the figure stays as rendered
    before, again, after = read_between(live_site, meeting_id, reload_wall)
    assert after <= again <= before and again <= first - 2  # not the old page from the cache
    before, shown, after = read_between(live_site, meeting_id, open_conduct)
    assert after <= shown <= before


def test_pause_stops_the_clock_on_the_conduct_page_and_the_projector(new_page, room):
    base, _ = room("CL0K3")
    wall = new_page(width=1920, height=1080, user="animateur")
    wall.goto(f"{base}/projector")
    same_document(wall)
    laptop = new_page(width=1280, height=800, user="animateur")
    laptop.goto(f"{base}/conduct")
    with laptop.expect_navigation():
        laptop.click("#item-clock button:has-text('Pause')")
    assert laptop.url.endswith("/conduct#agenda-item")
    expect(laptop.locator("#item-clock .paused")).to_have_text("en pause")
    held = seconds(laptop, "#item-clock .item-clock")
    expect(wall.locator(".item-clock .paused")).to_be_visible(timeout=POLLS)
    assert still_same_document(wall)
    laptop.wait_for_timeout(2200)
    assert seconds(laptop, "#item-clock .item-clock") == held
    assert seconds(wall, ".item-clock") == held
    screenshot(laptop, "conduct-paused-1280")
    with laptop.expect_navigation():
        laptop.click("#item-clock button:has-text('Reprendre')")
    assert ticks_down(laptop, "#item-clock .item-clock", held)  # runs again
    with laptop.expect_navigation():
        laptop.click("#item-clock button:has-text('+5 min')")
    assert seconds(laptop, "#item-clock .item-clock") > held + 4 * 60


def test_the_speaker_sees_their_time_on_the_phone_and_when_it_is_up(new_page, room, live_site):
    from assembly.meetings.models import Meeting, SpeakerTurn

    base, meeting_id = room("CL0K4")
    laptop = new_page(width=1280, height=800, user="animateur")
    laptop.goto(f"{base}/conduct")
    laptop.select_option("#minutes", "2")
    with laptop.expect_navigation():
        laptop.click("form[action$='/conduct/turn-time'] button")
    phone = join_and_ask(new_page, "CL0K4", "Awa")
    same_document(phone)
    laptop.reload()
    with laptop.expect_navigation():
        laptop.click("form[action$='/conduct/next-speaker'] button")
    mine = phone.locator("#live .my-turn")
    expect(mine).to_contain_text("C’est à vous de parler.", timeout=POLLS)
    first = seconds(phone, ".my-turn .turn-clock")
    assert 100 <= first <= 120
    wall = new_page(width=1920, height=1080, user="animateur")
    wall.goto(f"{base}/projector")
    on_wall = lambda: seconds(wall, ".turn-clock")  # noqa: E731
    assert agree(on_wall, lambda: seconds(phone, ".my-turn .turn-clock"))
    assert agree(on_wall, lambda: seconds(laptop, "#queue .turn-clock"))
    assert ticks_down(phone, ".my-turn .turn-clock", first), "the phone's clock does not tick"
    screenshot(phone, "conduct-turn-phone-240")

    with live_site.app.app_context():  # the turn began 2 min 5 s ago
        turn = db.session.scalar(db.select(SpeakerTurn).filter_by(meeting_id=meeting_id))
        turn.started_at -= timedelta(seconds=first + 5)
        db.session.get(Meeting, meeting_id).touch()
        db.session.commit()
    up = phone.locator(".my-turn .turn-clock .up")
    expect(up).to_be_visible(timeout=POLLS)
    expect(up).to_contain_text("Temps écoulé")  # in words, not only in colour
    expect(phone.locator(".my-turn .turn-clock .left")).to_be_hidden()
    assert still_same_document(phone), "the phone page was reloaded"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 240
    screenshot(phone, "conduct-turn-up-phone-240")
    wall.reload()
    expect(wall.locator(".turn-clock .up")).to_be_visible()
    screenshot(wall, "conduct-turn-up-projector-1920")


def test_the_speaking_list_is_beside_the_item_on_a_laptop_and_fits_a_phone(new_page, room):
    base, _ = room("CL0K5", turn_minutes=2)
    for name in ("Awa", "Bruno", "Chloé", "Dédé", "Élise"):
        join_and_ask(new_page, "CL0K5", name, js=False)
    laptop = new_page(width=1280, height=800, user="animateur")
    laptop.goto(f"{base}/conduct")
    with laptop.expect_navigation():
        laptop.click("form[action$='/conduct/next-speaker'] button")
    speaking = laptop.locator("#speaking").bounding_box()
    queue = laptop.locator("#queue").bounding_box()
    item = laptop.locator("#agenda-item").bounding_box()
    assert queue["y"] + queue["height"] <= 800, "the speaking list is below the fold"
    assert speaking["x"] >= item["x"] + item["width"], "not in a column of its own"
    assert laptop.locator("#decisions").bounding_box()["x"] == item["x"]
    screenshot(laptop, "conduct-1280")
    for width, height in ((360, 640), (240, 320)):
        phone = new_page(width=width, height=height, user="animateur")
        phone.goto(f"{base}/conduct")
        assert phone.evaluate("document.documentElement.scrollWidth") <= phone.evaluate(
            "document.documentElement.clientWidth"
        ), f"the conduct page scrolls sideways at {width} px"
        ys = [
            phone.locator(s).bounding_box()["y"]
            for s in ("#agenda-item", "#speaking", "#decisions")
        ]
        assert ys == sorted(ys), "on a phone, the speaking list comes right after the item"
        screenshot(phone, f"conduct-{width}")
    wide = new_page(width=1920, height=1080, user="animateur")
    wide.goto(f"{base}/conduct")
    screenshot(wide, "conduct-1920")


def test_preparing_a_decision_and_adding_a_task_stay_on_the_page(new_page, room):
    base, _ = room("CL0K6")
    laptop = new_page(width=1280, height=800, user="animateur")
    errors = watch_for_errors(laptop)
    laptop.goto(f"{base}/conduct")
    url = laptop.url
    same_document(laptop)
    laptop.click("#decisions a:has-text('Préparer une décision')")
    form = laptop.locator("#decisions form.stack")
    expect(form).to_be_visible()
    form.locator("input[name=question]").fill("Quelle fête cet été ?")
    form.locator("input[name=method][value=consent]").check()
    form.locator("button").click()
    expect(laptop.locator("#decisions .item-decisions")).to_contain_text("Quelle fête cet été ?")
    expect(laptop.locator("#decisions [role=status]")).to_contain_text("La décision est préparée")

    laptop.click("#tasks summary")
    laptop.fill("#task-title", "Réserver la cour")
    laptop.fill("#task-assignee_name", "Fatou")
    laptop.click("#tasks form.stack button")
    expect(laptop.locator("#tasks ul.tasks")).to_contain_text("Réserver la cour")
    laptop.fill("#task-title", "")  # the form stays open for the next task; an empty one fails
    laptop.click("#tasks form.stack button")
    expect(laptop.locator("#task-title-error")).to_be_visible()
    assert laptop.url == url and still_same_document(laptop), "the live page was left"
    refused = [error for error in errors if "status of 400" in error]  # the empty task
    assert errors == refused and len(refused) == 1 and csp_violations(laptop) == []
    screenshot(laptop, "conduct-decision-task-1280")


def test_without_javascript_preparing_and_a_task_come_back_to_the_page(new_page, room):
    base, _ = room("CL0K7")
    laptop = new_page(width=1280, height=800, js=False, user="animateur")
    laptop.goto(f"{base}/conduct")
    with laptop.expect_navigation():
        laptop.click("#decisions a:has-text('Préparer une décision')")
    assert "/decisions/new?next=" in laptop.url
    laptop.fill("input[name=question]", "Écrit-on au bailleur ?")
    with laptop.expect_navigation():
        laptop.click("main form.stack > button")
    assert laptop.url.endswith(f"{base}/conduct#decisions")
    expect(laptop.locator("#decisions")).to_contain_text("Écrit-on au bailleur ?")

    laptop.click("#tasks summary")
    laptop.fill("#task-title", "Écrire au bailleur")
    laptop.fill("#task-assignee_name", "Karim")
    with laptop.expect_navigation():
        laptop.click("#tasks form.stack button")
    assert laptop.url.endswith(f"{base}/conduct#tasks")
    expect(laptop.locator("#tasks ul.tasks")).to_contain_text("Écrire au bailleur")


class Actions:
    """What the facilitator does, counted: each click (a submit included) is one action."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector, navigates=False):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_show_of_hands_takes_at_most_four_actions_from_the_conduct_page(new_page, room, js):
    base, _ = room("CL0K8" if js else "CL0K9")
    laptop = new_page(width=1280, height=800, js=js, user="animateur")
    laptop.goto(f"{base}/conduct")
    url = laptop.url
    me = Actions(laptop)
    laptop.fill("#hands-question", "Fait-on la fête en juin ?")
    me.click("form.hands-now button", navigates=not js)
    counting = laptop.locator("#decisions form.count-hands")
    expect(counting).to_be_visible()
    if js:  # the counts are typed at once: the first one has the focus
        assert laptop.evaluate("document.activeElement.name") == "yes"
    for name, number in (("yes", "14"), ("no", "3"), ("abstain", "2")):
        counting.locator(f"input[name={name}]").fill(number)
    me.click("#decisions form.count-hands button", navigates=not js)
    expect(laptop.locator("#decisions .outcome")).to_have_text("Adoptée")
    assert me.count <= 4, f"a show of hands took {me.count} actions"
    assert re.sub(r"#.*", "", laptop.url) == url  # still, or back, on the conduct page
    screenshot(laptop, f"conduct-hands-1280-{'js' if js else 'nojs'}")


def test_the_conduct_page_passes_axe(new_page, room):
    from tests.browser.test_accessibility import axe_violations, describe

    base, _ = room("CL0KA", turn_minutes=2)
    join_and_ask(new_page, "CL0KA", "Awa", js=False)
    laptop = new_page(width=1280, height=800, bypass_csp=True, user="animateur")
    laptop.goto(f"{base}/conduct")
    laptop.fill("#hands-question", "Fait-on la fête en juin ?")
    laptop.click("form.hands-now button")
    expect(laptop.locator("#decisions form.count-hands")).to_be_visible()
    with laptop.expect_navigation():
        laptop.click("form[action$='/conduct/next-speaker'] button")
    laptop.click("#tasks summary")
    violations = axe_violations(laptop)
    assert not violations, describe(violations)


def test_the_facilitator_sees_phones_join_and_keeps_the_choice_made_in_the_list(
    new_page, live_meeting
):
    """The count of people present and whom the speaking list can take follow the phones
    that join, without a reload; a choice made in that list stays made when someone else
    joins, and stays put while nobody does (an unchanged part is not swapped again)."""
    meeting_id = live_meeting("JN7Q2")
    laptop = new_page(width=1280, height=800, user="animateur")
    laptop.goto(f"/g/glycines/meetings/{meeting_id}/conduct")
    expect(laptop.locator("#present-now")).to_contain_text("0 personne présente")
    for name in ("Awa", "Bruno"):
        sign_in_at_meeting(new_page(width=320, height=640, js=False), "JN7Q2", name)
    expect(laptop.locator("#present-now")).to_contain_text("2 personnes présentes", timeout=POLLS)
    choice = laptop.locator("#attendance")
    expect(choice.locator("option")).to_have_text(["Awa", "Bruno"])
    choice.select_option(label="Bruno")
    choice.evaluate("select => { select.__kept = true; }")
    time.sleep(POLLS / 2 / 1000)  # polls that bring nothing new
    assert choice.evaluate("select => select.__kept === true"), "an unchanged list was swapped"
    sign_in_at_meeting(new_page(width=320, height=640, js=False), "JN7Q2", "Aïcha")
    expect(choice.locator("option")).to_have_text(["Aïcha", "Awa", "Bruno"], timeout=POLLS)
    expect(laptop.locator("#present-now")).to_contain_text("3 personnes présentes")
    assert choice.evaluate("select => select.value") == choice.locator(
        "option", has_text="Bruno"
    ).get_attribute("value"), "the choice made was lost when the list changed"
    with laptop.expect_navigation():
        laptop.locator("form[action$='/speakers'] button").click()
    expect(laptop.locator("#line-up")).to_contain_text("Bruno")

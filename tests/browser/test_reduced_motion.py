"""When the device asks for less motion (`prefers-reduced-motion: reduce`), nothing moves."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/g/glycines/", "/g/glycines/needs/new", "/j", "/g/glycines/needs", "/accessibility"]

# What moves on the page: every element (and its ::before, ::after) with a transition or
# an animation that lasts, and a smooth scroll.
MOVING = """() => {
  const lasts = (durations) => durations.split(",").some((d) => parseFloat(d) > 0);
  const moving = [];
  for (const el of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const animated = style.animationName !== "none" && lasts(style.animationDuration);
      if (lasts(style.transitionDuration) || animated) {
        const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
        moving.push(name + (pseudo || ""));
      }
    }
  }
  const scrolls = getComputedStyle(document.documentElement).scrollBehavior;
  if (scrolls === "smooth") moving.push("smooth scroll");
  return moving;
}"""

# htmx shows this indicator during a request; style.css fades it in. A page people arrive
# at carries only the rules that apply to it, and none of them loads htmx: the check that
# motion is seen runs on the pages that link the whole stylesheet.
ADD_INDICATOR = """() => {
  const indicator = document.createElement("span");
  indicator.className = "htmx-indicator";
  document.querySelector("main").append(indicator);
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_nothing_moves_when_the_device_asks_for_less_motion(browser, live_server, motion):
    context = browser.new_context(base_url=live_server, locale="fr-FR", reduced_motion=motion)
    try:
        page = context.new_page()
        for path in PAGES:
            page.goto(path)
            page.evaluate(ADD_INDICATOR)
            moving = page.evaluate(MOVING)
            if motion == "reduce":
                assert moving == [], f"{path} moves although the device asks not to: {moving}"
            elif page.locator("link[rel=stylesheet]").count():  # the check sees motion
                assert "span.htmx-indicator" in moving, f"{path}: {moving}"
    finally:
        context.close()

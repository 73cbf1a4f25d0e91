"""Reading a long, much discussed consultation on a feature phone (240×320): no page
scrolls sideways, the summary's table scrolls in its own box, its pages follow each other
without script; a difference printed keeps its strike-through and underline.

The consultation (300 paragraphs, some 2,000 contributions) is added to the live site in
a group of its own, taken out again after these tests.
"""

import pytest

from tests.browser.conftest import screenshot
from tests.consultations.test_budgets import big_consultation

pytestmark = pytest.mark.browser

NARROWEST = 240


@pytest.fixture(scope="module")
def big(live_site):
    """The long consultation, in a group « parc » of its own while this module runs (a
    second group would change the demo's other pages: its home leads to the list of
    groups); its address and paragraphs."""
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.groups.operations import create_group
    from assembly.trace.models import Event

    with live_site.app.app_context():
        group = create_group("Collectif du parc", "parc", admin=None)
        db.session.commit()
        group_id = group.id
    made = big_consultation(live_site.app, group_id, None)
    made.url = f"/g/parc/consultations/{made.number}"
    yield made
    with live_site.app.app_context():
        # Its consultation, contributions and journal go with it (ON DELETE CASCADE).
        db.session.execute(db.delete(Group).where(Group.id == group_id))
        db.session.execute(
            db.delete(Event).where(Event.subject_type == "groups", Event.subject_id == group_id)
        )
        db.session.commit()


def test_the_reading_pages_fit_240px(new_page, big):
    page = new_page(width=NARROWEST, height=320)
    paths = {
        "overview": big.url,
        "part": f"{big.url}/text?part=2",
        "paragraph": f"{big.url}/p/{big.hottest}",
        "summary": f"{big.url}/summary",
        "summary-last": f"{big.url}/summary?page=10",
    }
    for name, path in paths.items():
        assert page.goto(path).status == 200
        screenshot(page, f"consultation-{name}-240")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROWEST, f"{name} is {width} px wide"
    # On the summary the table is wider than the phone: it scrolls inside its box.
    page.goto(paths["summary"])
    box = page.locator("table.discussed").evaluate(
        "t => [t.parentElement.className, t.scrollWidth, t.parentElement.clientWidth]"
    )
    assert box[0] == "scroll" and box[1] > box[2]


def test_the_summary_pages_follow_each_other_without_javascript(new_page, big):
    page = new_page(width=NARROWEST, height=320, js=False)
    page.goto(big.url)
    with page.expect_navigation():
        page.get_by_role("link", name="Résumé : qui a participé").click()
    assert "Page 1 sur 10" in page.locator("nav.pages").inner_text()
    with page.expect_navigation():
        page.locator("nav.pages").get_by_role("link", name="Suivant").click()
    assert "Page 2 sur 10" in page.locator("nav.pages").inner_text()
    with page.expect_navigation():
        page.locator("table.discussed tbody a").first.click()
    assert "/p/" in page.url and page.locator("h1").inner_text().startswith("Paragraphe")


def test_a_printed_difference_keeps_its_strike_through_and_underline(new_page, big, live_site):
    """Printed, colours go; the marks and the words of the difference stay."""
    from flask import render_template_string

    with live_site.app.test_request_context(headers={"Accept-Language": "fr"}):
        html = render_template_string(
            '{% from "consultations/_diff.html" import diff_text %}'
            "{{ diff_text(text_diff('sous huit jours', 'sous quinze jours')) }}"
        )
    page = new_page(width=NARROWEST, height=320)
    page.goto(big.url)
    page.locator("main").evaluate("(main, html) => { main.innerHTML = html; }", html)
    page.emulate_media(media="print")
    for tag, line in (("del", "line-through"), ("ins", "underline")):
        style = page.locator(f".diff {tag}").evaluate("e => getComputedStyle(e).textDecorationLine")
        assert line in style, f"{tag} prints as {style}"
    assert "[supprimé\u00a0:" in page.locator(".diff del").text_content()

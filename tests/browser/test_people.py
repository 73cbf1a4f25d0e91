"""An organizer's relations on a phone: one-to-ones, asks, the ladder and the follow-up list,
usable without script at 240 px."""

from datetime import date, timedelta

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_without_javascript import NARROWEST, page_width

pytestmark = pytest.mark.browser


@pytest.fixture
def resident(live_site):
    """A person of the demo group with one ask waiting for an answer; returns their page's
    address (the part of it this feature serves)."""
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.people.models import Ask, Person

    with live_site.app.app_context():
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        person = Person(group_id=group.id, name="Aïssatou Konaté-Delacroix", building="Bât. B")
        db.session.add(person)
        db.session.flush()
        db.session.add(Ask(person_id=person.id, what="Tenir la table ?", asked_on=date(2026, 3, 2)))
        db.session.commit()
        return f"/g/glycines/people/{person.id}"


def send(page, form="main form.stack"):
    with page.expect_navigation() as navigation:
        page.locator(f"{form} > button").click()
    return navigation.value


def test_an_organizer_logs_a_one_to_one_and_an_answer_without_javascript(new_page, resident):
    page = new_page(width=NARROWEST, height=320, js=False, user="organisatrice")
    page.goto(f"{resident}/one-to-ones/new")
    assert page.locator("#met_by option:checked").inner_text() == "Samira Benali"
    page.fill("#self_interest", "Les charges qui doublent.")
    in_two_weeks = (date.today() + timedelta(days=14)).isoformat()  # noqa: DTZ011 (a day either way)
    page.fill("#next_step_on", in_two_weeks)
    assert send(page).status == 400  # a date for the next step, but no step
    assert page.locator("#next_step_on-error").is_visible()
    assert page.locator("#self_interest").input_value() == "Les charges qui doublent."
    page.fill("#next_step", "L'inviter à l'assemblée")
    send(page)
    page.goto(f"{resident}/one-to-ones")
    assert "Les charges qui doublent." in page.inner_text("main")
    assert "L'inviter à l'assemblée" in page.inner_text("main")

    page.goto(f"{resident}/asks")
    with page.expect_navigation():
        page.get_by_role("button", name="A dit oui").click()
    assert page.url.endswith(f"{resident}/asks")
    assert "a dit oui" in page.inner_text("main ul.asks")


def test_the_relations_pages_fit_240px(new_page, resident):
    """Measuring needs a script: the same pages, in a browser with scripts on."""
    page = new_page(width=NARROWEST, height=320, user="organisatrice")
    for name, path in (
        ("follow-up", "/g/glycines/people/follow-up"),
        ("ladder", "/g/glycines/people/ladder"),
        ("one-to-one", f"{resident}/one-to-ones/new"),
        ("one-to-ones", f"{resident}/one-to-ones"),
        ("asks", f"{resident}/asks"),
    ):
        assert page.goto(path).status == 200
        screenshot(page, f"people-{name}-240")
        width = page_width(page)
        assert width <= NARROWEST, f"{path} is {width} px wide"

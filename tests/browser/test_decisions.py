"""Decisions at a meeting in a browser: a ballot without JavaScript, a result on the projector."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from assembly.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_meetings import sign_in_at_meeting
from tests.helpers import live_meeting_on

pytestmark = pytest.mark.browser

OPTIONS = ["Pique-nique au square", "Bal dans la cour du bâtiment B", "Concert"]


@pytest.fixture(scope="module")
def server_db(live_site):
    """The live server's own app, to add records the demo lacks."""
    return live_site.app


@pytest.fixture(scope="module")
def judgment(server_db):
    """A live meeting whose current item has a majority judgment, prepared; returns ids.

    `open_vote` opens it: a vote of those present is for who joined before it opened.
    """
    from assembly.decisions.models import Method
    from assembly.decisions.operations import core
    from assembly.groups.models import Group

    def make(code: str) -> dict:
        with server_db.app_context():
            group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
            meeting, item = live_meeting_on(
                group,
                title="Assemblée de juin",
                item="La fête de l'été",
                code=code,
                starts_at=datetime(2026, 6, 4, 17),
                timebox_minutes=20,
            )
            decision = core.create_decision(
                group,
                question="Quelle fête pour l'été ?",
                method=Method.JUDGMENT,
                by=None,
                options=OPTIONS,
                item=item,
            )
            return {
                "meeting": meeting.id,
                "decision": decision.id,
                "options": [option.id for option in decision.options],
            }

    return make


def open_vote(server_db, ids: dict) -> None:
    from assembly.decisions.models import Decision
    from assembly.decisions.operations import core

    with server_db.app_context():
        core.open_decision(db.session.get(Decision, ids["decision"]))


def ballots_of(server_db, decision_id):
    from assembly.decisions.models import Ballot

    with server_db.app_context():
        query = db.select(Ballot).filter_by(decision_id=decision_id)
        return [
            (ballot.name, sorted((g.option_id, g.grade) for g in ballot.grades))
            for ballot in db.session.scalars(query)
        ]


def test_a_resident_without_javascript_grades_every_option_at_240px(new_page, judgment, server_db):
    ids = judgment("J3QR8")
    page = new_page(width=240, height=320, js=False)
    sign_in_at_meeting(page, "J3QR8", "Awa")
    open_vote(server_db, ids)
    page.reload()  # without JavaScript, the phone shows the vote once reloaded
    with page.expect_navigation():
        page.click(".decision-now a.button")
    assert page.url.endswith(f"/decisions/{ids['decision']}/ballot")
    assert page.locator("fieldset.grades").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 240
    # Each grade is a row one can hit with a thumb.
    assert page.locator("fieldset.grades label").first.bounding_box()["height"] >= 40
    grades = dict(zip(ids["options"], (5, 3, 0), strict=True))
    for option, grade in grades.items():
        page.click(f"label:has(input[name=option_{option}][value='{grade}'])")
    screenshot(page, "decision-ballot-240-nojs")
    with page.expect_navigation():
        page.click("button.vote")
    assert page.url.endswith(f"/meetings/{ids['meeting']}/phone")
    assert page.locator(".flash").is_visible()
    assert page.locator(".decision-now .voted").is_visible()
    assert ballots_of(server_db, ids["decision"]) == [("Awa", sorted(grades.items()))]
    screenshot(page, "decision-phone-240-voted")


def test_a_missing_grade_is_marked_next_to_its_option_without_javascript(
    new_page, judgment, server_db
):
    ids = judgment("K4TW7")
    page = new_page(width=320, height=640, js=False)
    sign_in_at_meeting(page, "K4TW7", "Bintou")
    open_vote(server_db, ids)
    page.goto(f"/g/glycines/decisions/{ids['decision']}/ballot")
    first, second, third = ids["options"]
    page.check(f"input[name=option_{first}][value='4']")
    page.check(f"input[name=option_{third}][value='2']")
    with page.expect_navigation():
        page.click("button.vote")
    assert page.locator(f"#option_{second}-error").is_visible()
    assert page.locator(f"#option_{first}-error").count() == 0
    assert page.is_checked(f"input[name=option_{first}][value='4']")
    assert page.is_checked(f"input[name=option_{third}][value='2']")
    screenshot(page, "decision-ballot-320-missing-grade")


def test_the_result_appears_on_the_projector_when_the_vote_closes(new_page, judgment, server_db):
    from assembly.decisions.operations import core, voting
    from assembly.meetings.operations.live import sign_in

    ids = judgment("P8NX3")
    first, second, third = ids["options"]
    with server_db.app_context():
        from assembly.decisions.models import Decision
        from assembly.meetings.models import Meeting

        meeting = db.session.get(Meeting, ids["meeting"])
        decision = db.session.get(Decision, ids["decision"])
        voters = {name: sign_in(meeting, name) for name in ("Awa", "Bruno", "Chloé")}
        core.open_decision(decision)
        for name, grades in (("Awa", (2, 5, 1)), ("Bruno", (3, 4, 0)), ("Chloé", (4, 4, 2))):
            attendance = voters[name]
            voting.cast_ballot(
                decision,
                attendance_id=attendance.id,
                name=name,
                grades=dict(zip(ids["options"], grades, strict=True)),
            )

    wall = new_page(width=1280, height=720, user="animateur")
    wall.goto(f"/g/glycines/meetings/{ids['meeting']}/projector")
    expect(wall.locator(f"#decision-{ids['decision']} .ballots")).to_be_visible()
    assert wall.locator("ol.ranking").count() == 0
    wall.wait_for_load_state("load")
    wall.evaluate("window.__sameDocument = true")  # a page load would forget this
    screenshot(wall, "decision-projector-1280-open")

    laptop = new_page(width=1280, height=720, user="animateur")
    laptop.goto(f"/g/glycines/decisions/{ids['decision']}")
    with laptop.expect_navigation():
        laptop.click("form[action$='/close'] button")

    # Within two polls (4 s each), the projector shows the ranking, in place.
    ranking = wall.locator("#live ol.ranking > li")
    expect(ranking).to_have_count(3, timeout=12_000)
    # Medians (lower): Bal {4, 4, 5} → 4; Pique-nique {2, 3, 4} → 3; Concert {0, 1, 2} → 1.
    labels = [text.split("\n")[0] for text in ranking.all_inner_texts()]
    assert [label.strip() for label in labels] == [OPTIONS[1], OPTIONS[0], OPTIONS[2]]
    assert wall.locator("#live svg.merit").count() == 3
    assert wall.evaluate("window.__sameDocument") is True, "the projector page was reloaded"
    screenshot(wall, "decision-projector-1280-result")

    screenshot(laptop, "decision-show-1280")
    narrow = new_page(width=320, height=640, user="animateur")
    narrow.goto(f"/g/glycines/decisions/{ids['decision']}")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "decision-show-320")


def test_the_ballot_page_at_320_and_1280(new_page, judgment, server_db):
    ids = judgment("W6KB4")
    pages = {}
    for width in (320, 1280):
        pages[width] = new_page(width=width, height=720, js=True)
        sign_in_at_meeting(pages[width], "W6KB4", f"Dora {width}")
    open_vote(server_db, ids)
    for width, page in pages.items():
        page.goto(f"/g/glycines/decisions/{ids['decision']}/ballot")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"decision-ballot-{width}")


def test_the_ballot_the_result_and_the_projector_pass_axe(new_page, judgment, server_db):
    from assembly.decisions.models import Decision
    from assembly.decisions.operations import core, voting
    from assembly.meetings.models import Meeting
    from assembly.meetings.operations.live import sign_in
    from tests.browser.test_accessibility import axe_violations, describe

    ids = judgment("A7XE4")
    phone = new_page(width=320, height=640, bypass_csp=True)
    sign_in_at_meeting(phone, "A7XE4", "Awa")
    with server_db.app_context():
        bruno = sign_in(db.session.get(Meeting, ids["meeting"]), "Bruno").id
    open_vote(server_db, ids)
    phone.goto(f"/g/glycines/decisions/{ids['decision']}/ballot")
    violations = axe_violations(phone)
    assert not violations, describe(violations)
    with server_db.app_context():
        decision = db.session.get(Decision, ids["decision"])
        grades = dict(zip(ids["options"], (4, 2, 1), strict=True))
        voting.cast_ballot(decision, attendance_id=bruno, name="Bruno", grades=grades)
        core.close_decision(decision)
    team = new_page(width=1280, height=800, bypass_csp=True, user="animateur")
    assert team.goto(f"/g/glycines/decisions/{ids['decision']}").status == 200
    violations = axe_violations(team)
    assert not violations, describe(violations)
    assert team.goto(f"/g/glycines/meetings/{ids['meeting']}/projector").status == 200
    violations = axe_violations(team)
    assert not violations, describe(violations)

"""Who contributes: distinct people, new and returning, repeat rate and concentration,
on data sets built through the real models with answers known by construction."""

import re
from datetime import date, datetime

import pytest

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.contributors import contributors
from tests.insights.records import Records

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
BEFORE = datetime(2025, 11, 5)


def section_of(app, group, period=PERIOD):
    with app.app_context():
        return contributors(db.session.get(Group, group.id), period)


@pytest.fixture
def ten(app, group, people):
    """Ten contributors in the period, with 1, 1, 1, 1, 1, 2, 2, 2, 2 and 7 contributions.

    The first five had contributed before the period (returning); the one with 7 is
    the member's account, linked to a contact: their need, supports and argument add up.
    Two more contributions name nobody (hands counted).
    """
    with app.app_context():
        records = Records(group.id)
        everyone = [records.person(f"P{n}") for n in range(9)]
        everyone.append(records.person("Linked", user_id=people["member"].id))
        for person in everyone[:5]:
            records.need(BEFORE, person=person)
        for n, person in enumerate(everyone[:9]):
            for times in range(1 if n < 5 else 2):
                records.need(datetime(2026, 2 if times == 0 else 4, 1 + n), person=person)
        records.need(datetime(2026, 3, 2), author_id=people["member"].id)
        for day in range(1, 5):
            records.support(datetime(2026, 3, day), person=everyone[9], need=records.need(BEFORE))
        records.support(datetime(2026, 3, 9), user_id=people["member"].id)
        records.argument(datetime(2026, 5, 9), user_id=people["member"].id)
        records.hands(datetime(2026, 3, 1), 2)
        db.session.commit()


def test_distinct_new_and_returning(app, group, ten):
    data = section_of(app, group)
    assert data["distinct"] == 10
    assert (data["new"], data["returning"]) == (5, 5)
    assert data["new_share"] == 0.5
    assert data["unknown"] == 2  # the hands (the needs the supports went to came before)
    assert data["contributions"] == 20 + 2


def test_repeat_rate_and_concentration(app, group, ten):
    data = section_of(app, group)
    assert data["repeat_rate"] == 0.5  # five of ten contributed more than once
    # Counts 1,1,1,1,1,2,2,2,2,7: G = 2·Σ i·xᵢ / (n·Σxᵢ) − (n+1)/n = 2·145/200 − 1.1
    assert data["gini"] == pytest.approx(0.35)
    # The top 10 % is one person, who made 7 of the 20 named contributions.
    assert data["top10_share"] == pytest.approx(0.35)
    assert data["top10_people"] == 1


def test_new_contributors_over_time_are_counted_at_their_first_contribution(app, group, ten):
    data = section_of(app, group)
    assert data["unit"] == "month"
    points = {row["key"]: row["value"] for row in data["new_over_time"]}
    # The five new ones came first in February (four) and March (the linked account):
    # both under five, both hidden.
    assert points == {
        "2026-01-01": 0,
        "2026-02-01": None,
        "2026-03-01": None,
        "2026-04-01": 0,
        "2026-05-01": 0,
        "2026-06-01": 0,
    }


def test_a_person_who_came_before_a_later_period_is_returning(app, group, ten):
    later = Period(date(2026, 4, 1), date(2026, 6, 30))
    data = section_of(app, group, later)
    # In April–June: P5–P8 (second needs) and the linked account (argument): 5 people,
    # none new.
    assert data["distinct"] == 5
    assert (data["new"], data["returning"]) == (0, 5)
    assert data["new_share"] == 0


def needs_by(app, group, names: int, hands: int = 0):
    """`names` people voice one need each in February; `hands` more are counted."""
    with app.app_context():
        records = Records(group.id)
        for n in range(names):
            records.need(datetime(2026, 2, 1 + n), person=records.person(f"P{n}"))
        if hands:
            records.hands(datetime(2026, 2, 20), hands)
        db.session.commit()


def test_everyone_contributing_as_much_is_no_concentration(app, group):
    needs_by(app, group, 6)
    data = section_of(app, group)
    assert data["distinct"] == 6
    assert data["gini"] == 0.0
    assert data["top10_share"] == pytest.approx(1 / 6)  # one person of six, one need of six
    assert data["repeat_rate"] == 0  # nobody came twice (an empty cell names nobody)


def test_fewer_than_five_contributors_hide_counts_and_concentration(app, group):
    needs_by(app, group, 3, hands=4)
    data = section_of(app, group)
    assert data["distinct"] is None  # three people
    assert data["new"] is None and data["returning"] is None
    assert data["repeat_rate"] is None and data["new_share"] is None
    assert data["gini"] is None and data["top10_share"] is None and data["top10_people"] is None
    assert data["unknown"] == 4  # hands are never people


def test_the_page_explains_concentration_in_words(app, client, auth, group, ten, clock):
    clock.freeze(datetime(2026, 7, 1, 12))
    auth.login("member")
    html = client.get("/g/glycines/report?from=2026-01&to=2026-06").get_data(as_text=True)
    section = html.split('id="contributors-h"')[1].split("</section>")[0]
    # In French, the reference language.
    assert "10 personnes différentes ont contribué" in section
    assert "Coefficient de Gini\u00a0: 0,35." in section
    assert re.search(r"\(1 personne\) ont fait 35\s?%", section)  # the top tenth's share
    assert "quand une seule personne fait tout" in section


def test_the_page_says_when_too_few_contributed_to_measure(app, client, auth, group, clock):
    clock.freeze(datetime(2026, 7, 1, 12))
    with app.app_context():
        records = Records(group.id)
        for n in range(3):
            records.need(datetime(2026, 2, 1), person=records.person(f"P{n}"))
        db.session.commit()
    auth.login("observer")
    html = client.get("/g/glycines/report?from=2026-01&to=2026-06").get_data(as_text=True)
    section = html.split('id="contributors-h"')[1].split("</section>")[0]
    assert "&lt; 5</span> personnes différentes ont contribué" in section
    assert "Trop peu de personnes (moins de 5)" in section
    assert "Gini" not in section

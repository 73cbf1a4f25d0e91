"""The report's speaking: turns and minutes per speaker, their concentration, and the
shares of presence, turns and time by newness, gender and age, small lines hidden."""

import re
from datetime import datetime, timedelta

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.speaking import speaking
from tests.helpers import Auth
from tests.insights.meetings_world import (
    PERIOD,
    TODAY,
    attend,
    meeting,
    persons,
    section_html,
    speak,
)

MARCH, APRIL = datetime(2026, 3, 5, 17), datetime(2026, 4, 2, 17)


def build(app, group):
    """March: 8 women (30–44, the first 5 for the first time), 6 men (45–64), 3 people of
    another gender who gave no age. April: 4 of the women and a man again.

    10 speakers: the first woman 6 min in March and 5 in April (a turn left running when
    the meeting ended, 5 minutes in), 8 others (7 women, a man, one of the 3) 1 min each.
    """
    with app.app_context():
        someone = persons(group.id, 17)
        women, men, others = someone[:8], someone[8:14], someone[14:]
        march, april = meeting(group.id, MARCH), meeting(group.id, APRIL, minutes=5)
        present = {}
        for n, person in enumerate(women):
            present[person.id] = attend(
                march, person, gender="woman", age_bracket="30–44", first_time=n < 5
            )
        for person in men:
            present[person.id] = attend(march, person, gender="man", age_bracket="45–64",
                                        first_time=False)  # fmt: skip
        for person in others:
            present[person.id] = attend(march, person, gender="other", first_time=False)
        again = [attend(april, person, gender="woman", age_bracket="30–44", first_time=False)
                 for person in women[:4]]  # fmt: skip
        attend(april, men[0], gender="man", age_bracket="45–64", first_time=False)
        at = MARCH + timedelta(minutes=10)
        speak(present[women[0].id], at, 6)
        for person in [*women[1:], men[0], others[0]]:
            at += timedelta(minutes=7)
            speak(present[person.id], at, 1)
        speak(again[0], APRIL, None)
        db.session.commit()


def figures(app, group):
    with app.app_context():
        period = Period.from_args(PERIOD, TODAY.date())
        return speaking(db.session.get(Group, group.id), period)


def lines(data, name):
    return {line["key"]: line for line in data[name]}


def test_speaking_time_per_speaker_and_its_concentration(app, group, clock):
    clock.freeze(TODAY)
    build(app, group)
    data = figures(app, group)
    assert data["speakers"] == 10 and data["turns"] == 11 and data["minutes"] == 20.0
    # Minutes 11, 1 × 9: the top speaker (10 % of 10) spoke 11 of 20 minutes.
    assert data["top10_share"] == 11 / 20
    # G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1)/n = 2·(45 + 10·11) / (10·20) − 11/10 = 0.45
    assert abs(data["gini"] - 0.45) < 1e-9
    assert data["median_minutes"] == 1.0


def test_a_gender_of_three_people_is_hidden_with_its_shares_and_the_next_smallest(
    app, group, clock
):
    clock.freeze(TODAY)
    build(app, group)
    data = figures(app, group)
    gender = lines(data, "by_gender")
    # 22 present: women 8 + 4 attendances; 9 of 11 turns, 6 + 5 + 7 = 18 of 20 minutes.
    assert gender["woman"] == {"key": "woman", "people": 8, "present": 12 / 22,
                               "turns": 9 / 11, "time": 18 / 20}  # fmt: skip
    # 3 of another gender: hidden, and the men (6), else 100 % − women would give them away.
    for key in ("other", "man"):
        assert gender[key] == {"key": key, "people": None, "present": None,
                               "turns": None, "time": None}  # fmt: skip
    age = lines(data, "by_age")
    assert age["30–44"]["people"] == 8 and age["unknown"]["people"] is None
    assert age["45–64"]["time"] is None  # the next smallest
    newness = lines(data, "by_newness")
    # 5 first-timers in March: the top speaker's 6 min and 4 × 1 min; 5 of 11 turns.
    assert newness["first"] == {"key": "first", "people": 5, "present": 5 / 22,
                                "turns": 5 / 11, "time": 10 / 20}  # fmt: skip
    assert newness["regular"]["people"] == 16 and newness["regular"]["time"] == 10 / 20


def test_concentration_waits_for_five_speakers(app, group, clock):
    clock.freeze(TODAY)
    with app.app_context():
        held = meeting(group.id, MARCH)
        for person in persons(group.id, 4):
            speak(attend(held, person), MARCH, 2)
        db.session.commit()
    data = figures(app, group)
    assert data["turns"] == 4 and data["minutes"] == 8.0
    assert data["speakers"] is None and data["gini"] is None and data["top10_share"] is None


def test_the_report_page_shows_who_spoke(app, client, group, clock):
    clock.freeze(TODAY)
    build(app, group)
    Auth(client).login("member")
    response = client.get(f"/g/{group.slug}/report", query_string=PERIOD,
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert response.status_code == 200
    html = section_html(response.get_data(as_text=True), "speaking")
    shown = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)", html))
    assert shown["Different speakers"] == "10"
    assert shown["Share of speaking time taken by the tenth who spoke most"] == "55%"
    assert shown["Gini coefficient of speaking time"] == "0.45"
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', html))
    assert re.findall(r">([^<>]+)</td>", rows["woman"]) == ["8", "55%", "82%", "90%"]
    assert "&lt; 5" in rows["other"] and rows["other"].count("–") == 3
    assert "&lt; 5" in rows["man"]

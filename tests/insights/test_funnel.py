"""The funnel on a constructed period: counts, rates, median delay, themes, suppression."""

from datetime import date, datetime, timedelta

import pytest

from assembly.decisions.models import Decision, Method
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.funnel import funnel
from assembly.meetings.models import AgendaItem, Meeting
from assembly.needs.models import Moderation, NeedStatus
from assembly.tasks.models import Task
from tests.insights.builders import Builder

FIRST_HALF = Period(date(2026, 1, 1), date(2026, 6, 30))
FEB = datetime(2026, 2, 2, 10)
MARCH = datetime(2026, 3, 10)


def meeting(builder, needs, *, at, cancelled=False):
    """A meeting at `at` with one agenda item about `needs`; returns the item."""
    held = Meeting(
        group_id=builder.group_id,
        title="Assemblée",
        starts_at=at,
        cancelled_at=at - timedelta(days=1) if cancelled else None,
    )
    item = AgendaItem(title="Les besoins", position=1, needs=list(needs))
    held.items = [item]
    db.session.add(held)
    db.session.flush()
    return item


def build_first_half(group_id):
    """Logement: 10 needs, 9 counted (one merged into another), each by its own supporter,
    gone as far as the test says; Transports: 6 needs raised, nothing more; Propreté: 3."""
    make = Builder(group_id)
    logement, transports, proprete = (
        make.theme(name) for name in ("Logement", "Transports", "Propreté")
    )
    n = [make.need(logement, at=FEB + timedelta(days=i)) for i in range(10)]
    for _ in range(6):
        make.need(transports, at=FEB)
    for _ in range(3):
        make.need(proprete, at=FEB)
    # Spam, a rejected need and one raised before the period never count.
    make.need(logement, at=FEB, moderation=Moderation.SPAM, supporters=5)
    make.need(logement, at=FEB, moderation=Moderation.REJECTED, supporters=5)
    make.need(logement, at=datetime(2025, 12, 20), supporters=5)

    meeting(make, n[:3] + n[4:6], at=datetime(2026, 3, 5, 18))  # discussed: 6
    item = meeting(make, [n[3]], at=datetime(2026, 3, 6, 18))
    meeting(make, [n[6]], at=datetime(2026, 3, 12, 18), cancelled=True)  # not held
    meeting(make, [n[7]], at=datetime(2026, 7, 2, 18))  # after the period
    about_four, about_one = (
        Decision(group_id=group_id, question="On agit ?", method=Method.HANDS, needs=needs)
        for needs in (n[:4], [n[4]])
    )
    db.session.add_all([about_four, about_one])
    db.session.flush()
    for need in n[:5]:  # decided: 5; a tie decides nothing
        decision = about_four if need in n[:4] else about_one
        make.event("need.decided", need, MARCH, decision_id=decision.id, outcome="adopted")
    make.event("need.decided", n[5], MARCH, decision_id=99, outcome="tied")
    # Acted on: two in a campaign, one taken up, one task from its item, one from its decision.
    for need in n[:2]:
        make.event("need.in_campaign", need, MARCH, campaign_id=1, title="C")
    make.status(n[2], NeedStatus.TAKEN_UP, days=5)
    db.session.add_all(
        [
            Task(group_id=group_id, title="Écrire", item_id=item.id, created_at=MARCH),
            Task(group_id=group_id, title="Appeler", decision_id=about_one.id, created_at=MARCH),
        ]
    )
    # Resolved: five, after 10, 20, 30, 40 and 50 days; one only after the period's end.
    for need, days in zip(n[:5], (10, 20, 30, 40, 50), strict=True):
        make.status(need, NeedStatus.RESOLVED, days=days)
    make.status(n[7], NeedStatus.RESOLVED, days=160)
    make.status(n[8], NeedStatus.DECLINED, days=3)
    n[9].merged_into_id = n[0].id
    make.event("need.merged", n[9], datetime(2026, 4, 1), into=n[0].number)
    db.session.commit()


@pytest.fixture
def first_half(app, group, clock):
    clock.freeze(datetime(2026, 7, 15, 12))
    with app.app_context():
        build_first_half(group.id)
    return group


def compute(app, group, period=FIRST_HALF):
    with app.app_context():
        return funnel(db.session.get(Group, group.id), period)


def test_each_stage_counts_the_needs_that_reached_it_by_the_end_of_the_period(app, first_half):
    data = compute(app, first_half)

    assert data["raised"] == 18  # 9 + 6 + 3: the merged one counts through the one it joined
    assert (data["discussed"], data["decided"], data["acted"], data["resolved"]) == (6, 5, 5, 5)
    assert (data["merged"], data["declined"]) == (1, 1)
    assert data["rates"] == {
        "discussed": 6 / 18,
        "decided": 5 / 18,
        "acted": 5 / 18,
        "resolved": 5 / 18,
    }


def test_the_median_delay_is_over_the_needs_resolved_in_the_period(app, first_half):
    data = compute(app, first_half)

    assert data["median_days"] == 30.0
    assert data["median_over"] == 5


def test_by_theme_hides_a_small_row_and_the_cell_that_would_give_it_back(app, first_half):
    rows = {row["theme"]: row for row in compute(app, first_half)["by_theme"]}

    logement = rows["Logement"]
    assert [logement[stage] for stage in ("raised", "discussed", "decided", "acted")] == [
        9,
        6,
        5,
        5,
    ]
    assert logement["rates"]["resolved"] == 5 / 9
    # Propreté stands for 3 people: hidden; Transports too, else 18 − 9 − 6 would give it.
    assert rows["Propreté"]["raised"] is None
    assert rows["Transports"]["raised"] is None
    # A rate of a hidden count is hidden; a zero of nobody is shown.
    assert rows["Transports"]["discussed"] == 0
    assert rows["Transports"]["rates"]["discussed"] is None
    assert list(rows) == ["Logement", "Transports", "Propreté"]


def test_a_stage_of_fewer_than_five_people_is_hidden_with_its_rate_and_median(app, group, clock):
    clock.freeze(datetime(2026, 7, 15, 12))
    with app.app_context():
        make = Builder(group.id)
        needs = [make.need(at=FEB) for _ in range(8)]
        for need in needs[:2]:
            make.status(need, NeedStatus.RESOLVED, days=4)
        db.session.commit()

    data = compute(app, group)

    assert data["raised"] == 8
    assert data["resolved"] is None
    assert data["rates"]["resolved"] is None
    assert data["median_days"] is None
    assert data["discussed"] == 0  # a zero stands for nobody: shown


def test_supporters_of_several_needs_count_once_behind_a_cell(app, group, clock):
    """Five needs all said by the same two browsers stand for two people: hidden."""
    from assembly.needs.models import Support

    clock.freeze(datetime(2026, 7, 15, 12))
    with app.app_context():
        make = Builder(group.id)
        theme = make.theme("Logement")
        for _ in range(5):
            need = make.need(theme, at=FEB, supporters=0)
            db.session.add_all([Support(need_id=need.id, anonymous_key=key) for key in ("a", "b")])
        db.session.commit()

    (row,) = compute(app, group)["by_theme"]
    assert row["raised"] is None

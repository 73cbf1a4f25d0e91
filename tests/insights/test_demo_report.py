"""The demo's last six months: the report's meetings and speaking show numbers, not "< 5"."""

from assembly.clock import local_today
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.meetings import meetings
from assembly.insights.sections.speaking import speaking
from tests.helpers import Auth
from tests.insights.meetings_world import section_html


def test_the_demo_gives_every_meetings_and_speaking_figure_something_to_show(app, client):
    """Over « the last 6 months », whatever today's date: the demo's five assemblies fall in
    five months of them (assembly/insights/demo.py: ASSEMBLIES)."""
    from assembly.demo import DEMO_PASSWORD, load_demo

    with app.app_context():
        load_demo()
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        period = Period.from_args({"period": "6m"}, local_today())
        met, spoke = meetings(group, period), speaking(group, period)
    assert met["meetings"] >= 5 and None not in (met["first_timers"], met["came_back"])
    assert sum(1 for point in met["over_time"] if point["value"]) >= 5
    assert spoke["gini"] is not None and spoke["top10_share"] is not None
    for name in ("by_newness", "by_gender", "by_age"):
        assert len(spoke[name]) >= 2
        assert all(line["people"] is not None for line in spoke[name]), name
    Auth(client).login("organisatrice", DEMO_PASSWORD)
    html = client.get("/g/glycines/report?period=6m").get_data(as_text=True)
    for name in ("meetings", "speaking"):
        assert "&lt; 5" not in section_html(html, name)


def test_the_demo_assemblies_fall_in_five_months_of_the_last_six_on_any_day():
    """What the test above relies on, for every day of two years: the five assemblies, laid
    out by days ago in UTC, fall in five distinct months of « the last 6 months » in Paris —
    also late in the evening, when Paris is already the next day."""
    from datetime import date, timedelta

    from assembly.insights.demo import ASSEMBLIES

    for offset in range(2 * 366):
        utc_day = date(2026, 1, 1) + timedelta(days=offset)
        for paris_day in (utc_day, utc_day + timedelta(days=1)):
            period = Period.from_args({"period": "6m"}, paris_day)
            held = [utc_day - timedelta(days=days) for days in ASSEMBLIES]
            assert all(period.start <= day <= period.end for day in held), (utc_day, held)
            assert len({(day.year, day.month) for day in held}) == len(ASSEMBLIES), held

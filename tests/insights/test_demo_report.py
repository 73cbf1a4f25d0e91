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
    """Over the six months that end with the demo's: it lays its assemblies out by days
    ago in UTC, and in the first hour of a month in Paris (still the month before in UTC)
    « the last six months » would leave one of them out."""
    from assembly.clock import utcnow
    from assembly.demo import DEMO_PASSWORD, load_demo
    from assembly.insights.period import add_months

    with app.app_context():
        load_demo()
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        month = utcnow().date()
        months = {"from": f"{add_months(month, -5):%Y-%m}", "to": f"{month:%Y-%m}"}
        period = Period.from_args(months, local_today())
        met, spoke = meetings(group, period), speaking(group, period)
    assert met["meetings"] >= 5 and None not in (met["first_timers"], met["came_back"])
    assert sum(1 for point in met["over_time"] if point["value"]) >= 5
    assert spoke["gini"] is not None and spoke["top10_share"] is not None
    for name in ("by_newness", "by_gender", "by_age"):
        assert len(spoke[name]) >= 2
        assert all(line["people"] is not None for line in spoke[name]), name
    Auth(client).login("organisatrice", DEMO_PASSWORD)
    query = "&".join(f"{key}={value}" for key, value in months.items())
    html = client.get(f"/g/glycines/report?{query}").get_data(as_text=True)
    for name in ("meetings", "speaking"):
        assert "&lt; 5" not in section_html(html, name)

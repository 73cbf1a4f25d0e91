"""The report's meetings: held meetings, people present, first-timers and who came back."""

import re
from datetime import datetime

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.insights.sections.meetings import meetings, split
from assembly.meetings.models import Kind, State
from tests.helpers import Auth
from tests.insights.meetings_world import (
    PERIOD,
    TODAY,
    attend,
    meeting,
    persons,
    section_html,
)

MARCH, APRIL = datetime(2026, 3, 5, 17), datetime(2026, 4, 2, 17)


def build(app, group, people, returning=6):
    """Before the period: 4 regulars. March: they come again, with 10 newcomers who said
    nothing and one who said it was her first time but left no name. April: `returning`
    of the newcomers come back, with 2 regulars, one who said she came before and a member
    by her account. A cancelled meeting, an action and a struck duplicate count for nothing."""
    with app.app_context():
        someone = persons(group.id, 17)
        regulars, newcomers = someone[:4], someone[4:14]
        earlier = meeting(group.id, datetime(2025, 11, 6, 18))
        march, april = meeting(group.id, MARCH), meeting(group.id, APRIL)
        for person in regulars:
            attend(earlier, person)
            attend(march, person)
        for person in newcomers:
            attend(march, person)
        attend(march, None, first_time=True)  # no name: counted once, as herself
        attend(march, someone[16]).struck_at = MARCH  # a duplicate the team struck
        for person in newcomers[:returning] + regulars[:2]:
            attend(april, person)
        attend(april, someone[14], first_time=False)  # she said she came before
        member = db.session.scalar(db.select(User).filter_by(username="member"))
        april_member = attend(april)
        april_member.person_id, april_member.user_id = None, member.id
        cancelled = meeting(group.id, datetime(2026, 4, 20, 17), state=State.CANCELLED)
        action = meeting(group.id, datetime(2026, 5, 4, 17))
        action.kind = Kind.ACTION
        for person in someone[:6]:
            attend(cancelled, person)
            attend(action, person)
        db.session.commit()


def figures(app, group):
    with app.app_context():
        period = Period.from_args(PERIOD, TODAY.date())
        return meetings(db.session.get(Group, group.id), period)


def test_meetings_count_people_once_first_timers_and_those_who_came_back(app, group, people, clock):
    clock.freeze(TODAY)
    build(app, group, people)
    data = figures(app, group)
    assert data["meetings"] == 2  # March and April; not November, the cancelled, the action
    assert data["attendances"] == 15 + 10  # March 4 + 10 + 1, April 6 + 2 + 1 + 1
    # 4 regulars, 10 newcomers, the nameless one, the one who came before, the member.
    assert data["distinct"] == 17
    # The 10 newcomers (first attendance ever), the nameless one (said so), the member
    # (her first attendance by her account); not the one who said she came before.
    assert data["first_timers"] == 12
    assert data["came_back"] == 6 and data["came_back_share"] == 0.5
    assert [point["value"] for point in data["over_time"]] == [0, 0, 15, 10, 0, 0]
    assert data["over_time"][2]["label"] == "2026-03-01"


def test_too_few_came_back_to_be_told_and_too_few_not_to(app, group, people, clock):
    """2 of 12 came back: hidden. 9 of 12 came back would show the 3 who did not."""
    clock.freeze(TODAY)
    build(app, group, people, returning=2)
    data = figures(app, group)
    assert data["first_timers"] == 12
    assert data["came_back"] is None and data["came_back_share"] is None
    assert split(9, 12) is None and split(7, 12) == 7 and split(0, 12) == 0


def test_the_report_page_shows_the_meetings(app, client, group, people, clock):
    clock.freeze(TODAY)
    build(app, group, people)
    Auth(client).login("observer")
    response = client.get(f"/g/{group.slug}/report", query_string=PERIOD,
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert response.status_code == 200
    html = section_html(response.get_data(as_text=True), "meetings")
    figures_shown = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)", html))
    assert figures_shown["Meetings held"] == "2"
    assert figures_shown["Different people"] == "17"
    assert figures_shown["Came for the first time"] == "12"
    assert figures_shown["Of them, came back to a later meeting"].startswith("6 (50%)")
    assert "People present, by month" in html
    assert '<th scope="row">Mar 2026</th><td>15</td>' in html


def test_a_period_without_meetings_says_so(app, client, group, people, clock):
    clock.freeze(TODAY)
    Auth(client).login("member")
    html = client.get(f"/g/{group.slug}/report", query_string=PERIOD,
                      headers={"Accept-Language": "en"}).get_data(as_text=True)  # fmt: skip
    assert "No meeting took place in this period." in section_html(html, "meetings")

"""Who agreed to be named in the minutes, and how user text becomes Markdown and HTML."""

import re
from datetime import datetime

import pytest

from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting, Rsvp, State
from assembly.minutes.markdown import inline, render_markdown
from tests.helpers import post
from tests.minutes.test_minutes import tags_in


@pytest.fixture
def live(app, group):
    with app.app_context():
        meeting = Meeting(group_id=group.id, title="Assemblée", starts_at=datetime(2026, 3, 5, 17),
                          state=State.LIVE, join_code="K7MQ4")  # fmt: skip
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def test_a_name_appears_in_the_minutes_only_when_the_box_is_ticked_at_sign_in(app, client, live):
    page = client.get("/j?code=K7MQ4").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="named_in_minutes"[^>]*>', page).group(0)
    assert " checked" not in box  # the page's stylesheet may say `:checked`, the box is not
    post(client, "/j", {"code": "K7MQ4", "name": "Awa", "named_in_minutes": "y"})
    other = app.test_client()
    post(other, "/j", {"code": "K7MQ4", "name": "Bruno"})
    with app.app_context():
        rows = db.session.scalars(db.select(Attendance).order_by(Attendance.name))
        assert [(a.name, a.named_in_minutes) for a in rows] == [("Awa", True), ("Bruno", False)]


def test_an_rsvp_carries_the_same_choice(app, client, live):
    url = f"/g/glycines/meetings/{live}/rsvp"
    post(client, url, {"name": "Marc", "answer": "no", "named_in_minutes": "y"})
    post(client, url, {"name": "Nadia", "answer": "no"})
    with app.app_context():
        rows = db.session.scalars(db.select(Rsvp).order_by(Rsvp.name))
        assert [(r.name, r.named_in_minutes) for r in rows] == [("Marc", True), ("Nadia", False)]


def test_names_and_titles_go_into_markdown_as_typed():
    assert inline("Jean_Pierre *le* [grand]\n# 2") == r"Jean\_Pierre \*le\* \[grand\] \# 2"
    assert str(render_markdown("## " + inline("Point #3 <b>"))) == "<h2>Point #3 &lt;b&gt;</h2>\n"


def test_markdown_keeps_no_raw_html_no_script_link_and_no_remote_image():
    html = str(render_markdown(
        "<b onclick=x>gras</b> [a](javascript:alert(1)) [b](vbscript:x) ![c](https://e.org/t.png)"
        " [d](mailto:x@e.org)"
    ))  # fmt: skip
    tags = tags_in(html)
    assert [tag for tag, _ in tags] == ["p", "a", "a"]  # raw <b> is text; the image a link
    assert [attrs["href"] for _, attrs in tags[1:]] == ["https://e.org/t.png", "mailto:x@e.org"]
    assert "[a](javascript:alert(1)) [b](vbscript:x)" in html  # left as plain text

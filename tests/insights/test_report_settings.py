"""The report's settings: the organizers publish it (or not), choose the open data's terms
and the group's own stop words; the public reads the report only once it is published."""

import pytest

from assembly.extensions import db
from tests.helpers import post

SETTINGS = "/g/glycines/report/settings"
# The reading pages the public opens once the group publishes its report.
READING = (
    "/g/glycines/report",
    "/g/glycines/report/words",
    "/g/glycines/report/data",
    "/g/glycines/report/data.zip",
)


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def settings_row(app, group):
    from assembly.insights.models import ReportSettings

    with app.app_context():
        row = db.session.get(ReportSettings, group.id)
        return None if row is None else (row.public, row.licence, row.no_resale, row.stop_words)


@pytest.mark.parametrize("url", READING)
def test_the_public_reads_the_report_only_once_published(app, client, auth, group, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    auth.login("organizer")
    assert post(client, SETTINGS, {"public": "y", "licence": "ODbL-1.0"}).status_code == 302
    auth.logout()
    response = client.get(url)
    response.close()
    assert response.status_code == 200
    auth.login("organizer")
    assert post(client, SETTINGS, {"licence": "ODbL-1.0"}).status_code == 302
    auth.logout()
    assert client.get(url).status_code == 302


def test_the_home_page_links_the_report_for_those_who_may_read_it(client, auth, group):
    assert "/g/glycines/report" not in client.get("/g/glycines/").get_data(as_text=True)
    auth.login("member")
    assert 'href="/g/glycines/report"' in client.get("/g/glycines/").get_data(as_text=True)
    auth.logout()
    auth.login("organizer")
    post(client, SETTINGS, {"public": "y", "licence": "ODbL-1.0"})
    auth.logout()
    assert 'href="/g/glycines/report"' in client.get("/g/glycines/").get_data(as_text=True)


def test_saving_makes_the_settings_and_journals_them(app, client, auth, group):
    from assembly.insights.events import REPORT_SETTINGS_CHANGED
    from assembly.trace.models import Event

    auth.login("organizer")
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "What publishing reveals" in page and 'selected value="ODbL-1.0"' in page
    assert settings_row(app, group) is None
    response = post(
        client,
        SETTINGS,
        {"licence": "etalab-2.0", "no_resale": "y", "stop_words": " Glycines \nrue\n\nglycines"},
    )
    assert response.status_code == 302
    assert settings_row(app, group) == (False, "etalab-2.0", True, "glycines\nrue")
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb=REPORT_SETTINGS_CHANGED))
        assert event.group_id == group.id
        assert event.payload["licence"] == "etalab-2.0" and event.payload["stop_words"] == 2
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "glycines\nrue</textarea>" in page and 'selected value="etalab-2.0"' in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"licence": "ODbL-1.0", "stop_words": "rue\nles glycines"}, "One word per line"),
        ({"licence": "WTFPL", "stop_words": "rue"}, "Not a valid choice"),
    ],
)
def test_a_bad_form_keeps_the_text_and_says_why(app, client, auth, group, data, error):
    auth.login("organizer")
    response = post(client, SETTINGS, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error in page
    assert data["stop_words"] in page
    assert settings_row(app, group) is None


def test_new_stop_words_forget_the_kept_figures(app, client, auth, group):
    from datetime import date

    from assembly.insights.models import Snapshot

    def keep_one():
        with app.app_context():
            db.session.add(
                Snapshot(
                    group_id=group.id,
                    name="words:member",
                    starts_on=date(2026, 1, 1),
                    ends_on=date(2026, 6, 30),
                    payload={},
                )
            )
            db.session.commit()

    def kept() -> int:
        with app.app_context():
            return db.session.scalar(db.select(db.func.count(Snapshot.id)))

    auth.login("organizer")
    keep_one()
    post(client, SETTINGS, {"licence": "ODbL-1.0", "stop_words": "rue"})
    assert kept() == 0
    keep_one()
    post(client, SETTINGS, {"licence": "CC0-1.0", "stop_words": "rue"})  # the same words
    assert kept() == 1

"""The report's figures are computed once and read many times (`insights.snapshots`): kept
until they age, computed again at the team's asking, and answered even when the database
cannot keep them."""

from datetime import datetime

from sqlalchemy.exc import OperationalError

from assembly.extensions import db
from assembly.insights import snapshots
from assembly.insights.models import Snapshot
from tests.helpers import post
from tests.insights.records import Records

NOW = datetime(2026, 6, 15, 10)
REPORT = "/g/glycines/report"


def add_need(app, group, at):
    with app.app_context():
        records = Records(group.id)
        records.numbers = iter(range(at.day, 10_000))  # one need a day: numbers stay apart
        records.need(at, person=records.person())
        db.session.commit()


def kept_total(app) -> list[int]:
    with app.app_context():
        return [row.payload["contributions"]["total"] for row in db.session.query(Snapshot)]


def test_the_figures_are_kept_until_they_age_then_computed_again(app, client, auth, group, clock):
    clock.freeze(NOW)
    add_need(app, group, datetime(2026, 6, 1))
    auth.login("member")
    assert client.get(REPORT).status_code == 200
    assert kept_total(app) == [1]
    add_need(app, group, datetime(2026, 6, 2))
    clock.advance(minutes=59)
    assert client.get(REPORT).status_code == 200
    assert kept_total(app) == [1]  # read from the kept figures, not the records
    clock.advance(minutes=2)
    assert client.get(REPORT).status_code == 200
    assert kept_total(app) == [2]


def test_the_team_computes_them_again_at_once(app, client, auth, group, clock):
    clock.freeze(NOW)
    auth.login("facilitator")
    client.get(REPORT)
    add_need(app, group, datetime(2026, 6, 2))
    response = post(client, f"{REPORT}/refresh", {"period": "12m"})
    assert response.status_code == 302 and response.location.endswith("/report?period=12m")
    client.get(REPORT)
    assert kept_total(app) == [1]


def test_a_busy_database_still_gets_its_figures_shown(app, client, auth, group, clock, monkeypatch):
    def busy(*args):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    clock.freeze(NOW)
    add_need(app, group, datetime(2026, 6, 1))
    monkeypatch.setattr(snapshots, "_keep", busy)
    auth.login("member")
    response = client.get(REPORT)
    assert response.status_code == 200
    assert "1 contribution sur la période" in response.get_data(as_text=True)
    assert kept_total(app) == []  # nothing kept: the next reader computes them again

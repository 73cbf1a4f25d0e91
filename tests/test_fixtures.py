"""The shared test app is put back before each test: nothing one test does leaks into the next."""

import copy
from datetime import datetime

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.needs.models import Theme
from tests.conftest import WORLD, name_group
from tests.helpers import csrf_token


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_fresh_start_forgets_rows_settings_limits_and_the_frozen_clock(
    prepared_db, make_user, clock, tmp_path
):
    prepared = prepared_db()
    app = prepared.app
    make_user("fatou")
    app.config["HOST_CONTACT"] = "changed by a test"
    app.config["LANGUAGES"].append("de")
    app.config["LOGIN_RATE_LIMIT"] = "1 per hour"
    client = app.test_client()
    data = {"login": "fatou", "password": "wrong", "csrf_token": csrf_token(client, "/login")}
    assert [client.post("/login", data=data).status_code for _ in range(2)] == [400, 429]
    clock.freeze(datetime(2026, 3, 5, 17))

    assert prepared.fresh(tmp_path / "next") is app

    assert count(app, User) == 0
    assert app.config["HOST_CONTACT"] == ""
    assert app.config["LANGUAGES"] == ["fr", "en", "es", "ar"]
    assert app.instance_path == str(tmp_path / "next" / "instance")
    assert clock.utcnow() != datetime(2026, 3, 5, 17)  # running again
    app.config["LOGIN_RATE_LIMIT"] = "1 per hour"
    client = app.test_client()
    data["csrf_token"] = csrf_token(client, "/login")
    assert client.post("/login", data=data).status_code == 400  # counted from zero again


def test_the_matrix_world_comes_back_whole_after_a_case_changed_it(app, world, prepared_db):
    users, themes = count(app, User), count(app, Theme)
    assert users == 7 and themes == 1  # one per role, an observer, an outsider, an instance admin
    with app.app_context():
        db.session.execute(db.delete(Theme))
        db.session.commit()
    assert count(app, Theme) == 0

    again = prepared_db().restore_or_build(WORLD, lambda: pytest.fail("the world was built twice"))

    assert again.people is world.people
    assert (count(app, User), count(app, Theme)) == (users, themes)


def test_the_world_stays_for_the_next_case_only_when_a_case_wrote_nothing(
    app, world, prepared_db, tmp_path
):
    prepared = prepared_db()
    users = count(app, User)
    with prepared.watching(WORLD) as writes:
        app.test_client().get("/")  # reads
    assert writes == []
    assert prepared.fresh(tmp_path / "a", keep=WORLD) is app
    assert count(app, User) == users  # kept as it is, not emptied
    prepared.restore_or_build(WORLD, lambda: pytest.fail("the world was built twice"))

    with prepared.watching(WORLD) as writes, app.app_context():
        db.session.execute(db.delete(Theme))
        db.session.commit()
    assert any(statement.startswith("DELETE") for statement in writes)
    prepared.fresh(tmp_path / "b", keep=WORLD)
    assert count(app, User) == 0  # emptied: it was written to
    prepared.restore_or_build(WORLD, lambda: pytest.fail("the world was built twice"))
    assert (count(app, User), count(app, Theme)) == (users, 1)

    prepared.fresh(tmp_path / "c")
    assert count(app, User) == 0  # a test of another world, or none, starts empty


@pytest.mark.xdist_group("probe")
def test_an_xdist_group_ends_the_node_id_the_scheduler_reads(request):
    """xdist's scheduler keeps the tests of a group on one worker by the node id's `@group`
    (the browser tests, the demo crawl): with pytest 9.2, tests/conftest.py writes it."""
    item = copy.copy(request.node)  # the running test's own id stays as it is
    name_group(item)
    assert item.nodeid == request.node.nodeid.removesuffix("@probe") + "@probe"

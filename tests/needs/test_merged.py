"""A duplicate grouped with another need is settled: out of the queue, no approval, no support."""

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.needs import operations
from assembly.needs.models import Channel, Moderation, Need
from assembly.trace.operations import events_for
from tests.helpers import post


def load(number: int) -> Need:
    return db.session.scalar(db.select(Need).filter_by(number=number))


def test_merging_a_waiting_duplicate_takes_it_out_of_the_queue_unpublished(
    app, client, auth, group, make_need, need_row
):
    make_need("Ascenseur C en panne")  # B-1, approved
    make_need("Ascenseur en panne, Marc D. du 4e bloque la porte", approved=False)  # B-2
    auth.login("facilitator")
    assert "(1)" in client.get("/g/glycines/needs").get_data(as_text=True)

    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})

    assert need_row(2).moderation == Moderation.MERGED
    queue = client.get("/g/glycines/needs/moderation").get_data(as_text=True)
    assert "/needs/2/moderate" not in queue and "Marc D." not in queue
    assert "(1)" not in client.get("/g/glycines/needs").get_data(as_text=True)
    with app.app_context():
        merged = events_for("needs", need_row(2).id)[-1]
        assert merged.verb == "need.merged" and merged.payload["settled"] is True
    # Its wording was never reviewed: the public sees where it went, not what it said.
    page = app.test_client().get("/g/glycines/needs/2").get_data(as_text=True)
    assert 'href="/g/glycines/needs/1"' in page and "Marc D." not in page


def test_a_merged_duplicate_cannot_be_approved_later(app, client, auth, group, make_need, need_row):
    make_need("Ascenseur C en panne")
    make_need("L'ascenseur ne marche plus", approved=False)
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})

    response = post(client, "/g/glycines/needs/2/moderate", {"decision": "approved"})

    assert response.status_code == 302 and response.headers["Location"] == "/g/glycines/needs/1"
    assert "B-2 a été regroupé avec B-1\u00a0: rien" in client.get("/g/glycines/needs/1").get_data(
        as_text=True
    )
    assert need_row(2).moderation == Moderation.MERGED
    listed = app.test_client().get("/g/glycines/needs").get_data(as_text=True)
    assert "ne marche plus" not in listed
    with app.app_context():
        assert "need.approved" not in [e.verb for e in events_for("needs", need_row(2).id)]


def test_a_merged_need_cannot_be_supported_through_the_page(
    app, client, auth, group, make_need, need_row
):
    make_need("Ascenseur C en panne")
    make_need("L'ascenseur ne marche plus")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    resident = app.test_client()

    post(resident, "/g/glycines/needs/2/support")

    assert "réuni avec B-1. Dites" in resident.get("/g/glycines/needs/2").get_data(as_text=True)
    assert need_row(2).total_support == 0 and need_row(1).total_support == 0
    counted = post(client, "/g/glycines/needs/2/counted", {"count": "3", "channel": "meeting"})
    assert counted.headers["Location"] == "/g/glycines/needs/1"
    assert need_row(2).counted_support == 0 and need_row(1).counted_support == 0


@pytest.mark.parametrize(
    "act",
    [
        lambda need, user: operations.moderate(need, Moderation.APPROVED),
        lambda need, user: operations.moderate(need, Moderation.REJECTED, "doublon"),
        lambda need, user: operations.support(need, user=user, anonymous_key=None),
        lambda need, user: operations.support(need, user=None, anonymous_key="k" * 64),
        lambda need, user: operations.count_support(need, 4, Channel.DOOR, "", user),
    ],
    ids=["approve", "reject", "support", "anonymous-support", "count"],
)
def test_operations_refuse_a_merged_need_and_change_nothing(app, group, people, make_need, act):
    make_need("Ascenseur C en panne")
    make_need("L'ascenseur ne marche plus", approved=False)
    with app.app_context():
        operations.merge(load(2), load(1))
        before = len(events_for("needs", load(2).id))
        user = db.session.get(User, people["member"].id)
        with pytest.raises(operations.MergedNeedError):
            act(load(2), user)
        db.session.rollback()
        duplicate, kept = load(2), load(1)
        assert duplicate.moderation == Moderation.MERGED
        assert duplicate.total_support == 0 and kept.total_support == 0
        assert len(events_for("needs", duplicate.id)) == before


def test_merging_an_approved_need_keeps_it_approved(app, client, auth, group, make_need, need_row):
    make_need("Ascenseur C en panne")
    make_need("L'ascenseur ne marche plus")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    assert need_row(2).moderation == Moderation.APPROVED
    with app.app_context():
        assert events_for("needs", need_row(2).id)[-1].payload["settled"] is False


def test_the_migration_settles_duplicates_merged_before_it(app, client, auth, make_need, need_row):
    from flask_migrate import downgrade, stamp, upgrade

    make_need("Ascenseur C en panne")
    make_need("L'ascenseur ne marche plus", approved=False)
    make_need("Bancs cassés", approved=False)
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    with app.app_context():  # as the code before this change left it
        db.session.execute(db.text("UPDATE needs SET moderation = 'pending' WHERE number = 2"))
        db.session.commit()
        stamp(revision="b3e1d2c4a5f6")  # the revision before this one
        try:
            upgrade(revision="b41d2c7e9a03")
            assert [need_row(n).moderation for n in (2, 3)] == ["merged", "pending"]
            downgrade(revision="b3e1d2c4a5f6")
            assert [need_row(n).moderation for n in (2, 3)] == ["pending", "pending"]
        finally:
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()

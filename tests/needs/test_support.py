""" "Moi aussi": each person counts once, online or counted off-line."""

from tests.helpers import Auth, post


def test_anonymous_support_counts_once_per_browser(app, client, group, make_need, need_row):
    make_need()
    for _ in range(3):
        assert post(client, "/g/glycines/needs/1/support").status_code == 302
    assert need_row(1).support_count == 1
    post(app.test_client(), "/g/glycines/needs/1/support")  # another browser
    assert need_row(1).support_count == 2


def test_member_support_counts_once_whatever_the_device(app, group, make_need, need_row):
    make_need()
    for _ in range(2):
        device = app.test_client()
        Auth(device).login("member")
        post(device, "/g/glycines/needs/1/support")
    assert need_row(1).support_count == 1


def test_a_member_s_me_too_points_to_their_person_and_a_visitor_s_to_nobody(
    app, client, group, people, make_need
):
    from assembly.extensions import db
    from assembly.needs.models import Support
    from assembly.people.models import Person

    make_need()
    post(client, "/g/glycines/needs/1/support")  # a visitor without an account
    member = app.test_client()
    Auth(member).login("member")
    post(member, "/g/glycines/needs/1/support")
    with app.app_context():
        rows = db.session.execute(
            db.select(Support.user_id, Support.person_id).order_by(Support.id)
        ).all()
        person = db.session.scalar(db.select(Person).filter_by(user_id=people["member"].id))
    assert rows == [(None, None), (people["member"].id, person.id)]


def test_the_author_already_shares_the_need(app, client, group, need_row):
    post(client, "/g/glycines/needs/new", {"title": "Pas d'eau chaude"})
    auth = Auth(app.test_client())
    auth.login("facilitator")
    post(auth.client, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    post(client, "/g/glycines/needs/1/support")
    assert need_row(1).support_count == 1
    page = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert 'action="/g/glycines/needs/1/support"' not in page  # no "moi aussi" button any more


def test_support_with_htmx_answers_the_support_block_only(client, group, make_need, need_row):
    make_need()
    response = post(client, "/g/glycines/needs/1/support", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="support"')
    assert "<strong>1</strong>" in page and "<html" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_pending_and_closed_needs_take_no_support(app, client, auth, group, make_need, need_row):
    make_need(approved=False)
    post(client, "/g/glycines/needs/1/support")
    assert need_row(1).support_count == 0
    make_need("Autre")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/status", {"status": "resolved", "reason": "Réparé"})
    post(app.test_client(), "/g/glycines/needs/2/support")
    assert need_row(2).support_count == 0


def test_anonymous_supports_are_rate_limited_per_address(app_factory):
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.groups.operations import create_group
    from assembly.needs.operations import submit_need

    app = app_factory(SUPPORT_RATE_LIMIT="2 per hour")
    with app.app_context():
        create_group("Collectif", "glycines", admin=None)
        group = db.session.scalar(db.select(Group))
        for i in range(3):
            submit_need(group, title=f"Besoin {i}", trusted=True)
    statuses = [
        post(app.test_client(), f"/g/glycines/needs/{n}/support").status_code for n in (1, 2, 3)
    ]
    assert statuses == [302, 302, 429]


def test_counted_supports_stay_apart_from_online_ones(
    app, client, auth, group, make_need, need_row
):
    make_need()
    post(app.test_client(), "/g/glycines/needs/1/support")
    auth.login("facilitator")
    response = post(
        client, "/g/glycines/needs/1/counted", {"count": "12", "channel": "meeting", "note": "AG"}
    )
    assert response.status_code == 302
    need = need_row(1)
    assert (need.support_count, need.counted_support, need.total_support) == (1, 12, 13)
    bad = post(client, "/g/glycines/needs/1/counted", {"count": "0", "channel": "meeting"})
    assert bad.status_code == 400 and 'value="0"' in bad.get_data(as_text=True)

"""Group pages, members and roles, creating groups."""

from assembly.extensions import db
from assembly.groups.models import Membership, Role
from assembly.trace.models import Event
from tests.helpers import post


def test_root_goes_straight_to_the_only_group(client, make_group):
    make_group()
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/g/glycines/"


def test_root_lists_groups_when_there_are_several(client, group):
    page = client.get("/").get_data(as_text=True)
    assert "Collectif des Glycines" in page and "Un autre collectif" in page


def test_group_home_shows_description_and_places_for_later_features(client, make_group):
    make_group()
    page = client.get("/g/glycines/").get_data(as_text=True)
    assert "Un collectif de test." in page
    assert "Prochaine réunion" in page and "Besoins récents" in page


def test_unknown_group_is_a_translated_404(client):
    response = client.get("/g/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_admin_changes_a_role_and_the_journal_says_so(app, client, auth, group):
    auth.login("admin")
    url = f"/g/glycines/members/{group.memberships['member']}/role"
    assert post(client, url, {"role": "organizer"}).status_code == 302
    with app.app_context():
        assert db.session.get(Membership, group.memberships["member"]).role == Role.ORGANIZER
        event = db.session.scalar(db.select(Event).filter_by(verb="member.role_changed"))
        assert event.payload == {"old": "member", "new": "organizer"}
        assert event.group_id == group.id


def test_role_change_with_htmx_answers_the_list_only(client, auth, group):
    auth.login("admin")
    url = f"/g/glycines/members/{group.memberships['member']}/role"
    response = post(client, url, {"role": "facilitator"}, headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="members">')
    assert "<html" not in page
    assert "Animation" in page  # the flash, inside the fragment
    assert "HX-Request" in response.headers["Vary"]


def test_members_page_is_the_whole_page_without_htmx(client, auth, group):
    auth.login("admin")
    response = client.get("/g/glycines/members")
    assert "<html" in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_bad_role_comes_back_400(client, auth, group):
    auth.login("admin")
    url = f"/g/glycines/members/{group.memberships['member']}/role"
    assert post(client, url, {"role": "king"}).status_code == 400


def test_the_last_admin_cannot_leave_or_step_down(app, client, auth, group):
    auth.login("admin")
    admin_membership = group.memberships["admin"]
    response = post(client, f"/g/glycines/members/{admin_membership}/role", {"role": "member"})
    assert response.status_code == 400
    post(client, f"/g/glycines/members/{admin_membership}/remove")
    with app.app_context():
        assert db.session.get(Membership, admin_membership).role == Role.ADMIN


def test_admin_removes_a_member(app, client, auth, group):
    auth.login("admin")
    assert (
        post(client, f"/g/glycines/members/{group.memberships['member']}/remove").status_code == 302
    )
    with app.app_context():
        assert db.session.get(Membership, group.memberships["member"]) is None
    assert client.get("/g/glycines/members").status_code == 200


def test_membership_of_another_group_is_404(app, client, auth, group, people):
    auth.login("admin")
    with app.app_context():
        elsewhere = db.session.scalar(
            db.select(Membership.id).filter_by(user_id=people["outsider"].id)
        )
    assert post(client, f"/g/glycines/members/{elsewhere}/remove").status_code == 404


def test_instance_admin_creates_a_group_and_becomes_its_admin(app, client, auth, people):
    auth.login("root")
    data = {"name": "Locataires du Mistral", "slug": "mistral", "description": "Bonjour."}
    response = post(client, "/admin/groups/new", data)
    assert response.headers["Location"] == "/g/mistral/"
    with app.app_context():
        membership = db.session.scalar(
            db.select(Membership).filter_by(user_id=people["instance_admin"].id)
        )
        assert membership.role == Role.ADMIN


def test_new_group_with_a_taken_or_bad_slug_comes_back_400(client, auth, group):
    auth.login("root")
    for slug in ("glycines", "Pas Bon", "admin"):
        response = post(client, "/admin/groups/new", {"name": "Nom gardé", "slug": slug})
        assert response.status_code == 400
        assert 'value="Nom gardé"' in response.get_data(as_text=True)


def test_a_big_group_s_members_come_a_page_at_a_time_with_plain_links(
    app, client, auth, group, make_user
):
    """30 members a page, counted in full; Next and Previous are links (no script)."""
    from assembly.auth.models import User
    from assembly.groups.models import Group
    from assembly.groups.operations import add_member

    ours = [make_user(f"voisin{n:02d}", display_name=f"Voisin {n:02d}") for n in range(40)]
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        for made in ours:
            add_member(glycines, db.session.get(User, made.id), Role.MEMBER)
        total = db.session.scalar(
            db.select(db.func.count(Membership.id)).where(
                Membership.group_id == group.id, Membership.of_member
            )
        )
    auth.login("admin")
    first = client.get("/g/glycines/members").get_data(as_text=True)
    assert f"{total} membres" in first
    assert first.count('name="role"') == 30 + 1  # and the observer, listed apart
    assert 'href="/g/glycines/members?page=2" rel="next"' in first
    second = client.get("/g/glycines/members?page=2").get_data(as_text=True)
    assert second.count('name="role"') == total - 30 + 1
    assert 'href="/g/glycines/members?page=1" rel="prev"' in second
    shown = first + second
    assert all(f"Voisin {n:02d}" in shown for n in range(40))
    links = client.get("/g/glycines/reset-links").get_data(as_text=True)
    assert 'href="/g/glycines/reset-links?page=2" rel="next"' in links

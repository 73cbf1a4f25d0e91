"""Reset links: the team makes a one-time link for someone who cannot sign in any more."""

import re
from datetime import datetime

import pytest

from assembly.auth.events import PASSWORD_RESET, RESET_LINK_CREATED
from assembly.auth.models import PasswordReset, User, token_digest
from assembly.extensions import db
from assembly.groups.models import Group, Role
from assembly.groups.operations import add_member
from assembly.trace.models import Event
from tests.helpers import PASSWORD, Auth, post

NEW = {"password": "les glycines en fleur", "confirm": "les glycines en fleur"}


def link_for(client, membership_id, slug="glycines"):
    """Make a reset link as the signed-in visitor; return (response, token or None)."""
    response = post(client, f"/g/{slug}/members/{membership_id}/reset")
    found = re.search(r"/reset/([A-Za-z0-9_-]+)", response.get_data(as_text=True))
    return response, found and found.group(1)


@pytest.fixture
def make_link(client, auth, group):
    """A reset link for the person in `role`, made by the group's admin."""

    def make(role="member"):
        auth.login("admin")
        response, token = link_for(client, group.memberships[role])
        assert response.status_code == 200
        auth.logout()
        return token

    return make


@pytest.mark.parametrize(
    ("creator", "target"),
    [
        ("organizer", "member"),
        ("organizer", "facilitator"),
        ("organizer", "organizer"),
        ("admin", "admin"),
        ("instance_admin", "admin"),
    ],
)
def test_the_team_makes_links_for_members_up_to_its_own_role(client, auth, group, creator, target):
    auth.login(creator if creator != "instance_admin" else "root")
    response, token = link_for(client, group.memberships[target])
    assert response.status_code == 200, response.status_code
    assert token
    page = response.get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code of the same link
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("creator", ["member", "facilitator"])
def test_members_and_facilitators_make_no_links(client, auth, group, creator):
    auth.login(creator)
    assert link_for(client, group.memberships["member"])[0].status_code == 403


def test_an_organizer_makes_no_link_for_an_admin(app, client, auth, group):
    auth.login("organizer")
    response, token = link_for(client, group.memberships["admin"])
    assert response.status_code == 403 and token is None
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PasswordReset)) == 0
    page = client.get("/g/glycines/reset-links").get_data(as_text=True)
    assert "Seule une personne de rôle plus élevé peut le faire." in page


def test_a_group_admin_makes_no_link_for_an_instance_admin(app, client, auth, group, people):
    with app.app_context():
        root = db.session.get(User, people["instance_admin"].id)
        membership_id = add_member(db.session.get(Group, group.id), root, Role.MEMBER).id
    auth.login("admin")
    assert link_for(client, membership_id)[0].status_code == 403


def test_a_role_held_in_another_group_counts(app, client, auth, group, make_group, people):
    """An organizer here cannot take over the account of another group's admin."""
    make_group("tilleuls", "Les Tilleuls", people={"admin": people["member"]})
    auth.login("organizer")
    assert link_for(client, group.memberships["member"])[0].status_code == 403


def test_instance_admins_make_links_for_any_account(app, client, auth, people):
    auth.login("root")
    assert "Lien de réinitialisation" in client.get("/admin/users").get_data(as_text=True)
    response = post(client, f"/admin/users/{people['outsider'].id}/reset")
    assert response.status_code == 200
    assert "/reset/" in response.get_data(as_text=True)


def test_organizers_reach_the_page_from_the_group_home(client, auth, group):
    auth.login("organizer")
    assert "/g/glycines/reset-links" in client.get("/g/glycines/").get_data(as_text=True)
    page = client.get("/g/glycines/reset-links").get_data(as_text=True)
    assert f"/g/glycines/members/{group.memberships['member']}/reset" in page
    assert '<span class="visually-hidden"> pour Member</span>' in page  # each button says whose


def test_only_the_hash_of_the_token_is_stored(app, make_link):
    token = make_link()
    with app.app_context():
        [reset] = db.session.scalars(db.select(PasswordReset))
        assert reset.token_hash == token_digest(token) != token


def test_making_a_link_is_in_the_journal(app, client, auth, group, people):
    auth.login("organizer")
    link_for(client, group.memberships["member"])
    with app.app_context():
        [event] = db.session.scalars(db.select(Event).filter_by(verb=RESET_LINK_CREATED))
        assert (event.subject_type, event.subject_id) == ("users", people["member"].id)
        assert event.actor_id == people["organizer"].id
        assert event.group_id == group.id


def test_the_link_sets_a_new_password_and_signs_in(app, client, make_link):
    token = make_link()
    page = client.get(f"/reset/{token}").get_data(as_text=True)
    assert "member" in page  # the username, to write down
    response = post(client, f"/reset/{token}", NEW)
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # signed in as the member
    assert Auth(app.test_client()).login("member", NEW["password"]).status_code == 302
    assert Auth(app.test_client()).login("member", PASSWORD).status_code == 400
    with app.app_context():
        [event] = db.session.scalars(db.select(Event).filter_by(verb=PASSWORD_RESET))
        assert event.subject_id == event.actor_id


def test_opening_the_link_does_not_use_it(app, client, make_link):
    token = make_link()
    for _ in range(3):
        assert client.get(f"/reset/{token}").status_code == 200
    assert post(client, f"/reset/{token}", NEW).status_code == 302


def test_the_link_works_once(app, client, make_link):
    token = make_link()
    assert post(client, f"/reset/{token}", NEW).status_code == 302
    other = app.test_client()
    again = {"password": "un autre mot de passe", "confirm": "un autre mot de passe"}
    response = post(other, f"/reset/{token}", again)
    assert response.status_code == 410
    assert "Ce lien ne fonctionne plus" in response.get_data(as_text=True)
    assert Auth(app.test_client()).login("member", NEW["password"]).status_code == 302


def test_using_a_link_spends_the_other_open_links_of_the_account(app, client, make_link):
    first, second = make_link(), make_link()
    assert post(client, f"/reset/{second}", NEW).status_code == 302
    assert app.test_client().get(f"/reset/{first}").status_code == 410


def test_the_link_expires_after_48_hours(app, client, clock, make_link):
    clock.freeze(datetime(2026, 3, 1, 10))
    token, late = make_link(), make_link()
    clock.advance(hours=47)
    assert client.get(f"/reset/{token}").status_code == 200
    clock.advance(hours=2)
    response = client.get(f"/reset/{late}")
    assert response.status_code == 410
    assert "48 heures" in response.get_data(as_text=True)
    assert post(client, f"/reset/{late}", NEW).status_code == 410


def test_an_unknown_link_gives_a_clear_page(client):
    response = client.get("/reset/pas-un-vrai-jeton")
    assert response.status_code == 404
    assert "Ce lien ne fonctionne plus" in response.get_data(as_text=True)


def test_a_disabled_account_cannot_be_reset(app, client, make_link, people):
    token = make_link()
    with app.app_context():
        db.session.get(User, people["member"].id).active = False
        db.session.commit()
    assert client.get(f"/reset/{token}").status_code == 410


def test_a_weak_password_comes_back_with_the_error_next_to_it(client, make_link):
    token = make_link()
    response = post(client, f"/reset/{token}", {"password": "court", "confirm": "court"})
    assert response.status_code == 400
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert client.get(f"/reset/{token}").status_code == 200  # still good


def test_using_the_link_signs_out_every_other_session(app, client, make_link):
    stolen = app.test_client()
    assert Auth(stolen).login("member").status_code == 302
    assert stolen.get("/account").status_code == 200
    token = make_link()
    assert post(client, f"/reset/{token}", NEW).status_code == 302
    assert stolen.get("/account").status_code == 302  # sent to /login


def test_the_login_page_says_how_to_get_a_link(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Mot de passe oublié\u00a0?" in page

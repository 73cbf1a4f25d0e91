"""Invite links: a resident joins with a name and a password, no e-mail."""

from datetime import timedelta

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Invite, Membership, Role
from tests.helpers import Auth, post

JOIN = {
    "display_name": "Aïcha Ben Salah",
    "password": "les glycines en fleur",
    "confirm": "les glycines en fleur",
}


def members_named(app, name):
    with app.app_context():
        query = db.select(Membership).join(Membership.user).where(User.display_name == name)
        return list(db.session.scalars(query))


def test_resident_joins_with_a_name_and_password_and_gets_a_username(app, client, make_invite):
    token = make_invite()
    assert client.get(f"/invite/{token}").status_code == 200
    response = post(client, f"/invite/{token}", JOIN)
    assert response.status_code == 302
    assert response.headers["Location"] == "/g/glycines/"
    page = client.get("/g/glycines/").get_data(as_text=True)
    assert "aicha.ben.salah" in page  # the flash tells the username to write down
    [membership] = members_named(app, "Aïcha Ben Salah")
    assert membership.role == Role.MEMBER
    # and can sign in again with it
    assert Auth(app.test_client()).login("aicha.ben.salah", JOIN["password"]).status_code == 302


def test_single_use_link_cannot_be_used_twice(app, make_invite):
    token = make_invite(single_use=True)
    assert post(app.test_client(), f"/invite/{token}", JOIN).status_code == 302
    second = app.test_client()
    assert second.get(f"/invite/{token}").status_code == 410
    response = post(second, f"/invite/{token}", {**JOIN, "display_name": "Quelqu'un d'autre"})
    assert response.status_code == 410
    assert "ne fonctionne plus" in response.get_data(as_text=True)
    assert members_named(app, "Quelqu'un d'autre") == []


def test_multi_use_link_lets_several_people_in(app, make_invite):
    token = make_invite(single_use=False)
    for name in ("Paul", "Rose", "Ali"):
        response = post(app.test_client(), f"/invite/{token}", {**JOIN, "display_name": name})
        assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Invite.uses).filter_by(token=token)) == 3


def test_expired_link_is_refused(app, client, make_invite):
    token = make_invite()
    with app.app_context():
        invite = db.session.scalar(db.select(Invite).filter_by(token=token))
        invite.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    gone = client.get(f"/invite/{token}", headers={"Accept-Language": "fr"})
    assert gone.status_code == 410
    text = gone.get_data(as_text=True)
    # French reads right whatever the group's name: "l'invitation … Elle", no "de Amicale".
    assert (
        "Elle est trop ancienne" in text
        and "du groupe «\u00a0Collectif des Glycines\u00a0»" in text
    )
    assert post(client, f"/invite/{token}", JOIN).status_code == 410
    assert members_named(app, JOIN["display_name"]) == []


def test_revoked_link_is_refused(app, client, auth, make_invite):
    token = make_invite(single_use=False)
    with app.app_context():
        invite_id = db.session.scalar(db.select(Invite.id).filter_by(token=token))
    auth.login("admin")
    assert post(client, f"/g/glycines/invites/{invite_id}/revoke").status_code == 302
    assert app.test_client().get(f"/invite/{token}").status_code == 410


def test_unknown_link_is_404(client):
    assert client.get("/invite/not-a-token").status_code == 404


def test_join_form_keeps_the_name_and_says_what_is_wrong(client, make_invite):
    token = make_invite()
    response = post(
        client,
        f"/invite/{token}",
        {
            "display_name": "Aïcha",
            "username": "Pas Valide!",
            "password": "court",
            "confirm": "autre",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Aïcha"' in page
    assert "au moins 8 caractères" in page
    assert "lettres minuscules" in page


def test_join_refuses_the_group_name_as_password(client, make_invite):
    token = make_invite()
    response = post(
        client,
        f"/invite/{token}",
        {
            "display_name": "Aïcha",
            "password": "collectif des glycines",
            "confirm": "collectif des glycines",
        },
    )
    assert response.status_code == 400
    assert "ni votre nom ni celui du groupe" in response.get_data(as_text=True)


def test_signed_in_person_joins_in_one_tap_and_keeps_a_higher_role(
    app, client, auth, people, make_invite
):
    token = make_invite(role=Role.MEMBER)
    auth.login("outsider")
    assert post(client, f"/invite/{token}").status_code == 302
    assert len(members_named(app, "Outsider")) == 2  # the other group, and this one now
    # an organizer following a member invite stays organizer
    auth.logout()
    auth.login("organizer")
    post(client, f"/invite/{make_invite(role=Role.MEMBER)}")
    [membership] = members_named(app, "Organizer")
    assert membership.role == Role.ORGANIZER


def test_invite_page_makes_links_and_bad_days_come_back_400(app, client, auth, group):
    auth.login("admin")
    response = post(
        client, "/g/glycines/invites", {"role": "member", "days": "365", "single_use": "y"}
    )
    assert response.status_code == 400
    assert 'value="365"' in response.get_data(as_text=True)
    response = post(client, "/g/glycines/invites", {"role": "facilitator", "days": "3"})
    assert response.status_code == 302
    with app.app_context():
        invite = db.session.scalar(db.select(Invite))
        assert (invite.role, invite.single_use) == (Role.FACILITATOR, False)
    page = client.get("/g/glycines/invites").get_data(as_text=True)
    assert f"/invite/{invite.token}" in page

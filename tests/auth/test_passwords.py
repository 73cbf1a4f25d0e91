"""Password rules (OWASP ASVS 5.0) and what a change of password or account does to sessions."""

import pytest

from assembly.auth.passwords import password_problem
from tests.helpers import PASSWORD, Auth, post


@pytest.mark.parametrize(
    ("password", "personal", "refused"),
    [
        ("court", (), True),  # under 8 characters
        ("1234567", (), True),
        ("12345678", (), True),  # among the most common
        ("azertyuiop", (), True),
        ("AZERTYUIOP", (), True),  # common whatever the case
        ("aaaaaaaaaaaa", (), True),  # one repeated character
        ("fatou.diallo-2024", ("fatou.diallo",), True),  # contains the username
        ("vive les Glycines !", ("Les Glycines",), True),  # contains the group's name
        ("un mot de passe solide", (), False),  # no composition rule: lowercase words are fine
        ("x" * 7 + "y", (), True),  # two characters are no password
        ("tournesol", (), False),
        ("ma phrase de passe " * 3 + "avec 64 caractères au moins", (), False),
        ("abc9" * 64, (), False),  # 256 characters accepted
        ("abc9" * 64 + "z", (), True),  # 257 is absurd
    ],
)
def test_password_rules(app, password, personal, refused):
    with app.test_request_context():
        assert (password_problem(password, personal) is not None) == refused


def test_a_64_character_passphrase_is_accepted(app):
    with app.test_request_context():
        assert password_problem("p" + "assphrase" * 7) is None
        assert len("p" + "assphrase" * 7) == 64


def test_change_of_password_signs_out_other_devices_but_not_this_one(app, make_user):
    make_user("fatou")
    phone, laptop = app.test_client(), app.test_client()
    Auth(phone).login("fatou")
    Auth(laptop).login("fatou")
    response = post(
        laptop,
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "une autre phrase",
            "confirm": "une autre phrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert Auth(app.test_client()).login("fatou", "une autre phrase").status_code == 302


def test_change_of_password_refuses_a_wrong_current_one_and_a_weak_new_one(client, auth, make_user):
    make_user("fatou")
    auth.login("fatou")
    response = post(
        client,
        "/account/password",
        {"current_password": "pas le bon", "password": "azertyuiop", "confirm": "azertyuiop"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "plus courants" in page
    response = post(
        client,
        "/account/password",
        {
            "current_password": "pas le bon",
            "password": "une bonne phrase",
            "confirm": "une bonne phrase",
        },
    )
    assert response.status_code == 400
    assert "Ce n’est pas votre mot de passe actuel." in response.get_data(as_text=True)


def test_disabling_an_account_ends_its_sessions(app, make_user):
    make_user("root", instance_admin=True)
    fatou = make_user("fatou")
    resident, admin = app.test_client(), app.test_client()
    Auth(resident).login("fatou")
    Auth(admin).login("root")
    assert post(admin, f"/admin/users/{fatou.id}/active", {"active": "0"}).status_code == 302
    assert resident.get("/account").status_code == 302
    assert Auth(app.test_client()).login("fatou").status_code == 400
    post(admin, f"/admin/users/{fatou.id}/active", {"active": "1"})
    assert Auth(app.test_client()).login("fatou").status_code == 302

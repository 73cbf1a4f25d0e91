"""Signing in and out, and what a session cookie is worth afterwards."""

from assembly.auth.models import User
from assembly.extensions import db
from tests.helpers import PASSWORD, csrf_token, post


def test_login_with_username_then_logout(client, auth, make_user):
    make_user("fatou", display_name="Fatou Diallo")
    response = auth.login("fatou")
    assert response.status_code == 302
    assert "Fatou Diallo" in client.get("/account").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert client.get("/account").headers["Location"].startswith("/login")


def test_login_with_email_ignores_case(client, auth, make_user):
    make_user("karim", email="karim@exemple.fr")
    assert auth.login("Karim@Exemple.FR").status_code == 302
    assert client.get("/account").status_code == 200


def test_wrong_password_comes_back_400_with_the_login_kept_and_a_french_message(
    client, auth, make_user
):
    make_user("fatou")
    response = auth.login("fatou", "pas le bon mot de passe")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Identifiant ou mot de passe incorrect." in page
    assert 'value="fatou"' in page
    assert 'aria-invalid="true"' in page


def test_wrong_password_in_english_for_an_english_browser(client, make_user):
    make_user("fatou")
    headers = {"Accept-Language": "en-GB,en;q=0.9"}
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={"login": "fatou", "password": "nope nope", "csrf_token": token},
        headers=headers,
    )
    assert response.status_code == 400
    assert "Wrong username or password." in response.get_data(as_text=True)


def test_login_goes_back_to_the_page_asked_but_never_to_another_site(client, auth, make_user):
    make_user("fatou")
    token = csrf_token(client, "/login")
    data = {"login": "fatou", "password": PASSWORD, "csrf_token": token}
    response = client.post("/login", data={**data, "next": "/account"})
    assert response.headers["Location"] == "/account"
    auth.logout()
    data["csrf_token"] = csrf_token(client, "/login")
    response = client.post("/login", data={**data, "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_disabled_account_cannot_sign_in(app, auth, make_user):
    user = make_user("fatou")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert auth.login("fatou").status_code == 400


def test_session_cookie_replayed_after_logout_is_refused(app, make_user):
    make_user("fatou")
    client = app.test_client()
    from tests.helpers import Auth

    Auth(client).login("fatou")
    stolen = client.get_cookie("assembly_session").value
    Auth(client).logout()

    thief = app.test_client()
    thief.set_cookie("assembly_session", stolen)
    response = thief.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_renews_the_session(app, client, auth, make_user):
    make_user("fatou")
    csrf_token(client, "/login")
    before = client.get_cookie("assembly_session").value
    auth.login("fatou")
    after = client.get_cookie("assembly_session").value
    assert before != after
    # The anonymous cookie no longer opens anything signed in.
    other = app.test_client()
    other.set_cookie("assembly_session", before)
    assert other.get("/account").status_code == 302


def test_too_many_login_attempts_get_a_translated_429(app_factory, make_user):
    app = app_factory(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    token = csrf_token(client, "/login")
    data = {"login": "nobody", "password": "wrong password", "csrf_token": token}
    statuses = [client.post("/login", data=data).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    page = client.post("/login", data=data).get_data(as_text=True)
    assert "Trop de tentatives" in page
    # Reading the page is never limited.
    assert client.get("/login").status_code == 200


def test_hash_with_old_cost_is_replaced_at_login(app_factory, tmp_path):
    from assembly.auth.operations import create_user

    app = app_factory(ARGON2_TIME_COST=1)
    with app.app_context():
        create_user("fatou", "Fatou", PASSWORD)
        old_hash = db.session.scalar(db.select(User.password_hash))
    app.config["ARGON2_TIME_COST"] = 2
    client = app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"login": "fatou", "password": PASSWORD, "csrf_token": token})
    with app.app_context():
        new_hash = db.session.scalar(db.select(User.password_hash))
    assert new_hash != old_hash
    assert "$argon2id$" in new_hash and "t=2" in new_hash


def test_post_without_csrf_token_is_refused(client, make_user):
    make_user("fatou")
    response = client.post("/login", data={"login": "fatou", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_account_page_keeps_bad_input_and_says_why(client, auth, make_user):
    make_user("fatou")
    auth.login("fatou")
    response = post(
        client, "/account", {"display_name": "Fatou D.", "email": "pas-un-email", "locale": "fr"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="pas-un-email"' in page
    assert "nom@exemple.fr" in page


def test_account_page_saves_contact_details(app, client, auth, make_user):
    user = make_user("fatou")
    auth.login("fatou")
    response = post(
        client,
        "/account",
        {
            "display_name": "Fatou D.",
            "email": "fatou@exemple.fr",
            "phone": "06 12 34 56 78",
            "locale": "en",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.display_name, saved.email, saved.phone, saved.locale) == (
            "Fatou D.",
            "fatou@exemple.fr",
            "06 12 34 56 78",
            "en",
        )

"""Holding an account or an invite link tells nobody who else has an account.

The invite form used to say "this username is taken", the account page "another
account already uses this e-mail": both answered "is X registered here?".
"""

from assembly.auth.models import User
from assembly.extensions import db
from tests.groups.test_invites import JOIN
from tests.helpers import PASSWORD, Auth, post

SHARED = "famille.diallo@exemple.fr"


def test_an_invite_with_a_taken_username_gets_a_free_one_without_being_told(
    app, make_invite, make_user
):
    make_user("fatou")
    client = app.test_client()
    response = post(client, f"/invite/{make_invite()}", {**JOIN, "username": "fatou"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "pris" not in page and "taken" not in page
    with app.app_context():
        joined = db.session.scalar(db.select(User).filter_by(display_name=JOIN["display_name"]))
        assert joined.username == "fatou2"
    assert "fatou2" in page  # the welcome says which username to write down


def test_an_email_another_account_has_is_accepted_without_a_word(app, client, make_user):
    make_user("aminata", email=SHARED)
    make_user("fatou")
    Auth(client).login("fatou")
    data = {"display_name": "Fatou", "email": SHARED, "locale": "fr"}
    response = post(client, "/account", data)
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "autre compte" not in page and "Another account" not in page
    assert f'value="{SHARED}"' in page


def test_signing_in_with_a_shared_email_opens_the_account_whose_password_it_is(app, make_user):
    aminata = "le mot de passe d'aminata"
    make_user("aminata", display_name="Aminata Diallo", email=SHARED, password=aminata)
    make_user("fatou", display_name="Fatou Diallo", email=SHARED)
    for password, name, other in ((aminata, "Aminata", "Fatou"), (PASSWORD, "Fatou", "Aminata")):
        client = app.test_client()
        assert Auth(client).login(SHARED.upper(), password).status_code == 302
        page = client.get("/account").get_data(as_text=True)
        assert f"{name} Diallo" in page and f"{other} Diallo" not in page
    assert Auth(app.test_client()).login(SHARED, "ni l'un ni l'autre").status_code == 400

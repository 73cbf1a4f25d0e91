"""The forgotten password: a link by e-mail, good once for one hour, to every account with
the address, and the same answer for an address nobody has."""

import re
import time
from datetime import datetime

import argon2
import pytest

from assembly.auth.events import RECOVERY_LINK_HELD, RECOVERY_LINK_SENT
from assembly.auth.models import User
from assembly.extensions import db
from assembly.messages.models import Message, MessageKind, MessageStatus
from assembly.messages.sender import send_pass
from assembly.trace.models import Event
from tests.helpers import PASSWORD, Auth, post

ADDRESS = "awa.diallo@example.org"
NEW = {"password": "les glycines en fleur", "confirm": "les glycines en fleur"}
LINK = re.compile(r"http://localhost(/reset/[A-Za-z0-9_-]+)")
MORNING = datetime(2026, 12, 1, 9, 0)


def forgot(client, address=ADDRESS, **kwargs):
    return post(client, "/forgot", {"email": address}, **kwargs)


def deliver(app):
    with app.app_context():
        return send_pass()


def mails_to(smtp_server, address=ADDRESS):
    return [mail for mail in smtp_server.received if mail["To"] == address]


def link_in(mail) -> str:
    """The path of the link an e-mail carries, read from its plain-text body."""
    return LINK.search(mail.get_body(("plain",)).get_content()).group(1)


def messages(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Message))


def test_the_link_by_email_sets_a_new_password_and_signs_out_every_device(
    app, client, make_user, smtp_server
):
    make_user("awa", display_name="Awa Diallo", email=ADDRESS)
    stolen = app.test_client()
    assert Auth(stolen).login("awa").status_code == 302
    response = forgot(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/forgot?sent=1"
    deliver(app)
    [mail] = mails_to(smtp_server)
    assert "awa" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "Awa Diallo" in text and "dans l’heure" in text
    path = link_in(mail)
    assert "awa" in client.get(path).get_data(as_text=True)  # the username, to write down
    assert post(client, path, NEW).status_code == 302
    assert client.get("/account").status_code == 200  # signed in with the new password
    assert stolen.get("/account").status_code == 302  # the old session is revoked
    assert Auth(app.test_client()).login("awa", NEW["password"]).status_code == 302
    assert Auth(app.test_client()).login("awa", PASSWORD).status_code == 400
    again = {"password": "un autre mot de passe", "confirm": "un autre mot de passe"}
    assert post(app.test_client(), path, again).status_code == 410  # once only


def test_the_link_works_for_one_hour(app, client, clock, make_user, smtp_server):
    clock.freeze(MORNING)
    make_user("awa", email=ADDRESS)
    forgot(client)
    deliver(app)
    path = link_in(mails_to(smtp_server)[0])
    clock.advance(minutes=59)
    assert client.get(path).status_code == 200
    clock.advance(minutes=2)
    response = client.get(path)
    assert response.status_code == 410
    assert "pendant 1 heure" in response.get_data(as_text=True)
    assert post(client, path, NEW).status_code == 410


def test_an_unknown_address_gets_the_same_answer_and_no_message(
    app, client, make_user, smtp_server
):
    make_user("awa", email=ADDRESS)
    known, unknown = forgot(app.test_client()), forgot(client, "personne@example.org")
    assert (unknown.status_code, unknown.headers["Location"]) == (
        known.status_code,
        known.headers["Location"],
    )
    page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert "Si un compte a cette adresse" in page
    assert messages(app) == 1  # Awa's only
    deliver(app)
    assert mails_to(smtp_server, "personne@example.org") == []


def test_neither_answer_hashes_a_password(app, client, make_user, monkeypatch):
    """No argon2 either way: its quarter of a second would tell a known address."""
    make_user("awa", email=ADDRESS)

    def no_hashing(*args, **kwargs):
        raise AssertionError("argon2 ran")

    monkeypatch.setattr(argon2.PasswordHasher, "hash", no_hashing)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", no_hashing)
    assert forgot(client).status_code == 302
    assert forgot(client, "personne@example.org").status_code == 302


def test_both_answers_come_after_the_same_time(app, client, make_user):
    """Writing a link takes milliseconds that would tell a known address: both wait."""
    make_user("awa", email=ADDRESS)
    app.config["FORGOT_ANSWER_SECONDS"] = 0.2
    for address in (ADDRESS, "personne@example.org"):
        started = time.monotonic()
        assert forgot(client, address).status_code == 302
        assert time.monotonic() - started >= 0.2


def test_two_accounts_sharing_an_address_each_get_their_own_email(
    app, client, make_user, smtp_server
):
    make_user("awa", display_name="Awa Diallo", email=ADDRESS)
    make_user("moussa", display_name="Moussa Diallo", email=ADDRESS)
    forgot(client, ADDRESS.upper())
    deliver(app)
    mails = mails_to(smtp_server)
    assert sorted(mail["Subject"].split()[-1] for mail in mails) == ["awa", "moussa"]
    for mail in mails:
        username = mail["Subject"].split()[-1]
        page = app.test_client().get(link_in(mail)).get_data(as_text=True)
        assert f"<strong>{username}</strong>" in page  # each link opens its own account


def test_a_disabled_account_gets_no_link(app, client, make_user, smtp_server):
    awa = make_user("awa", email=ADDRESS)
    with app.app_context():
        db.session.get(User, awa.id).active = False
        db.session.commit()
    assert forgot(client).status_code == 302
    assert messages(app) == 0


def test_an_account_gets_three_links_an_hour_whatever_the_internet_address(app, make_user, clock):
    clock.freeze(MORNING)
    awa = make_user("awa", email=ADDRESS)
    for n in range(5):  # five phones, five addresses: the same page each time
        client = app.test_client()
        response = forgot(client, environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
        assert response.headers["Location"] == "/forgot?sent=1"
    assert messages(app) == 3
    clock.advance(minutes=61)
    forgot(app.test_client(), environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert messages(app) == 4
    with app.app_context():
        verbs = db.session.scalars(
            db.select(Event.verb).filter_by(subject_type="users", subject_id=awa.id)
        ).all()
    assert verbs.count(RECOVERY_LINK_SENT) == 4
    assert verbs.count(RECOVERY_LINK_HELD) == 2


def test_one_internet_address_may_ask_a_few_times_only(app, client):
    app.config["FORGOT_RATE_LIMIT"] = "2 per hour"
    statuses = [forgot(client, f"n{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert client.get("/forgot").status_code == 200  # reading the page is never limited


def test_a_bad_address_comes_back_with_the_text_and_the_error(client):
    response = forgot(client, "awa chez example")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="awa chez example"' in page
    assert 'id="email-error"' in page


def test_the_link_leaves_the_outbox_once_sent(app, client, make_user, smtp_server):
    """The text holds a key to the account: kept no longer than it is on its way."""
    make_user("awa", email=ADDRESS)
    forgot(client)
    with app.app_context():
        [message] = db.session.scalars(db.select(Message))
        assert message.kind == MessageKind.ACCOUNT_RECOVERY
        assert "/reset/" in message.body and message.group_id is None
    deliver(app)
    with app.app_context():
        [message] = db.session.scalars(db.select(Message))
        assert message.status == MessageStatus.SENT
        assert (message.body, message.link) == ("", "")


def test_the_email_is_in_the_language_of_the_account(app, client, make_user, smtp_server):
    make_user("awa", email=ADDRESS, locale="en")
    forgot(client)
    deliver(app)
    [mail] = mails_to(smtp_server)
    assert mail["Subject"] == "A new password for awa"
    assert "within the hour" in mail.get_body(("plain",)).get_content()


def test_the_login_page_tells_both_ways_back_in(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot"' in page  # by e-mail, for an account that has one
    assert "une personne qui organise" in page  # else a link from the team


@pytest.mark.parametrize("missing", ["MAIL_SERVER", "PUBLIC_URL"])
def test_without_email_the_page_says_to_ask_an_organizer(app, client, make_user, missing):
    app.config[missing] = ""
    make_user("awa", email=ADDRESS)
    page = client.get("/forgot").get_data(as_text=True)
    assert "ne peut pas envoyer d’e-mails" in page and 'name="email"' not in page
    forgot(client)
    assert messages(app) == 0

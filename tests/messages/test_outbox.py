"""The outbox and its sender: one message per event, only under consent, delivered once,
tried again when a server is away, never sent in quiet hours nor once too late."""

from datetime import datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.messages.outbox import cancel, notify, withdraw
from assembly.messages.sender import BACKOFF, send_pass
from assembly.messages.sms import parts
from assembly.people.models import ConsentPurpose, ConsentSource, Person, ReachBy
from assembly.people.operations import give_consent

# A Tuesday, 10:00 in Paris (UTC+1 in winter): outside quiet hours.
MORNING = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def person(app, group):
    """Awa, with a phone and an e-mail, who agreed to hear about the group's actions."""

    def make(purposes=(ConsentPurpose.GROUP_ACTIONS,), **fields):
        with app.app_context():
            values = {"phone": "+33612345678", "email": "awa@example.org", **fields}
            awa = Person(group_id=group.id, name="Awa", **values)
            db.session.add(awa)
            db.session.flush()
            for purpose in purposes:
                give_consent(awa, purpose, "Recevoir des nouvelles", ConsentSource.WEB)
            db.session.commit()
            return awa.id

    return make


def write(app, person_id, dedup="test:1", text="Assemblée jeudi à 18 h.", **options):
    with app.app_context():
        message = notify(
            db.session.get(Person, person_id),
            kind=MessageKind.CALL_TO_ACTION,
            purpose=ConsentPurpose.GROUP_ACTIONS,
            template="messages/call_to_action.txt",
            dedup=dedup,
            subject="Assemblée",
            text=text,
            **options,
        )
        db.session.commit()
        return message.id if message else None


def row(app, message_id):
    with app.app_context():
        message = db.session.get(Message, message_id)
        db.session.expunge(message)
        return message


def test_one_event_makes_one_message(app, person, clock):
    clock.freeze(MORNING)
    awa = person()
    first = write(app, awa)
    assert first is not None
    assert write(app, awa) is None  # the same key: nothing more
    message = row(app, first)
    assert (message.channel, message.address) == (MessageChannel.SMS, "+33612345678")
    assert message.status == MessageStatus.QUEUED
    assert message.body.startswith("Assemblée jeudi à 18 h.")
    assert "STOP" in message.body  # every SMS says how to stop them


def test_nothing_without_a_live_consent_for_the_purpose(app, person):
    assert write(app, person(purposes=())) is None
    assert write(app, person(purposes=(ConsentPurpose.NEED_FOLLOWUP,))) is None


def test_the_preferred_channel_and_the_language(app, person, clock):
    clock.freeze(MORNING)
    awa = person(preferred_channel=ReachBy.EMAIL, language="en")
    message = row(app, write(app, awa))
    assert (message.channel, message.address) == (MessageChannel.EMAIL, "awa@example.org")
    assert message.language == "en"
    assert message.subject == "Assemblée"


def test_reminder_consents_hold_for_their_own_channel_only(app, person, clock):
    clock.freeze(MORNING)
    awa = person(purposes=(ConsentPurpose.EMAIL_REMINDERS,))
    with app.app_context():
        message = notify(
            db.session.get(Person, awa),
            kind=MessageKind.TASK_DUE,
            purpose=ConsentPurpose.EMAIL_REMINDERS,
            template="messages/call_to_action.txt",
            dedup="task:1",
            subject="Tâche",
            text="À faire",
        )
        assert message.channel == MessageChannel.EMAIL  # not the phone, though SMS comes first


def test_sms_and_email_are_delivered(app, person, clock, sms_gateway, smtp_server):
    clock.freeze(MORNING)
    by_sms = write(app, person(), dedup="a", text="Rendez-vous à 18 h")
    by_mail = write(
        app, person(preferred_channel=ReachBy.EMAIL), dedup="b", text="Voir http://x.example.org/n"
    )
    with app.app_context():
        done = send_pass()
    assert done[MessageStatus.SENT] == 2
    [sms] = sms_gateway.sent
    assert sms["phoneNumbers"] == ["+33612345678"]
    assert sms["textMessage"]["text"].startswith("Rendez-vous à 18 h")
    assert row(app, by_sms).gateway_id == sms["id"]
    [mail] = smtp_server.received
    assert mail["To"] == "awa@example.org"
    assert mail["Subject"] == "Assemblée"
    assert mail["Content-Language"] == "fr"
    assert mail["List-Unsubscribe"].startswith("<http://localhost/u/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Voir http://x.example.org/n" in text
    assert '<a href="http://x.example.org/n" dir="ltr">' in html
    # The way out in words too, in the recipient's language, linked in the HTML.
    way_out = mail["List-Unsubscribe"].strip("<>")
    assert (
        f"Collectif des Glycines parce que vous l’avez accepté. Pour arrêter\u00a0: {way_out}"
        in text
    )
    assert f'<a href="{way_out}" dir="ltr">' in html
    assert row(app, by_mail).status == MessageStatus.SENT
    with app.app_context():
        assert send_pass() == {}  # nothing goes twice


def test_a_server_away_delays_and_loses_nothing(app, person, clock, sms_gateway):
    clock.freeze(MORNING)
    message_id = write(app, person())
    sms_gateway.fail_with = 503
    with app.app_context():
        assert send_pass()[MessageStatus.QUEUED] == 1
    waiting = row(app, message_id)
    assert (waiting.attempts, waiting.status) == (1, MessageStatus.QUEUED)
    assert waiting.send_after == MORNING + timedelta(minutes=BACKOFF[0])
    assert "503" in waiting.error or "gateway" in waiting.error
    sms_gateway.fail_with = None
    with app.app_context():
        assert send_pass() == {}  # not before its time
    clock.advance(minutes=BACKOFF[0])
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 1
    assert len(sms_gateway.sent) == 1


def test_a_number_the_phone_refuses_fails_for_good(app, person, clock, sms_gateway):
    clock.freeze(MORNING)
    message_id = write(app, person())
    sms_gateway.fail_with = 400
    with app.app_context():
        assert send_pass()[MessageStatus.FAILED] == 1
    assert row(app, message_id).status == MessageStatus.FAILED


def test_a_consent_withdrawn_before_sending_stops_the_message(app, person, clock, sms_gateway):
    clock.freeze(MORNING)
    awa = person()
    message_id = write(app, awa)
    with app.app_context():
        for consent in db.session.get(Person, awa).consents:
            consent.withdrawn_at = MORNING
        db.session.commit()
        send_pass()
    assert sms_gateway.sent == []
    message = row(app, message_id)
    assert (message.status, message.error) == (MessageStatus.CANCELLED, "consent withdrawn")


def test_no_sms_in_quiet_hours(app, person, clock, sms_gateway):
    evening = datetime(2026, 12, 1, 21, 30)  # 22:30 in Paris
    clock.freeze(evening)
    message_id = write(app, person())
    assert row(app, message_id).send_after == datetime(2026, 12, 2, 7, 0)  # 8:00 in Paris
    with app.app_context():
        send_pass()
    assert sms_gateway.sent == []
    clock.freeze(datetime(2026, 12, 2, 7, 0))
    with app.app_context():
        send_pass()
    assert len(sms_gateway.sent) == 1


def test_too_late_is_not_sent(app, person, clock, sms_gateway):
    clock.freeze(MORNING)
    message_id = write(app, person(), send_before=MORNING + timedelta(hours=1))
    clock.advance(hours=2)
    with app.app_context():
        send_pass()
    assert sms_gateway.sent == []
    assert row(app, message_id).error == "too late"


def test_cancelled_messages_free_their_key(app, person, clock):
    clock.freeze(MORNING)
    awa = person()
    first = write(app, awa, dedup="meeting:4:reminder:48:person:1")
    with app.app_context():
        assert cancel("meeting:4:") == 1
        db.session.commit()
    assert row(app, first).status == MessageStatus.CANCELLED
    assert write(app, awa, dedup="meeting:4:reminder:48:person:1") is not None


def test_a_prefix_stops_at_a_colon_and_whole_keys_withdraw_only_themselves(app, person, clock):
    """`person:1` must not reach `person:12`: a prefix without its ':' is refused, and
    whole keys withdraw exactly those messages."""
    clock.freeze(MORNING)
    awa = person()
    one = write(app, awa, dedup="need:7:status:resolved:person:1")
    twelve = write(app, awa, dedup="need:7:status:resolved:person:12")
    with app.app_context():
        with pytest.raises(ValueError):
            cancel("need:7:status:resolved:person:1")
        assert withdraw(["need:7:status:resolved:person:1"], reason="told") == 1
        db.session.commit()
    assert row(app, one).status == MessageStatus.CANCELLED
    assert row(app, twelve).status == MessageStatus.QUEUED


def test_the_send_command(app, person, clock, sms_gateway):
    clock.freeze(MORNING)
    write(app, person())
    result = app.test_cli_runner().invoke(args=["send"])
    assert result.exit_code == 0, result.output
    assert "sent: 1" in result.output
    assert len(sms_gateway.sent) == 1


@pytest.mark.parametrize(
    ("text", "unicode", "count"),
    [
        ("a" * 160, False, 1),
        ("a" * 161, False, 2),
        ("a" * 306, False, 2),
        ("a" * 307, False, 3),
        ("€" * 80, False, 1),  # the extension table: two septets each
        ("€" * 81, False, 2),
        ("é" * 160, False, 1),  # in GSM-7
        ("ê" * 70, True, 1),  # not in GSM-7: the whole text is UCS-2
        ("ê" * 71, True, 2),
        ("مرحبا" * 14, True, 1),
        ("👍" * 35, True, 1),  # two UTF-16 units each
        ("👍" * 36, True, 2),
    ],
)
def test_sms_parts(text, unicode, count):
    found = parts(text)
    assert (found.unicode, found.count) == (unicode, count)


def test_the_way_out_without_an_account(app, person, clock, client):
    clock.freeze(MORNING)
    awa = person(preferred_channel=ReachBy.EMAIL)
    message_id = write(app, awa)
    with app.app_context():
        from assembly.messages.links import unsubscribe_token

        token = unsubscribe_token(db.session.get(Message, message_id))
    page = client.get(f"/u/{token}")
    assert page.status_code == 200
    assert "Collectif des Glycines" in page.text
    assert client.get("/u/forged-token").status_code == 404
    # A mail program's one-click button: no form token, the signed link is enough.
    done = client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    with app.app_context():
        assert not db.session.get(Person, awa).may(ConsentPurpose.GROUP_ACTIONS)
    assert write(app, awa, dedup="after") is None


def test_french_typography_does_not_double_what_an_sms_costs(app, person, clock):
    clock.freeze(MORNING)
    text = "L\u2019assemblée du quartier\u202f: « venez nombreux\u00a0»\u2026 avec vos voisin·es"
    message = row(app, write(app, person(), text=text))
    assert message.body.startswith('L\'assemblée du quartier : " venez nombreux "... avec vos')
    assert not parts(message.body).unicode
    assert message.segments == 1


def test_the_html_twin_escapes_the_text_and_links_its_addresses(app):
    from assembly.messages.mail import html_of

    with app.app_context():
        html = html_of("Bonjour <b>Awa</b> & co\nVoir https://x.example.org/n?a=1&b=2.\n\nFin")
    assert "Bonjour &lt;b&gt;Awa&lt;/b&gt; &amp; co<br>" in html
    assert '<a href="https://x.example.org/n?a=1&amp;b=2" dir="ltr">' in html
    assert "</a>.</p>" in html
    assert '<p dir="auto">Fin</p>' in html  # an Arabic message reads right to left

"""The phone's webhook: signed calls only; delivery reports; an incoming STOP withdraws that
number's SMS consents, cancels what waited, and is confirmed once."""

import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.messages.models import Message, MessageKind, MessageStatus
from assembly.messages.operations import asks_to_stop
from assembly.messages.outbox import notify
from assembly.messages.sender import send_pass
from assembly.people.models import BY_PHONE, ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent
from assembly.trace.models import Event
from tests.messaging import MESSAGING, signed_webhook

# A Tuesday, 10:00 in Paris: outside quiet hours.
MORNING = datetime(2026, 12, 1, 9, 0)
URL = "/sms/webhook"
AWA = "+33612345678"
EVERY_PURPOSE = (*BY_PHONE, ConsentPurpose.EMAIL_REMINDERS)


def now_epoch() -> int:
    return int(utcnow().replace(tzinfo=UTC).timestamp())


def event(kind: str, **payload) -> dict:
    return {
        "deviceId": "ffffffffceb0b1db0000018e937c815b",
        "event": kind,
        "id": "Ey6ECgOkVVFjz3CL48B8C",
        "payload": payload,
        "webhookId": "assemblee",
    }


def signed_headers(body: bytes, timestamp: str) -> dict:
    """The headers the phone sends with `body`, for a body tests/messaging.py cannot make."""
    key = MESSAGING["SMS_WEBHOOK_KEY"].encode()
    signature = hmac.new(key, body + timestamp.encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Timestamp": timestamp, "X-Signature": signature}


def call(client, payload: dict, **signing):
    """Post `payload` as the phone does, signed, at the app's time."""
    body, headers = signed_webhook(payload, **({"at": now_epoch()} | signing))
    return client.post(URL, data=body, headers=headers)


def stop(client, text="STOP", number=AWA):
    return call(client, event("sms:received", message=text, phoneNumber=number))


@pytest.fixture
def person(app, group, make_group):
    """`person(group_id=…, phone=…, purposes=…)`: someone of the contact book; their id."""

    def make(group_id=None, phone=AWA, purposes=EVERY_PURPOSE, **fields):
        with app.app_context():
            awa = Person(
                group_id=group_id or group.id,
                name="Awa",
                phone=phone,
                email="awa@example.org",
                **fields,
            )
            db.session.add(awa)
            db.session.flush()
            for purpose in purposes:
                give_consent(awa, purpose, "Recevoir des nouvelles", ConsentSource.DOOR)
            db.session.commit()
            return awa.id

    return make


def live_purposes(app, person_id) -> set[ConsentPurpose]:
    with app.app_context():
        return {c.purpose for c in db.session.get(Person, person_id).consents if c.live()}


def messages(app, **filters) -> list[Message]:
    with app.app_context():
        found = list(db.session.scalars(db.select(Message).filter_by(**filters)))
        db.session.expunge_all()
        return found


def queue_sms(app, person_id, dedup="call:1") -> int:
    with app.app_context():
        message = notify(
            db.session.get(Person, person_id),
            kind=MessageKind.CALL_TO_ACTION,
            purpose=ConsentPurpose.GROUP_ACTIONS,
            template="messages/call_to_action.txt",
            dedup=dedup,
            subject="Assemblée",
            text="Assemblée jeudi à 18 h.",
        )
        db.session.commit()
        return message.id


# Signed calls only ----------------------------------------------------------------------


def test_a_signed_call_is_answered(client):
    response = call(client, event("system:ping", health={"status": "pass"}))
    assert response.status_code == 200


REFUSED = {
    "no signature": lambda body, headers: (body, {"Content-Type": "application/json"}),
    "no timestamp": lambda body, headers: (body, headers | {"X-Timestamp": ""}),
    "wrong signature": lambda body, headers: (body, headers | {"X-Signature": "0" * 64}),
    "body changed": lambda body, headers: (body.replace(b"STOP", b"stop"), headers),
    "timestamp changed": lambda body, headers: (
        body,
        headers | {"X-Timestamp": str(int(headers["X-Timestamp"]) + 1)},
    ),
}


@pytest.mark.parametrize("tamper", REFUSED.values(), ids=REFUSED.keys())
def test_an_unsigned_or_altered_call_changes_nothing(app, client, person, tamper):
    awa = person()
    payload = event("sms:received", message="STOP", phoneNumber=AWA)
    body, headers = tamper(*signed_webhook(payload, at=now_epoch()))
    assert client.post(URL, data=body, headers=headers).status_code == 403
    assert live_purposes(app, awa) == set(EVERY_PURPOSE)


def test_a_call_signed_with_another_key_is_refused(app, client, person):
    awa = person()
    payload = event("sms:received", message="STOP", phoneNumber=AWA)
    assert call(client, payload, key="not-the-key").status_code == 403
    assert live_purposes(app, awa) == set(EVERY_PURPOSE)


@pytest.mark.parametrize(("seconds", "status"), [(-301, 403), (301, 403), (-299, 200), (299, 200)])
def test_a_call_more_than_five_minutes_away_is_refused(client, clock, seconds, status):
    clock.freeze(MORNING)
    response = call(client, event("system:ping"), at=now_epoch() + seconds)
    assert response.status_code == status


def test_a_replayed_stop_is_refused_later(app, client, clock, person):
    """A call recorded on the way and sent again an hour later is not taken."""
    clock.freeze(MORNING)
    awa = person()
    body, headers = signed_webhook(
        event("sms:received", message="STOP", phoneNumber=AWA), at=now_epoch()
    )
    clock.advance(hours=1)
    assert client.post(URL, data=body, headers=headers).status_code == 403
    assert live_purposes(app, awa) == set(EVERY_PURPOSE)


def test_without_a_key_the_webhook_is_not_there(app_factory, person):
    app = app_factory(**(MESSAGING | {"SMS_WEBHOOK_KEY": ""}))
    client = app.test_client()
    assert call(client, event("system:ping")).status_code == 404
    body, headers = signed_webhook(event("system:ping"), key="", at=now_epoch())
    assert client.post(URL, data=body, headers=headers).status_code == 404


def test_a_signed_body_that_is_no_event_is_a_bad_request(client):
    for bad in (b"[1, 2]", b"not json", b'{"event": "sms:received", "payload": "STOP"}'):
        response = client.post(URL, data=bad, headers=signed_headers(bad, str(now_epoch())))
        assert response.status_code == 400


def test_a_huge_body_is_not_read(client):
    body = b'{"event": "system:ping", "pad": "' + b"x" * 100_000 + b'"}'
    headers = signed_headers(body, str(now_epoch()))
    assert client.post(URL, data=body, headers=headers).status_code == 413


# Delivery reports -----------------------------------------------------------------------


@pytest.fixture
def sent(app, person, clock, sms_gateway):
    """An SMS to Awa, taken by the phone; its row's id and the phone's id for it."""
    clock.freeze(MORNING)
    message_id = queue_sms(app, person())
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 1
    [sms] = sms_gateway.sent
    return message_id, sms["id"]


def row(app, message_id) -> Message:
    with app.app_context():
        message = db.session.get(Message, message_id)
        db.session.expunge(message)
        return message


def test_a_delivery_report_marks_the_message_delivered(app, client, sent):
    message_id, gateway_id = sent
    report = event(
        "sms:delivered",
        messageId=gateway_id,
        phoneNumber=AWA,
        deliveredAt="2026-12-01T10:05:30.000+01:00",
    )
    assert call(client, report).status_code == 200
    message = row(app, message_id)
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at == datetime(2026, 12, 1, 9, 5, 30)
    assert call(client, report).status_code == 200  # the phone tries again: the same
    assert row(app, message_id).delivered_at == datetime(2026, 12, 1, 9, 5, 30)


def test_a_failure_report_marks_the_message_failed_with_its_reason(app, client, sent):
    message_id, gateway_id = sent
    report = event(
        "sms:failed",
        messageId=gateway_id,
        phoneNumber=AWA,
        failedAt="2026-12-01T10:05:30.000+01:00",
        reason="RESULT_ERROR_NO_SERVICE",
    )
    assert call(client, report).status_code == 200
    message = row(app, message_id)
    assert (message.status, message.error) == (MessageStatus.FAILED, "RESULT_ERROR_NO_SERVICE")
    assert call(client, report).status_code == 200
    assert row(app, message_id).status == MessageStatus.FAILED


def test_a_late_failure_does_not_undo_a_delivery(app, client, sent):
    message_id, gateway_id = sent
    call(client, event("sms:delivered", messageId=gateway_id, deliveredAt="2026-12-01T10:05:30Z"))
    call(client, event("sms:failed", messageId=gateway_id, reason="late"))
    assert row(app, message_id).status == MessageStatus.DELIVERED


def test_a_report_about_an_unknown_message_changes_nothing(app, client, sent, person):
    message_id, _ = sent
    waiting = queue_sms(app, person(phone="+33698765432"), dedup="call:2")  # gateway_id ""
    for unknown in ("someone-else", ""):
        for kind in ("sms:delivered", "sms:failed"):
            assert call(client, event(kind, messageId=unknown, reason="x")).status_code == 200
    assert row(app, message_id).status == MessageStatus.SENT
    assert row(app, waiting).status == MessageStatus.QUEUED


def test_sent_reports_and_pings_are_taken_and_change_nothing(app, client, sent):
    message_id, gateway_id = sent
    before = row(app, message_id)
    for kind in ("sms:sent", "system:ping", "mms:received", "something:new"):
        assert call(client, event(kind, messageId=gateway_id)).status_code == 200
    after = row(app, message_id)
    assert (after.status, after.sent_at) == (before.status, before.sent_at)


# STOP -------------------------------------------------------------------------------------

STOPS = [
    "STOP",
    "stop",
    "Stop svp",
    "STOP!",
    "  stop.  ",
    "Merci mais stop",
    "ok STOP merci",
    "Stop-SMS",
    "Arrêt",
    "ARRET",
    "arrêter svp",
    "Arrêtez de m'écrire",
    "Désabonner",
    "desinscription",
    "unsubscribe",
]
NOT_STOPS = [
    "J'ai stoppé la fuite",
    "stopper le chauffage ?",
    "L'arrêt de bus est cassé",
    "Je viens jeudi, merci",
    "Ne pas s'arrêter là",
    "",
    "🙂",
]


@pytest.mark.parametrize("text", STOPS)
def test_stop_in_any_case_with_accents_and_words_around(text):
    assert asks_to_stop(text)


@pytest.mark.parametrize("text", NOT_STOPS)
def test_other_words_are_no_stop(text):
    assert not asks_to_stop(text)


@pytest.mark.parametrize("text", ["Stop svp", "Arrêt"])
def test_a_stop_withdraws_what_lets_the_group_text_that_number(app, client, clock, person, text):
    clock.freeze(MORNING)
    awa = person()
    assert stop(client, text).status_code == 200
    # E-mail reminders are asked for the e-mail alone: a STOP by SMS leaves them.
    assert live_purposes(app, awa) == {ConsentPurpose.EMAIL_REMINDERS}
    with app.app_context():
        journal = db.session.scalars(db.select(Event).filter_by(verb="consent.withdrawn")).all()
        assert {(e.subject_id, e.payload["purpose"], e.payload["how"]) for e in journal} == {
            (awa, purpose.value, "sms") for purpose in BY_PHONE
        }


@pytest.mark.parametrize("text", NOT_STOPS[:3])
def test_another_sms_is_dropped(app, client, clock, person, text):
    clock.freeze(MORNING)
    awa = person()
    assert stop(client, text).status_code == 200
    assert live_purposes(app, awa) == set(EVERY_PURPOSE)
    assert messages(app) == []  # nothing kept, nothing answered


def test_a_stop_reaches_every_group_by_the_number_in_any_writing(
    app, client, clock, person, make_group
):
    clock.freeze(MORNING)
    here = person()
    other_group = make_group("voisins", "Les Voisins")
    there = person(group_id=other_group.id, purposes=(ConsentPurpose.SMS_REMINDERS,))
    someone_else = person(phone="+33698765432")
    assert stop(client, "stop", number="06 12 34 56 78").status_code == 200
    assert live_purposes(app, here) == {ConsentPurpose.EMAIL_REMINDERS}
    assert live_purposes(app, there) == set()
    assert live_purposes(app, someone_else) == set(EVERY_PURPOSE)
    [confirmation] = messages(app, kind=MessageKind.STOP_CONFIRMATION)
    assert confirmation.address == AWA
    assert "Collectif des Glycines" in confirmation.body and "Les Voisins" in confirmation.body


def test_a_stop_cancels_what_waited_and_is_confirmed_once(app, client, clock, person, sms_gateway):
    clock.freeze(MORNING)
    awa = person()
    waiting = queue_sms(app, awa)
    assert stop(client).status_code == 200
    assert stop(client, "STOP !!").status_code == 200  # again, or the phone retrying
    assert row(app, waiting).status == MessageStatus.CANCELLED
    with app.app_context():
        send_pass()
    [confirmation] = sms_gateway.sent
    assert confirmation["phoneNumbers"] == [AWA]
    assert confirmation["textMessage"]["text"] == (
        "Demande STOP prise en compte : vous ne recevrez plus de SMS de Collectif des Glycines."
    )
    assert "STOP pour ne plus recevoir" not in confirmation["textMessage"]["text"]


def test_the_confirmation_goes_at_night_too(app, client, clock, person, sms_gateway):
    """Quiet hours keep the group's messages for the morning, not the answer to a STOP
    the person has just sent."""
    clock.freeze(datetime(2026, 12, 1, 22, 30))  # 23:30 in Paris
    person()
    stop(client)
    with app.app_context():
        send_pass()
    assert len(sms_gateway.sent) == 1


def test_the_confirmation_is_in_the_persons_language(app, client, clock, person):
    clock.freeze(MORNING)
    person(language="en")
    stop(client)
    [confirmation] = messages(app, kind=MessageKind.STOP_CONFIRMATION)
    assert confirmation.body == (
        "STOP received: you will get no more SMS from Collectif des Glycines."
    )


def test_a_new_consent_then_a_new_stop_is_confirmed_again(app, client, clock, person):
    clock.freeze(MORNING)
    awa = person(purposes=(ConsentPurpose.GROUP_ACTIONS,))
    stop(client)
    with app.app_context():
        give_consent(
            db.session.get(Person, awa), ConsentPurpose.GROUP_ACTIONS, "Oui", ConsentSource.PHONE
        )
        db.session.commit()
    clock.advance(days=30)
    stop(client)
    assert len(messages(app, kind=MessageKind.STOP_CONFIRMATION)) == 2
    assert live_purposes(app, awa) == set()


def test_a_stop_from_an_unknown_number_answers_nothing(app, client, clock, person):
    clock.freeze(MORNING)
    awa = person()
    for number in ("+33698765432", "not a number", ""):
        assert stop(client, number=number).status_code == 200
    assert live_purposes(app, awa) == set(EVERY_PURPOSE)
    assert messages(app) == []


def test_the_persons_story_says_they_answered_stop(app, client, clock, person, auth, people):
    clock.freeze(MORNING)
    awa = person()
    stop(client)
    auth.login(people["organizer"].username)
    page = client.get(f"/g/glycines/people/{awa}").get_data(as_text=True)
    assert "La personne a répondu STOP à un SMS." in page

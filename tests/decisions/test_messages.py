"""What an online vote tells the members: it opened, it closes in a day (to who has not
voted, read from the roll), its result; under their live consent, in their language."""

from datetime import datetime, timedelta

import pytest

from assembly.decisions.models import Choice, Decision
from assembly.decisions.operations import voting
from assembly.extensions import db
from assembly.messages.models import MessageChannel, MessageKind, MessageStatus
from assembly.messages.sender import send_pass
from assembly.trace.models import Event
from tests.helpers import Auth, post
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, queued, withdraw

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris
CLOSES = datetime(2026, 12, 8, 19)  # the next Tuesday, 20:00 in Paris
QUESTION = "Demande-t-on un rendez-vous au bailleur ?"


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def members(app, group, people, clock):
    """The member (by SMS) and the organizer (by e-mail, in English) agreed to hear of the
    group's actions; the admin is in the contact book without that consent."""
    clock.freeze(MORNING)
    actions = ("group_actions",)
    return {
        "member": contact(
            app, group.id, actions, name="Mem", phone="+33611111111", user_id=people["member"].id
        ),
        "organizer": contact(
            app,
            group.id,
            actions,
            name="Org",
            email="org@example.org",
            language="en",
            user_id=people["organizer"].id,
        ),  # fmt: skip
        "admin": contact(app, group.id, (), name="Adm", user_id=people["admin"].id),
    }


@pytest.fixture
def team(app, people):
    client = app.test_client()
    assert Auth(client).login(people["facilitator"].username).status_code == 302
    return client


def put_online(client, **fields) -> int:
    data = {
        "question": QUESTION,
        "method": "ballot",
        "closes_date": "2026-12-08",
        "closes_time": "20:00",
        **fields,
    }
    response = post(client, "/g/glycines/decisions/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_putting_a_vote_online_tells_the_members_in_their_language(app, team, members):
    decision_id = put_online(team)
    by_sms, by_mail = outbox(app, kind=MessageKind.VOTE_OPENED)
    assert (by_sms.person_id, by_sms.channel) == (members["member"], MessageChannel.SMS)
    assert by_sms.body.startswith(
        f'Collectif des Glycines : vote ouvert sur "{QUESTION}" '
        "jusqu'au mardi 8 décembre à 20:00.\n"
        f"http://localhost/g/glycines/decisions/{decision_id}\n"
    )
    assert (by_mail.person_id, by_mail.language, by_mail.subject) == (
        members["organizer"],
        "en",
        "A vote is open",
    )
    assert by_mail.body.startswith(
        f'Collectif des Glycines: vote open on "{QUESTION}" until Tuesday 8 December at 8:00 PM.'
    )
    assert by_sms.send_after == MORNING and by_sms.send_before == CLOSES


def test_a_vote_opening_later_is_told_then_and_closing_it_early_withdraws_that(app, team, members):
    decision_id = put_online(team, opens_date="2026-12-02", opens_time="08:00")
    assert {m.send_after for m in queued(app)} == {datetime(2026, 12, 2, 7)}
    post(team, f"/g/glycines/decisions/{decision_id}/close")
    assert [m.status for m in outbox(app, kind=MessageKind.VOTE_OPENED)] == [
        MessageStatus.CANCELLED
    ] * 2
    results = queued(app, kind=MessageKind.VOTE_RESULT)
    assert [m.person_id for m in results] == [members["member"], members["organizer"]]
    assert results[0].body.startswith(
        f"Vote sur \"{QUESTION}\" : personne n'a voté, rien n'est décidé."
    )


def test_a_vote_of_less_than_a_day_gets_no_closing_notice(app, clock, team, members):
    put_online(team, closes_date="2026-12-01", closes_time="22:00")
    clock.advance(hours=1)
    with app.app_context():
        send_pass()
    assert outbox(app, kind=MessageKind.VOTE_CLOSING) == []


def test_a_secret_vote_reminds_who_is_not_on_the_roll_then_tells_everyone_the_result(
    app, clock, runner, people, team, members, sms_gateway, smtp_server
):
    decision_id = put_online(team, secret="y")
    with app.app_context():
        send_pass()  # "it opened" goes to both
        voting.cast_ballot(
            db.session.get(Decision, decision_id),
            user_id=people["member"].id,
            choice=Choice.YES,
        )
    assert (len(sms_gateway.sent), len(smtp_server.received)) == (1, 1)
    clock.freeze(CLOSES - timedelta(hours=25))
    with app.app_context():
        send_pass()
    assert outbox(app, kind=MessageKind.VOTE_CLOSING) == []  # not yet
    clock.freeze(CLOSES - timedelta(hours=23))  # Monday, 21:00 in Paris
    with app.app_context():
        send_pass()
        send_pass()  # the next pass writes nothing more
        [told] = db.session.scalars(db.select(Event).filter_by(verb="decision.reminded"))
        assert told.payload["told"] == 1
    [notice] = outbox(app, kind=MessageKind.VOTE_CLOSING)
    assert notice.person_id == members["organizer"]  # the member is on the roll
    [mail] = smtp_server.received[1:]
    assert mail["Subject"] == "A vote closes tomorrow"
    assert f'You have not voted yet on "{QUESTION}": the vote closes Tuesday 8 December at' in (
        mail.get_body(("plain",)).get_content()
    )
    clock.freeze(CLOSES + timedelta(minutes=30))
    result = runner.invoke(args=["close-decisions"])
    assert "Decisions closed: 1" in result.output
    with app.app_context():
        send_pass()
    sms = sms_gateway.sent[-1]
    assert sms["phoneNumbers"] == ["+33611111111"]
    assert sms["textMessage"]["text"].startswith(
        f'Vote sur "{QUESTION}" : adopté, avec 1 oui et 0 non.\n'
    )
    assert smtp_server.received[-1]["Subject"] == "The result of the vote"


def test_a_withdrawn_consent_and_no_consent_mean_no_message(app, team, members):
    withdraw(app, members["member"])
    put_online(team)
    assert [m.person_id for m in outbox(app)] == [members["organizer"]]


def test_closing_early_withdraws_the_closing_notices_not_sent_yet(app, clock, team, members):
    decision_id = put_online(team)
    clock.freeze(CLOSES - timedelta(hours=23))  # 21:00 in Paris: the SMS waits for morning
    with app.app_context():
        send_pass()
    [waiting] = queued(app, kind=MessageKind.VOTE_CLOSING, channel=MessageChannel.SMS)
    post(team, f"/g/glycines/decisions/{decision_id}/close")
    assert outbox(app, id=waiting.id)[0].status == MessageStatus.CANCELLED

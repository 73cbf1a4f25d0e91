"""A member's own messages from a group: each box ticked is a consent in the words shown,
each box left unticked a consent withdrawn; the phone and e-mail are theirs to give."""

import re
from datetime import datetime

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.messages.models import MessageChannel, MessageKind
from assembly.messages.outbox import notify
from assembly.people.events import CONSENT_GIVEN, CONSENT_WITHDRAWN
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.trace.models import Event
from tests.helpers import post

URL = "/g/glycines/messages/mine"
MORNING = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def member(app, auth, group, people):
    """The member, signed in, whose account has a phone and an e-mail."""
    with app.app_context():
        user = db.session.get(User, people["member"].id)
        user.phone, user.email = "06 11 22 33 44", "awa@example.org"
        db.session.commit()
    auth.login("member")
    return people["member"]


def person_of(app, user_id):
    with app.app_context():
        person = db.session.scalar(db.select(Person).filter_by(user_id=user_id))
        if person is None:
            return None
        live = {c.purpose: c.wording for c in person.consents if c.live()}
        sources = {c.source for c in person.consents}
        return person.phone, person.email, live, sources


def box_words(page: str, name: str) -> str:
    """The words next to a box, as the page shows them."""
    found = re.search(rf'<label for="{name}">([^<]*)</label>', page)
    return found.group(1).replace("&#39;", "'")


def ticked(page: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{name}"[^>]*>', page).group(0)
    return " checked" in tag


def test_each_box_ticked_is_a_consent_in_the_words_shown(app, client, member):
    page = client.get(URL).get_data(as_text=True)
    assert 'value="06 11 22 33 44"' in page and 'value="awa@example.org"' in page  # the account's
    choice = {"phone": "06 12 34 56 78", "email": "awa@example.org"}
    response = post(client, URL, {**choice, "group_actions": "y", "email_reminders": "y"})
    assert response.status_code == 302
    phone, email, live, sources = person_of(app, member.id)
    assert (phone, email) == ("+33612345678", "awa@example.org")
    assert live == {
        ConsentPurpose.GROUP_ACTIONS: box_words(page, "group_actions"),
        ConsentPurpose.EMAIL_REMINDERS: box_words(page, "email_reminders"),
    }
    assert sources == {ConsentSource.WEB}
    page = client.get(URL).get_data(as_text=True)
    assert 'value="06 12 34 56 78"' in page  # now the group's, as people write it
    assert ticked(page, "group_actions") and not ticked(page, "need_followup")


def test_a_box_left_unticked_withdraws_its_consent(app, client, member):
    choice = {"email": "awa@example.org", "group_actions": "y", "need_followup": "y"}
    post(client, URL, choice)
    post(client, URL, {"email": "awa@example.org", "need_followup": "y"})
    _phone, _email, live, _ = person_of(app, member.id)
    assert set(live) == {ConsentPurpose.NEED_FOLLOWUP}
    with app.app_context():
        events = db.session.scalars(db.select(Event).order_by(Event.id)).all()
        given = [e.payload["purpose"] for e in events if e.verb == CONSENT_GIVEN]
        withdrawn = [e.payload for e in events if e.verb == CONSENT_WITHDRAWN]
    assert sorted(given) == ["group_actions", "need_followup"]  # not given again
    assert [(w["purpose"], w["how"]) for w in withdrawn] == [("group_actions", "preferences")]


def test_nothing_ticked_by_someone_the_group_does_not_know_writes_nothing(app, client, member):
    assert post(client, URL, {"email": "awa@example.org"}).status_code == 302
    assert person_of(app, member.id) is None


def test_a_bad_phone_comes_back_with_the_text_and_the_error_next_to_it(app, client, member):
    response = post(client, URL, {"phone": "06 12", "group_actions": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="06 12"' in page and 'id="phone-error"' in page
    assert person_of(app, member.id) is None


@pytest.mark.parametrize(
    ("box", "contact", "error"),
    [
        ("sms_reminders", {"email": "awa@example.org"}, "sms_reminders-error"),
        ("email_reminders", {"phone": "06 12 34 56 78"}, "email_reminders-error"),
        ("group_actions", {}, "group_actions-error"),
    ],
)
def test_a_box_needs_the_contact_it_uses(app, client, member, box, contact, error):
    data = {"phone": "", "email": "", **contact, box: "y"}
    response = post(client, URL, data)
    assert response.status_code == 400
    assert f'id="{error}"' in response.get_data(as_text=True)


def test_the_team_reads_that_reminders_bring_the_daily_digest(app, client, auth, group):
    auth.login("facilitator")
    assert "résumé quotidien" in client.get(URL).get_data(as_text=True)
    auth.logout()
    auth.login("member")
    assert "résumé quotidien" not in client.get(URL).get_data(as_text=True)


def test_the_words_kept_are_those_of_the_members_language(app, client, member):
    with app.app_context():
        db.session.get(User, member.id).locale = "en"
        db.session.commit()
    post(client, URL, {"email": "awa@example.org", "need_followup": "y"})
    _phone, _email, live, _ = person_of(app, member.id)
    assert live[ConsentPurpose.NEED_FOLLOWUP].startswith("Tell me, by SMS or e-mail,")


def test_what_the_member_chose_is_what_reaches_them(app, client, member, clock):
    clock.freeze(MORNING)
    choice = {"phone": "06 12 34 56 78", "email": "awa@example.org", "email_reminders": "y"}
    assert post(client, URL, choice).status_code == 302
    with app.app_context():
        person = db.session.scalar(db.select(Person).filter_by(user_id=member.id))

        def reminder(purpose):
            return notify(
                person,
                kind=MessageKind.TASK_DUE,
                purpose=purpose,
                template="messages/call_to_action.txt",
                dedup=f"test:{purpose}",
                subject="Rappel",
                text="La tâche « affiches » est pour jeudi.",
            )

        by_email = reminder(ConsentPurpose.EMAIL_REMINDERS)
        assert (by_email.channel, by_email.address) == (MessageChannel.EMAIL, "awa@example.org")
        assert reminder(ConsentPurpose.SMS_REMINDERS) is None  # not ticked


def test_members_reach_the_page_from_their_account_and_the_group(client, member, group):
    assert URL in client.get("/account").get_data(as_text=True)
    assert URL in client.get("/g/glycines/").get_data(as_text=True)


def test_visitors_see_no_link_to_it(app, group):
    assert URL not in app.test_client().get("/g/glycines/").get_data(as_text=True)

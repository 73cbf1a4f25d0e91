"""What a need tells who raised it and who supports it: published, on an agenda, decided,
moved along, grouped; once per person and event, under a live consent, in their language,
with the link to its trace."""

from datetime import datetime

import pytest

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.models import MessageChannel, MessageKind, MessageStatus
from assembly.messages.sender import send_pass
from assembly.needs.models import Need
from assembly.people.models import ConsentPurpose, Person
from tests.helpers import Auth, post
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, queued, withdraw

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris
NEWS = MessageKind.NEED_UPDATE


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture(autouse=True)
def morning(app, clock):
    clock.freeze(MORNING)


@pytest.fixture
def team(app, people):
    """A client signed in as the group's facilitator."""
    client = app.test_client()
    assert Auth(client).login(people["facilitator"].username).status_code == 302
    return client


def status(client, number, value, reason=""):
    response = post(
        client, f"/g/glycines/needs/{number}/status", {"status": value, "reason": reason}
    )
    assert response.status_code == 302


def test_publishing_a_need_tells_who_raised_it_in_the_same_request(app, team, make_need):
    need = make_need("Ascenseur en panne", approved=False, contact="06 12 34 56 78")
    assert outbox(app) == []  # voicing it tells nothing
    post(team, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    [news] = outbox(app, kind=NEWS)
    assert (news.person_id, news.channel) == (need.person_id, MessageChannel.SMS)
    assert news.subject == "Des nouvelles du besoin B-1"
    assert news.body.startswith(
        'Le besoin B-1 "Ascenseur en panne" est publié : '
        "d'autres peuvent maintenant le soutenir.\n"
        "http://localhost/g/glycines/needs/1\n"
    )
    assert news.segments == 1


@pytest.fixture
def follower(app, group, people):
    """A member known in the contact book, who agreed to hear what becomes of needs; signed
    in on a client of their own. Returns (client, person id)."""

    def make(role="member", phone="+33611111111"):
        person_id = contact(
            app, group.id, ("need_followup",), name=role, phone=phone, user_id=people[role].id
        )
        client = app.test_client()
        assert Auth(client).login(people[role].username).status_code == 302
        return client, person_id

    return make


def test_who_raised_and_who_supports_each_get_one_message_per_event(
    app, group, people, team, follower, make_need
):
    raiser, raiser_person = follower("member")
    with app.app_context():  # the member voices it online: its author and first supporter
        from assembly.needs.operations import submit_need

        submit_need(
            db.session.get(Group, group.id),
            title="Plus d'eau chaude",
            author=db.session.get(User, people["member"].id),
            trusted=True,
        )
    supporter, supporter_person = follower("organizer", phone="+33622222222")
    post(supporter, "/g/glycines/needs/1/support")
    make_need("Le même, sans contact", approved=True)  # B-2: nobody to tell
    status(team, 1, "taken_up")
    status(team, 1, "taken_up")  # saved again: nothing new
    status(team, 2, "taken_up")
    news = outbox(app, kind=NEWS)
    assert sorted(m.person_id for m in news) == [raiser_person, supporter_person]
    assert news[0].body.startswith('Le collectif se mobilise pour le besoin B-1 "Plus d')
    status(team, 1, "acknowledged")
    status(team, 1, "taken_up")  # back to a status they were told of: not told twice
    assert len(outbox(app, kind=NEWS)) == 4


def test_no_consent_or_a_withdrawn_one_means_no_message(app, team, make_need):
    make_need("Sans contact")
    told = make_need("Avec contact", contact="06 12 34 56 78")
    withdraw(app, told.person_id)
    status(team, 1, "taken_up")
    status(team, 2, "taken_up")
    assert outbox(app) == []


def test_the_message_is_in_the_person_s_language(app, team, make_need):
    need = make_need("Broken lift", contact="jane@example.org")
    with app.app_context():
        db.session.get(Person, need.person_id).language = "en"
        db.session.commit()
    status(team, 1, "declined", "Ce n'est pas de notre ressort.")
    [news] = outbox(app)
    assert (news.channel, news.language, news.subject) == (
        MessageChannel.EMAIL,
        "en",
        "News of need B-1",
    )
    assert news.body.startswith(
        'Need B-1 "Broken lift" will not be taken further.\nCe n\'est pas de notre ressort.\n\n'
        'You receive this because you raised this need or said "me too"'
    )


def test_on_a_meeting_s_agenda_once_per_meeting(app, group, make_need):
    from assembly.meetings.models import Meeting

    make_need("Les charges", contact="06 12 34 56 78")
    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée de décembre",
            starts_at=datetime(2026, 12, 10, 17, 30),
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    client = app.test_client()
    Auth(client).login("facilitator")
    for title in ("Les charges", "Encore les charges"):
        item = {"title": title, "timebox": "15", "method": "open", "needs": "B-1"}
        post(client, f"/g/glycines/meetings/{meeting_id}/items/new", item)
    [news] = outbox(app, kind=NEWS)
    assert news.body.startswith(
        'Le besoin B-1 "Les charges" est à l\'ordre du jour : Assemblée de décembre, '
        "jeudi 10 décembre à 18:30."
    )


def test_a_decision_about_it_is_told_and_a_recount_that_changes_it_too(app, group, make_need):
    from assembly.decisions.models import Method
    from assembly.decisions.operations import core
    from assembly.meetings.models import AgendaItem, Meeting, State

    need = make_need("Le local commun", contact="06 12 34 56 78")
    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée",
            starts_at=MORNING,
            state=State.LIVE,
            public=True,
        )
        meeting.items = [AgendaItem(title="Le local", position=1)]
        meeting.items[0].needs = [db.session.get(Need, need.id)]
        db.session.add(meeting)
        db.session.commit()
        decision = core.create_decision(
            db.session.get(Group, group.id),
            question="Ouvre-t-on le local le samedi ?",
            method=Method.HANDS,
            by=None,
            item=meeting.items[0],
        )
        core.open_decision(decision)
        decision_id = decision.id
    client = app.test_client()
    Auth(client).login("facilitator")
    url = f"/g/glycines/decisions/{decision_id}/hands"
    post(client, url, {"yes": "12", "no": "3", "abstain": "1", "close": "yes"})
    [news] = outbox(app, kind=NEWS)
    assert news.body.startswith(
        'Décision sur le besoin B-1, "Ouvre-t-on le local le samedi ?" : oui, c\'est adopté.'
    )
    post(client, url, {"yes": "12", "no": "3", "abstain": "1", "reason": "Recompté"})
    assert len(outbox(app, kind=NEWS)) == 1  # the same outcome: nothing new
    post(client, url, {"yes": "2", "no": "13", "abstain": "1", "reason": "Recompté"})
    corrected = outbox(app, kind=NEWS)[-1]
    assert "non, pas adopté. (Résultat corrigé" in corrected.body


def test_a_grouped_need_tells_its_followers_where_its_story_goes_on(app, team, make_need):
    make_need("Ascenseur du C en panne")
    make_need("L'ascenseur ne marche plus", contact="06 12 34 56 78")
    post(team, "/g/glycines/needs/2/merge", {"target": "B-1"})
    [news] = outbox(app, kind=NEWS)
    assert news.body.startswith(
        'Le besoin B-2 "L\'ascenseur ne marche plus" a été regroupé avec B-1, '
        "un besoin semblable : la suite se passe là-bas.\nhttp://localhost/g/glycines/needs/1\n"
    )


def test_closing_a_need_still_tells_its_author_then_their_consent_runs_out(
    app, clock, team, make_need, sms_gateway
):
    need = make_need("Fuite au 3e", contact="06 12 34 56 78")
    status(team, 1, "resolved")
    [news] = queued(app, kind=NEWS)
    with app.app_context():
        [consent] = db.session.get(Person, need.person_id).consents
        assert consent.expires_at == news.send_before  # it ran until the news could go
    clock.advance(minutes=5)
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 1
    [sms] = sms_gateway.sent
    assert sms["phoneNumbers"] == ["+33612345678"]
    assert sms["textMessage"]["text"] == (
        'Bonne nouvelle : le besoin B-1 "Fuite au 3e" est résolu.\n'
        "http://localhost/g/glycines/needs/1\nSTOP pour ne plus recevoir"
    )
    clock.freeze(news.send_before)  # the news could go no more: the consent has run out
    with app.app_context():
        assert not db.session.get(Person, need.person_id).may(ConsentPurpose.NEED_FOLLOWUP)

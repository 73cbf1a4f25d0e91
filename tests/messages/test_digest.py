"""The team's daily digest: once a day, from 08:00 in Paris, to each organizer and
administrator who agreed to reminders, only when something waits."""

from datetime import date, datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.messages.digest import DIGEST, team_digest
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.messages.sender import TIMED
from tests.messages.team import add_message, add_person

# Paris is UTC+1 in winter: 08:00 there is 07:00 UTC.
EIGHT = datetime(2026, 12, 1, 7, 0)


@pytest.fixture
def team(app, group, people):
    """The organizer's card, with an e-mail and a consent to reminders by e-mail."""
    return add_person(
        app,
        group.id,
        "Olga Organisatrice",
        email="olga@example.org",
        user_id=people["organizer"].id,
        consents=["email_reminders"],
    )


@pytest.fixture
def waiting_need(app, group):
    """A need from the public, waiting for the team's approval."""
    from assembly.groups.models import Group
    from assembly.needs.operations import submit_need

    with app.app_context():
        submit_need(db.session.get(Group, group.id), title="Ascenseur en panne")
        db.session.commit()


def digests(app) -> list[Message]:
    with app.app_context():
        found = db.session.scalars(
            db.select(Message).filter_by(kind=MessageKind.TEAM_DIGEST).order_by(Message.id)
        ).all()
        for message in found:
            db.session.expunge(message)
        return found


def run(app, clock, now: datetime) -> None:
    clock.freeze(now)
    with app.app_context():
        team_digest(now)
        db.session.commit()


def test_the_digest_is_a_timed_producer_and_features_feed_it():
    from assembly.needs.digest import needs_to_review

    assert team_digest in TIMED
    assert needs_to_review in DIGEST


def test_written_once_a_day_from_eight_when_something_waits(app, clock, team, waiting_need, people):
    run(app, clock, EIGHT - timedelta(minutes=1))
    assert digests(app) == []  # 07:59 in Paris
    run(app, clock, EIGHT)
    [digest] = digests(app)
    assert digest.person_id == team and digest.user_id == people["organizer"].id
    assert digest.channel == MessageChannel.EMAIL and digest.address == "olga@example.org"
    assert digest.subject == "Ce qui attend l’équipe — Collectif des Glycines"
    assert "- 1 besoin à relire\u00a0: http://localhost/g/glycines/needs/moderation" in digest.body
    assert digest.dedup_key == f"digest:2026-12-01:group:1:user:{people['organizer'].id}"
    for later in (EIGHT + timedelta(minutes=1), EIGHT + timedelta(hours=3)):
        run(app, clock, later)
    assert len(digests(app)) == 1  # every pass of the morning: still one
    run(app, clock, EIGHT + timedelta(days=1))
    assert [m.dedup_key[:17] for m in digests(app)] == ["digest:2026-12-01", "digest:2026-12-02"]


def test_nothing_waits_no_message(app, clock, team):
    run(app, clock, EIGHT)
    assert digests(app) == []


def test_past_noon_the_day_is_left_to_the_next_digest(app, clock, team, waiting_need):
    run(app, clock, EIGHT + timedelta(hours=4))  # noon in Paris
    assert digests(app) == []


def test_it_lists_what_every_feature_says_waits(app, clock, group, team, waiting_need):
    from assembly.people.models import OneToOne

    awa = add_person(app, group.id, "Awa Diallo")
    add_message(app, group.id, awa, 1, status=MessageStatus.FAILED, error="SMTP 550")
    add_message(app, group.id, awa, 2, status=MessageStatus.FAILED, error="SMTP 550")
    with app.app_context():
        db.session.add(
            OneToOne(person_id=awa, met_on=date(2026, 11, 2), next_step_on=date(2026, 11, 30))
        )
        db.session.commit()
    run(app, clock, EIGHT)
    [digest] = digests(app)
    assert "- 1 besoin à relire" in digest.body
    site = "http://localhost/g/glycines"
    assert f"- 1 personne à recontacter\u00a0: {site}/people/follow-up" in digest.body
    assert f"- 2 messages n’ont pas pu partir\u00a0: {site}/messages?status=failed" in digest.body


def test_only_organizers_and_admins_who_agreed_to_reminders(
    app, clock, group, people, team, waiting_need
):
    from assembly.auth.models import User

    add_person(app, group.id, "Mo", email="mo@example.org", user_id=people["member"].id,
               consents=["email_reminders"])  # fmt: skip
    add_person(app, group.id, "Fa", email="fa@example.org", user_id=people["facilitator"].id,
               consents=["email_reminders"])  # fmt: skip
    # The admin agreed to reminders by SMS only: the digest goes by SMS.
    add_person(app, group.id, "Ad", phone="+33655555555", email="ad@example.org",
               user_id=people["admin"].id, consents=["sms_reminders", "group_actions"])  # fmt: skip
    # Another organizer's card holds no reminder consent: nothing for her.
    with app.app_context():
        from assembly.groups.models import Group, Role
        from assembly.groups.operations import add_member

        glycines = db.session.get(Group, group.id)
        quiet = User.query.filter_by(username="outsider").one()
        add_member(glycines, quiet, Role.ORGANIZER)
        db.session.commit()
    add_person(app, group.id, "Qu", email="qu@example.org", user_id=people["outsider"].id,
               consents=["group_actions"])  # fmt: skip
    run(app, clock, EIGHT)
    sent = {m.user_id: m for m in digests(app)}
    assert set(sent) == {people["organizer"].id, people["admin"].id}
    admin = sent[people["admin"].id]
    assert admin.channel == MessageChannel.SMS and admin.address == "+33655555555"
    assert admin.body.startswith("Collectif des Glycines : 1 besoin à relire. http://localhost/")


def test_an_inactive_account_gets_no_digest(app, clock, people, team, waiting_need):
    from assembly.auth.models import User

    with app.app_context():
        db.session.get(User, people["organizer"].id).active = False
        db.session.commit()
    run(app, clock, EIGHT)
    assert digests(app) == []


def test_a_group_that_turned_the_digest_off_gets_none(app, clock, group, team, waiting_need):
    from assembly.messages.models import MessageSettings

    with app.app_context():
        db.session.add(MessageSettings(group_id=group.id, turned_off="team_digest"))
        db.session.commit()
    run(app, clock, EIGHT)
    assert digests(app) == []


def test_the_sender_writes_it_at_its_pass(app, clock, team, waiting_need):
    from assembly.messages.sender import send_pass

    clock.freeze(EIGHT)
    with app.app_context():
        send_pass(EIGHT, most=0)
    assert len(digests(app)) == 1

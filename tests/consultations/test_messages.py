"""What a consultation tells its contributors when the final text is out: once each, only
under a live consent, in their language, with how many contributions changed the text;
then the consent given "until the final text is out" runs out."""

from datetime import datetime

import pytest

from assembly.consultations.messages import final_published
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
    TeamAnswer,
    TextVersion,
)
from assembly.extensions import db
from assembly.messages.models import MessageChannel, MessageKind, MessageSettings
from assembly.needs.models import Channel, Moderation
from assembly.people.models import ConsentPurpose, Person
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, withdraw

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris: SMS go at once
FINAL = MessageKind.CONSULTATION_FINAL
FOLLOWUP = ("consultation_followup",)
REWRITTEN = "Nous demandons la réparation des ascenseurs du bâtiment C sous trois jours."


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture(autouse=True)
def morning(app, clock):
    clock.freeze(MORNING)


def say(app, consultation, paragraph, *, person=None, user=None, kind=ContributionType.FOR,
        moderation=Moderation.APPROVED, answer=None, text="Oui, et vite.") -> int:  # fmt: skip
    """A contribution on paragraph number `paragraph` (0: the first); its id."""
    with app.app_context():
        row = Contribution(
            consultation_id=consultation.id,
            paragraph_id=consultation.paragraphs[paragraph],
            kind=kind,
            text=text,
            rewrite="Sous trois jours." if kind == ContributionType.AMENDMENT else None,
            person_id=person,
            user_id=user,
            channel=Channel.WEB,
            moderation=moderation,
            answer=answer,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def finalize(app, consultation, changed_by=()) -> None:
    """The final text (version 2): the consulted paragraphs, the first one rewritten from
    the contributions `changed_by`; the consultation's stage FINAL."""
    with app.app_context():
        row = db.session.get(Consultation, consultation.id)
        sources = [db.session.get(Contribution, c) for c in changed_by]
        final = TextVersion(consultation_id=row.id, number=2)
        for original in row.consulted.paragraphs:
            rewritten = original.id == consultation.paragraphs[0]
            final.paragraphs.append(
                Paragraph(
                    position=original.position,
                    level=original.level,
                    body=REWRITTEN if rewritten else original.body,
                    origin_id=original.id,
                    sources=sources if rewritten else [],
                )
            )
        db.session.add(final)
        row.stage = ConsultationStage.FINAL
        row.final_at = MORNING
        db.session.commit()


def publish(app, consultation) -> list[int]:
    """What the publishing of the final text calls; the people told."""
    with app.app_context():
        written = final_published(db.session.get(Consultation, consultation.id))
        db.session.commit()
        return [message.person_id for message in written]


def consent_of(app, person_id):
    with app.app_context():
        person = db.session.get(Person, person_id)
        [consent] = [c for c in person.consents if c.purpose == FOLLOWUP[0]]
        return consent.live(), consent.expires_at


def test_only_consenting_contributors_are_told_once_each(app, group, people, make_consultation):
    consultation = make_consultation()
    awa = contact(app, group.id, FOLLOWUP, name="Awa", phone="+33611111111")
    bakary = contact(app, group.id, (), name="Bakary", phone="+33622222222")  # no consent
    chloe = contact(app, group.id, FOLLOWUP, name="Chloé", phone="+33633333333")
    withdraw(app, chloe)
    diane = contact(app, group.id, FOLLOWUP, name="Diane", phone="+33644444444")
    emile = contact(app, group.id, FOLLOWUP, name="Émile", phone="+33655555555")
    # Awa wrote three times; the others once, or only took a position.
    say(app, consultation, 0, person=awa)
    say(app, consultation, 1, person=awa, kind=ContributionType.AMENDMENT)
    say(app, consultation, 2, person=awa, kind=ContributionType.QUESTION)
    say(app, consultation, 0, person=bakary)
    say(app, consultation, 0, person=chloe)
    say(app, consultation, 1, person=emile, moderation=Moderation.SPAM)
    amendment = say(app, consultation, 1, kind=ContributionType.AMENDMENT, text="Un autre.")
    with app.app_context():  # Diane agreed with a paragraph and supported an amendment
        db.session.add(
            Stance(
                consultation_id=consultation.id,
                paragraph_id=consultation.paragraphs[0],
                position=Position.SUPPORT,
                person_id=diane,
                anonymous_key="d" * 32,
            )
        )
        db.session.add(Endorsement(contribution_id=amendment, person_id=diane, user_id=None))
        db.session.commit()
    finalize(app, consultation)
    assert publish(app, consultation) == [awa]
    [message] = outbox(app, kind=FINAL)
    assert (message.person_id, message.purpose) == (awa, ConsentPurpose.CONSULTATION_FOLLOWUP)
    assert message.channel == MessageChannel.SMS
    assert message.dedup_key == f"consultation:{consultation.id}:final:person:{awa}"


def test_a_member_s_account_finds_their_card(app, group, people, make_consultation):
    consultation = make_consultation()
    member = contact(
        app, group.id, FOLLOWUP, name="Membre", email="m@example.org", user_id=people["member"].id
    )
    say(app, consultation, 0, user=people["member"].id)  # no person on the contribution
    finalize(app, consultation)
    assert publish(app, consultation) == [member]
    assert outbox(app, kind=FINAL)[0].channel == MessageChannel.EMAIL


def test_the_body_is_french_and_names_the_rate(app, group, make_consultation):
    consultation = make_consultation()
    awa = contact(app, group.id, FOLLOWUP, name="Awa", phone="+33611111111")
    kept = say(app, consultation, 0, person=awa, kind=ContributionType.AMENDMENT,
               answer=TeamAnswer.KEPT)  # fmt: skip
    say(app, consultation, 1, person=awa, answer=TeamAnswer.NOT_KEPT)
    say(app, consultation, 2, answer=TeamAnswer.NOT_KEPT)
    say(app, consultation, 2, moderation=Moderation.PENDING)  # not counted
    finalize(app, consultation, changed_by=[kept])
    publish(app, consultation)
    [message] = outbox(app, kind=FINAL)
    assert message.language == "fr"
    assert message.subject == 'Texte final : "Notre lettre au bailleur"'
    # The link: what the team kept (the consultation's page until that page is there).
    assert message.link.startswith(f"http://localhost{consultation.url}")
    assert message.body == (
        'Le texte final de "Notre lettre au bailleur" est publié : '
        "voyez ce que le collectif a retenu de la consultation.\n"
        "1 contribution sur 3 a changé le texte.\n"  # the pending one does not count
        "Sur vos 2 contributions, l'équipe en a retenu 1, en tout ou en partie.\n"
        f"{message.link}\n"
        "STOP pour ne plus recevoir"
    )


def test_an_e_mail_in_english_says_why_it_comes(app, group, make_consultation):
    consultation = make_consultation()
    jane = contact(app, group.id, FOLLOWUP, name="Jane", email="jane@example.org", language="en")
    say(app, consultation, 0, person=jane, answer=TeamAnswer.NOT_KEPT)
    finalize(app, consultation)
    publish(app, consultation)
    [message] = outbox(app, kind=FINAL)
    assert message.subject == 'Final text: "Notre lettre au bailleur"'
    assert "The one contribution did not change the text." in message.body
    assert "The team did not take in your contribution: its answer says why." in message.body
    assert "agreed to hear what becomes of your contributions" in message.body


def test_nothing_when_the_group_turned_the_kind_off(app, group, make_consultation):
    consultation = make_consultation()
    awa = contact(app, group.id, FOLLOWUP, name="Awa", phone="+33611111111")
    say(app, consultation, 0, person=awa)
    with app.app_context():
        db.session.add(MessageSettings(group_id=group.id, turned_off="consultation_final"))
        db.session.commit()
    finalize(app, consultation)
    assert publish(app, consultation) == []
    assert outbox(app) == []
    # The final text is out all the same: the consent given until then has run out.
    assert consent_of(app, awa) == (False, MORNING)


def test_a_second_call_writes_nothing_new(app, group, make_consultation):
    consultation = make_consultation()
    awa = contact(app, group.id, FOLLOWUP, name="Awa", phone="+33611111111")
    say(app, consultation, 0, person=awa)
    finalize(app, consultation)
    assert publish(app, consultation) == [awa]
    with app.app_context():  # Awa agrees again (say, on her card): the key still holds
        from assembly.people.models import ConsentSource
        from assembly.people.operations import give_consent

        give_consent(
            db.session.get(Person, awa),
            ConsentPurpose.CONSULTATION_FOLLOWUP,
            "Encore",
            ConsentSource.WEB,
        )
        db.session.commit()
    assert publish(app, consultation) == []
    assert len(outbox(app, kind=FINAL)) == 1


def test_the_consent_runs_until_the_message_can_go_unless_another_consultation_waits(
    app, group, people, make_consultation
):
    letter = make_consultation()
    charter = make_consultation(title="La charte de l'association")
    awa = contact(app, group.id, FOLLOWUP, name="Awa", phone="+33611111111")
    bintou = contact(app, group.id, FOLLOWUP, name="Bintou", phone="+33622222222")
    member = contact(
        app, group.id, FOLLOWUP, name="Membre", phone="+33633333333", user_id=people["member"].id
    )
    refused = contact(app, group.id, FOLLOWUP, name="Refusée", phone="+33644444444")
    say(app, letter, 0, person=awa)
    say(app, letter, 0, person=bintou)
    say(app, letter, 1, person=member)
    say(app, letter, 1, person=refused, moderation=Moderation.REJECTED)
    # The charter has no final text yet: Bintou and the member (by their account) wrote there.
    say(app, charter, 0, person=bintou)
    say(app, charter, 0, user=people["member"].id)
    finalize(app, letter)
    publish(app, letter)
    [told_awa, told_bintou, told_member] = outbox(app, kind=FINAL)
    # Awa's consent holds until her message can no longer go, then runs out.
    assert consent_of(app, awa) == (True, told_awa.send_before)
    # Bintou and the member still wait for the charter's final text: their consent stays.
    assert (told_bintou.person_id, told_member.person_id) == (bintou, member)
    assert consent_of(app, bintou) == (True, None)
    assert consent_of(app, member) == (True, None)
    # Refused, a contribution tells nothing; the consent given with it has run out all the same.
    assert consent_of(app, refused) == (False, MORNING)


def test_several_contributions_that_changed_the_text_read_in_the_plural(
    app, group, make_consultation
):
    consultation = make_consultation()
    awa = contact(app, group.id, FOLLOWUP, name="Awa", email="awa@example.org")
    first = say(app, consultation, 0, person=awa, answer=TeamAnswer.IN_PART)
    second = say(app, consultation, 0, answer=TeamAnswer.KEPT)
    finalize(app, consultation, changed_by=[first, second])
    publish(app, consultation)
    [message] = outbox(app, kind=FINAL)
    assert "2 contributions sur 2 ont changé le texte." in message.body
    assert "L'équipe a retenu votre contribution, en tout ou en partie." in message.body

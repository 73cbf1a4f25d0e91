"""What a consultation tells the people who contributed to it: the final text is out.

Who is told: the people of the contact book behind the consultation's approved comments
and amendments — the contribution's person, else the person its account is in the group
— each once however many they wrote, only under a live consent to hear what becomes of
their contributions (CONSULTATION_FOLLOWUP), given with a contribution's contact box.
A position on a paragraph or the support of an amendment is no contribution the team
answers (`synthesis`): it tells nobody. The message links to the public "what we kept"
page and says how many contributions changed the text (`synthesis.rate`) and how many of
the person's own the team took in.

The consent ran "until the final text is out": once told, it runs out (`expires_at`),
unless another consultation they contributed to still waits for its final text — for
everyone who contributed, told or not (the group may have turned the message off).

Dedup key: consultation:<id>:final:person:<person>.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload

from assembly.clock import utcnow
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    Contribution,
    TeamAnswer,
)
from assembly.consultations.synthesis import rate
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.models import Message, MessageKind
from assembly.messages.outbox import absolute_url, notify
from assembly.needs.models import Moderation
from assembly.people.models import ConsentPurpose, Person

FINAL = "consultations/messages/final.txt"
PURPOSE = ConsentPurpose.CONSULTATION_FOLLOWUP
# The public page of what the team kept, paragraph by paragraph; the consultation's own
# page until that page exists (it is written beside this one).
KEPT_PAGE = "consultations.kept"
OVERVIEW = "consultations.show"


def final_key(consultation: Consultation, person: Person) -> str:
    return f"consultation:{consultation.id}:final:person:{person.id}"


def _people_of(group_id: int, rows) -> dict[int, list]:
    """{person id: their rows} for (person_id, user_id, …) rows: a row without a person
    goes to the person its account is in the group, if any; the others to nobody."""
    rows = list(rows)
    users = {row[1] for row in rows if row[0] is None and row[1] is not None}
    linked: dict[int, int] = {}
    if users:
        found = db.session.execute(
            db.select(Person.user_id, db.func.min(Person.id))
            .where(Person.user_id.in_(users), Person.group_id == group_id)
            .group_by(Person.user_id)
        )
        linked = dict(found.all())
    by_person: dict[int, list] = {}
    for row in rows:
        person_id = row[0] if row[0] is not None else linked.get(row[1])
        if person_id is not None:
            by_person.setdefault(person_id, []).append(row)
    return by_person


def contributors(consultation: Consultation, *, approved: bool = True) -> dict[int, list]:
    """{person id: [their answers]} for the consultation's comments and amendments
    (approved ones; all but spam with `approved=False`), each person once."""
    moderation = (
        Contribution.moderation == Moderation.APPROVED
        if approved
        else Contribution.moderation != Moderation.SPAM
    )
    rows = db.session.execute(
        db.select(Contribution.person_id, Contribution.user_id, Contribution.answer)
        .where(Contribution.consultation_id == consultation.id, moderation)
        .order_by(Contribution.id)
    )
    found = _people_of(consultation.group_id, rows)
    return {person_id: [row[2] for row in own] for person_id, own in found.items()}


def kept_link(consultation: Consultation) -> str:
    """The address of what the team kept (its consultation's page until that page exists)."""
    endpoint = KEPT_PAGE if KEPT_PAGE in current_app.view_functions else OVERVIEW
    slug = db.session.get(Group, consultation.group_id).slug
    return absolute_url(endpoint, slug=slug, number=consultation.number)


def final_published(consultation: Consultation) -> list[Message]:
    """Tell each contributor who agreed to hear of it that the final text is out, then end
    the consent they gave until then; the messages written. Called in the transaction that
    publishes the final text (the caller commits)."""
    told = contributors(consultation)
    written: list[Message] = []
    if told:
        people = db.session.scalars(
            db.select(Person)
            .where(Person.id.in_(list(told)))
            .order_by(Person.id)
            .options(selectinload(Person.consents), selectinload(Person.user))
        )
        changed = rate(consultation)
        link = kept_link(consultation)
        for person in people:
            answers = told[person.id]
            message = notify(
                person,
                kind=MessageKind.CONSULTATION_FINAL,
                purpose=PURPOSE,
                template=FINAL,
                dedup=final_key(consultation, person),
                link=link,
                consultation=consultation,
                rate=changed,
                yours=len(answers),
                answered=sum(1 for answer in answers if answer is not None),
                kept=sum(1 for a in answers if a in (TeamAnswer.KEPT, TeamAnswer.IN_PART)),
            )
            if message is not None:
                written.append(message)
    _end_followup(consultation, written)
    return written


def _end_followup(consultation: Consultation, written: list[Message]) -> None:
    """Each contributor gave their contact "until the final text is out": that consent
    (CONSULTATION_FOLLOWUP) runs out now — or when the message just written to them can
    no longer go (the sender checks the consent again before sending) — unless another
    consultation they contributed to still waits for its final text.

    It runs out rather than being withdrawn: the person took nothing back. The daily
    purge then erases the contact if no other consent holds it.
    """
    everyone = set(contributors(consultation, approved=False))
    if not everyone:
        return
    accounts = db.select(Person.user_id).where(Person.id.in_(everyone), Person.user_id.is_not(None))
    waiting = db.session.execute(
        db.select(Contribution.person_id, Contribution.user_id)
        .join(Consultation, Consultation.id == Contribution.consultation_id)
        .where(
            Consultation.group_id == consultation.group_id,
            Consultation.id != consultation.id,
            Consultation.stage != ConsultationStage.FINAL,
            Contribution.moderation != Moderation.SPAM,
            or_(
                Contribution.person_id.in_(everyone),
                and_(Contribution.person_id.is_(None), Contribution.user_id.in_(accounts)),
            ),
        )
    )
    still_followed = set(_people_of(consultation.group_id, waiting))
    until = _until(written)
    now = utcnow()
    people = db.session.scalars(
        db.select(Person)
        .where(Person.id.in_(everyone - still_followed))
        .options(selectinload(Person.consents))
    )
    for person in people:
        for consent in person.consents:
            if consent.purpose == PURPOSE and consent.live(now):
                consent.expires_at = max(now, until.get(person.id) or now)


def _until(written: list[Message]) -> dict[int, datetime]:
    """Until when each message just written may still go, by person."""
    return {m.person_id: m.send_before for m in written if m.send_before is not None}

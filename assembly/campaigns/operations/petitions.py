"""A campaign's petition: written, opened and closed; signed online and on paper sheets
typed in by the team; checked for people who signed twice; counted per building and
street; handed over to the target as an action of the campaign.

Every count reads `Signature.counted()`. A signature that looks like another (same name
and place keys, or the same person of the contact book) is flagged and stays counted
until the team says it is the same person; one signed online past an address's daily cap
is held, not counted until the team counts it. Nothing is silently dropped.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from assembly.auth.models import User
from assembly.campaigns.events import (
    PETITION_BATCH_TYPED,
    PETITION_CLOSED,
    PETITION_CREATED,
    PETITION_DELIVERED,
    PETITION_EDITED,
    PETITION_HELD_COUNTED,
    PETITION_HELD_DISCARDED,
    PETITION_OPENED,
    PETITION_SIGNATURE_REVIEWED,
    PETITION_SIGNED,
)
from assembly.campaigns.matching import name_key, place_key
from assembly.campaigns.models import (
    Action,
    ActionKind,
    Campaign,
    Petition,
    Review,
    Signature,
    SignatureBatch,
    SignedVia,
    Target,
)
from assembly.campaigns.models.personal import ADDRESS_WINDOW
from assembly.campaigns.models.petitions import NOT_COUNTED
from assembly.campaigns.operations.actions import plan_action
from assembly.campaigns.operations.counting import tally
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent, record_person
from assembly.trace.operations import record
from assembly.web.contact import NO_CONTACT, Contact

# What a signer agrees to with their contact: the petition's news and the campaign's
# actions (the contact part's box); reminders on their channel (a box of its own).
NEWS = ConsentPurpose.GROUP_ACTIONS


class PetitionClosed(Exception):
    """The petition takes no signature now (not opened yet, or closed)."""


@dataclass(frozen=True)
class Row:
    """One line of a paper sheet as typed in."""

    name: str
    place: str = ""
    lives_here: bool | None = None
    contact: Contact = NO_CONTACT  # only with the consent ticked on the sheet


# ---------------------------------------------------------------- the petition itself


def campaign_petitions(campaign: Campaign) -> list[Petition]:
    """The campaign's petitions, oldest first."""
    return list(
        db.session.scalars(
            db.select(Petition).where(Petition.campaign_id == campaign.id).order_by(Petition.id)
        )
    )


def create_petition(
    campaign: Campaign, *, title: str, text: str, target: Target | None, by: User | None
) -> Petition:
    """Write a petition of the campaign (not open for signing until opened)."""
    petition = Petition(
        campaign_id=campaign.id,
        title=title.strip(),
        text=text.strip(),
        target_id=target.id if target else None,
        created_by_id=by.id if by else None,
    )
    db.session.add(petition)
    record(PETITION_CREATED, petition, group_id=campaign.group_id, campaign_id=campaign.id)
    db.session.commit()
    return petition


def edit_petition(petition: Petition, *, title: str, text: str, target: Target | None) -> None:
    """Change the petition's words or its target (journaled with what changed)."""
    changed = [
        name
        for name, old, new in (
            ("title", petition.title, title.strip()),
            ("text", petition.text, text.strip()),
            ("target", petition.target_id, target.id if target else None),
        )
        if old != new
    ]
    petition.title, petition.text = title.strip(), text.strip()
    petition.target_id = target.id if target else None
    if changed:
        record(PETITION_EDITED, petition, group_id=_group_id(petition), changed=changed)
    db.session.commit()


def set_open(petition: Petition, open_: bool) -> None:
    """Open the petition for signing (again), or close it; journaled."""
    now = utcnow()
    if open_:
        if petition.open_at(now):
            return
        petition.opened_at, petition.closed_at = now, None
        record(PETITION_OPENED, petition, group_id=_group_id(petition))
    else:
        if not petition.open_at(now):
            return
        petition.closed_at = now
        record(PETITION_CLOSED, petition, group_id=_group_id(petition))
    db.session.commit()


def _group_id(petition: Petition) -> int:
    return db.session.scalar(
        db.select(Campaign.group_id).where(Campaign.id == petition.campaign_id)
    )


# ---------------------------------------------------------------- signing


def _match(petition: Petition, signature: Signature) -> Signature | None:
    """The earliest other signature of the petition this one looks like: the same name
    and place keys, or the same person of the contact book. Never one the team already
    found to repeat another (the first of them is the one to point at)."""
    alike = []
    if signature.name_key:
        alike.append(
            db.and_(
                Signature.name_key == signature.name_key,
                Signature.place_key == signature.place_key,
            )
        )
    if signature.person_id is not None:
        # The same person, or someone of the contact book with the same phone or e-mail.
        person = db.session.get(Person, signature.person_id)
        same_contact = [
            column == value
            for column, value in ((Person.phone, person.phone), (Person.email, person.email))
            if value
        ]
        people = db.select(Person.id).where(
            Person.group_id == person.group_id, db.or_(Person.id == person.id, *same_contact)
        )
        alike.append(Signature.person_id.in_(people))
    if not alike:
        return None
    query = db.select(Signature).where(
        Signature.petition_id == petition.id,
        Signature.review.not_in(NOT_COUNTED),
        db.or_(*alike),
    )
    if signature.id is not None:
        query = query.where(Signature.id != signature.id)
    return db.session.scalar(query.order_by(Signature.id).limit(1))


def _check(petition: Petition, signature: Signature) -> None:
    """Flag `signature` for review when it looks like an earlier one."""
    twin = _match(petition, signature)
    if twin is not None:
        signature.review, signature.duplicate_of_id = Review.FLAGGED, twin.id


def past_the_cap(petition: Petition, address_key: str) -> bool:
    """Whether this address already signed the petition its day's share of times."""
    since = utcnow() - ADDRESS_WINDOW
    sent = db.session.scalar(
        db.select(db.func.count())
        .select_from(Signature)
        .where(
            Signature.petition_id == petition.id,
            Signature.address_key == address_key,
            Signature.created_at > since,
        )
    )
    return sent >= current_app.config["SIGNATURES_PER_ADDRESS_PER_DAY"]


def sign(
    petition: Petition,
    *,
    name: str,
    place: str,
    lives_here: bool | None,
    contact: Contact = NO_CONTACT,
    wording: str = "",
    reminders_wording: str = "",
    user: User | None = None,
    address_key: str | None = None,
) -> Signature:
    """Sign online. Raises PetitionClosed outside its dates.

    The signer goes in the contact book only with a contact (with their consent to hear
    of the petition and the campaign's actions, in the words `wording`; reminders on
    their channel too if `reminders_wording`) or when signed in. Past
    SIGNATURES_PER_ADDRESS_PER_DAY from one address (`address_key`, a keyed hash) in a
    day, the signature is held for the team; an account is never held. One that looks
    like an earlier one is flagged. A phone passed round a family signs several times:
    names, not browsers, tell people apart.
    """
    hold(Petition, petition.id)  # one signer at a time per petition (PostgreSQL)
    if not petition.open_at(utcnow()):
        raise PetitionClosed(petition.id)
    campaign = db.session.get(Campaign, petition.campaign_id)
    person = None
    if contact or user is not None:
        person = record_person(
            db.session.get(Group, campaign.group_id),
            source=ConsentSource.WEB,
            name=name,
            contact=contact,
            purposes=(NEWS,),
            wording=wording,
            user=user,
        )
        if contact and reminders_wording:
            _consent_to_reminders(person, contact, reminders_wording, ConsentSource.WEB, None)
    address_key = None if user else address_key
    held = address_key is not None and past_the_cap(petition, address_key)
    signature = _signature(petition, name, place, lives_here, person, via=SignedVia.WEB)
    signature.address_key = address_key
    if held:
        signature.review = Review.HELD
    else:
        _check(petition, signature)
    db.session.add(signature)
    db.session.flush()
    record(
        PETITION_SIGNED,
        petition,
        group_id=campaign.group_id,
        signature_id=signature.id,
        review=str(signature.review),
    )
    db.session.commit()
    return signature


def _consent_to_reminders(
    person: Person, contact: Contact, wording: str, source: ConsentSource, by: User | None
) -> None:
    purpose = ConsentPurpose.SMS_REMINDERS if contact.phone else ConsentPurpose.EMAIL_REMINDERS
    give_consent(person, purpose, wording, source, recorded_by=by)


def _signature(
    petition: Petition,
    name: str,
    place: str,
    lives_here: bool | None,
    person: Person | None,
    *,
    via: SignedVia,
    batch: SignatureBatch | None = None,
) -> Signature:
    name, place = " ".join(name.split())[:80], " ".join(place.split())[:140]
    return Signature(
        petition_id=petition.id,
        name=name,
        name_key=name_key(name),
        place=place,
        place_key=place_key(place),
        lives_here=lives_here,
        person_id=person.id if person else None,
        via=via,
        batch_id=batch.id if batch else None,
        review=Review.NONE,
        created_at=utcnow(),  # the clock the per-address window is read with
    )


def type_batch(
    petition: Petition, *, sheet: str, rows: Iterable[Row], wording: str = "", by: User
) -> SignatureBatch:
    """Type in paper sheets: one signature per row, each checked against all before it
    (this batch's too); journaled with who typed them. A contact on a row is kept only
    with the consent ticked on the sheet (`wording`: the sheet's words)."""
    hold(Petition, petition.id)
    campaign = db.session.get(Campaign, petition.campaign_id)
    group = db.session.get(Group, campaign.group_id)
    batch = SignatureBatch(petition_id=petition.id, sheet=sheet.strip()[:60], typed_by_id=by.id)
    db.session.add(batch)
    db.session.flush()
    flagged = 0
    for row in rows:
        person = None
        if row.contact:
            person = record_person(
                group,
                source=ConsentSource.PAPER,
                name=row.name,
                contact=row.contact,
                purposes=(NEWS,),
                wording=wording,
                recorded_by=by,
            )
        signature = _signature(
            petition, row.name, row.place, row.lives_here, person, via=SignedVia.PAPER, batch=batch
        )
        _check(petition, signature)
        flagged += signature.review == Review.FLAGGED
        db.session.add(signature)
        db.session.flush()  # the next rows are checked against this one
        batch.count += 1
    record(
        PETITION_BATCH_TYPED,
        petition,
        group_id=group.id,
        actor_id=by.id,
        batch_id=batch.id,
        sheet=batch.sheet,
        count=batch.count,
        flagged=flagged,
    )
    db.session.commit()
    return batch


# ---------------------------------------------------------------- the team's review


def to_review(petition: Petition, limit: int = 100) -> list[tuple[Signature, Signature | None]]:
    """Flagged signatures with the one each looks like, oldest first (`limit` of them)."""
    twin = db.aliased(Signature)
    query = (
        db.select(Signature, twin)
        .outerjoin(twin, twin.id == Signature.duplicate_of_id)
        .where(Signature.petition_id == petition.id, Signature.review == Review.FLAGGED)
        .order_by(Signature.id)
        .limit(limit)
    )
    return [(signature, other) for signature, other in db.session.execute(query)]


def held_signatures(petition: Petition, limit: int = 100) -> list[Signature]:
    """Signatures held past an address's cap, oldest first (`limit` of them)."""
    return list(
        db.session.scalars(
            db.select(Signature)
            .where(Signature.petition_id == petition.id, Signature.review == Review.HELD)
            .order_by(Signature.id)
            .limit(limit)
        )
    )


def review_signature(signature: Signature, *, same: bool, by: User) -> bool:
    """Say whether a flagged signature is the same person as the one it looks like (then
    it is not counted) or someone else; False if it was not waiting for that."""
    if signature.review != Review.FLAGGED:
        return False
    signature.review = Review.DUPLICATE if same else Review.DISTINCT
    signature.reviewed_by_id = by.id
    petition = db.session.get(Petition, signature.petition_id)
    record(
        PETITION_SIGNATURE_REVIEWED,
        petition,
        group_id=_group_id(petition),
        actor_id=by.id,
        signature_id=signature.id,
        review=str(signature.review),
    )
    db.session.commit()
    return True


def review_held(petition: Petition, *, count: bool, through: int, by: User) -> int:
    """Count the held signatures (each checked for twins then), or set them aside
    (deleted); only those up to id `through`, the ones the team saw. Returns how many."""
    hold(Petition, petition.id)
    seen = db.select(Signature).where(
        Signature.petition_id == petition.id,
        Signature.review == Review.HELD,
        Signature.id <= through,
    )
    held = list(db.session.scalars(seen.order_by(Signature.id)))
    for signature in held:
        signature.address_key = None
        if count:
            signature.review = Review.NONE
            signature.reviewed_by_id = by.id
            _check(petition, signature)
            db.session.flush()
        else:
            db.session.delete(signature)
    if held:
        verb = PETITION_HELD_COUNTED if count else PETITION_HELD_DISCARDED
        record(verb, petition, group_id=_group_id(petition), actor_id=by.id, count=len(held))
    db.session.commit()
    return len(held)


# ---------------------------------------------------------------- the handover


def deliver(
    petition: Petition,
    *,
    title: str,
    starts_at: datetime,
    place: str = "",
    by: User | None = None,
) -> Action:
    """Hand the petition to its target: an action of kind "petition handover" of the
    campaign, carrying the count of signatures counted at this moment."""
    campaign = db.session.get(Campaign, petition.campaign_id)
    hold(Petition, petition.id)  # the count and the action, in one transaction
    action = plan_action(
        campaign,
        kind=ActionKind.PETITION,
        title=title,
        starts_at=starts_at,
        place=place,
        target=petition.target,
        petition=petition,
        commit=False,
    )
    action.delivered_count = tally(petition.id).counted
    record(
        PETITION_DELIVERED,
        petition,
        group_id=campaign.group_id,
        actor_id=by.id if by else None,
        action_id=action.id,
        count=action.delivered_count,
    )
    db.session.commit()
    return action

"""Recording people and their consents; the team's cards and consents; the ladder's names.
(One-to-ones, levels and asks: people/organizing.py.)

Features call `record_person` when someone gives the group a name or a way to reach
them (a need, a door, an RSVP, joining a meeting). It never merges silently: a visitor
without an account is a new person each time; the team is offered the duplicates later.
Someone signed in is the group's one person linked to their account. What the team
writes by hand (`create_person`, `update_person`, `record_consent`, `take_back_consent`)
is journaled.
"""

from collections.abc import Iterable
from datetime import datetime

from flask import current_app, has_request_context
from flask_babel import get_locale

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.events import (
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
    PERSON_CREATED,
    PERSON_EDITED,
)
from assembly.people.models import (
    DEFAULT_LADDER,
    Consent,
    ConsentPurpose,
    ConsentSource,
    LadderLevel,
    Person,
)
from assembly.trace.operations import record
from assembly.web.contact import NO_CONTACT, Contact


def person_of_user(group: Group, user: User) -> Person | None:
    """The group's person linked to `user`'s account, if there is one."""
    return db.session.scalar(
        db.select(Person).filter_by(group_id=group.id, user_id=user.id).order_by(Person.id)
    )


def record_person(
    group: Group,
    *,
    source: ConsentSource,
    name: str = "",
    contact: Contact = NO_CONTACT,
    purposes: Iterable[ConsentPurpose] = (),
    wording: str = "",
    user: User | None = None,
    recorded_by: User | None = None,
    expires_at: datetime | None = None,
    **place: str,
) -> Person | None:
    """The person behind a contribution, recorded or found; None when nothing names them
    or places them.

    `contact` must only be passed with the person's consent for `purposes`, in the words
    `wording` (the contact part of the form checks the box): one Consent per purpose.
    `place` may give building, staircase, floor or address: a door is enough for the
    team to go back to someone who wants to get involved. Someone who fills in a form
    herself in another language than the site's gets that language on her card, so that
    the group's messages reach her in it.
    """
    name = (name or "").strip()
    signed_in = user is not None and user.is_authenticated
    person = person_of_user(group, user) if signed_in else None
    if person is None:
        if not (name or contact or signed_in or any(value.strip() for value in place.values())):
            return None
        person = Person(
            group_id=group.id,
            name=name or (user.display_name if signed_in else ""),
            user_id=user.id if signed_in else None,
        )
        db.session.add(person)
    elif name and not person.name:
        person.name = name
    if contact:
        person.phone = contact.phone or person.phone
        person.email = contact.email or person.email
    for field, value in place.items():
        if value and not getattr(person, field):
            setattr(person, field, value.strip())
    if recorded_by is None and not person.language:
        person.language = _page_language()
    if contact:
        for purpose in purposes:
            give_consent(
                person, purpose, wording, source, recorded_by=recorded_by, expires_at=expires_at
            )
    person.last_contact_at = utcnow()
    db.session.flush()
    return person


def _page_language() -> str:
    """The language of the page being answered, when it is not the site's default."""
    if not has_request_context():
        return ""
    language = str(get_locale())
    return "" if language == current_app.config["BABEL_DEFAULT_LOCALE"] else language


def give_consent(
    person: Person,
    purpose: ConsentPurpose,
    wording: str,
    source: ConsentSource,
    *,
    recorded_by: User | None = None,
    expires_at: datetime | None = None,
    version: int = 1,
) -> Consent:
    consent = Consent(
        purpose=purpose,
        wording=wording,
        version=version,
        source=source,
        given_at=utcnow(),
        expires_at=expires_at,
        recorded_by_id=recorded_by.id if recorded_by is not None else None,
    )
    person.consents.append(consent)
    return consent


def withdraw_consent(consent: Consent) -> None:
    """The consent no longer holds; the row stays, with the date."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = utcnow()


# What the team writes on a person's card (the contact book's form), in the form's order.
CARD_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "building",
    "staircase",
    "floor",
    "preferred_channel",
    "language",
    "languages",
    "sensitive",
)


class NeedsConsent(ValueError):
    """Opinions, union membership, health or origin (GDPR art. 9) without a live consent."""


def _check_sensitive(person: Person | None, text: str) -> None:
    if text and (person is None or not person.may(ConsentPurpose.SENSITIVE)):
        raise NeedsConsent(person)


def create_person(group: Group, **card) -> Person:
    """Add someone the team met to the contact book (`card`: some of CARD_FIELDS).

    Nobody has consented to anything yet, so nothing sensitive may be written.
    """
    _check_sensitive(None, card.get("sensitive", ""))
    person = Person(group_id=group.id, last_contact_at=utcnow(), **card)
    db.session.add(person)
    record(PERSON_CREATED, person, group_id=group.id)
    db.session.commit()
    return person


def update_person(person: Person, **card) -> list[str]:
    """Correct a person's card; returns the names of the fields that changed.

    Refuses (NeedsConsent) sensitive notes without a live consent for them.
    """
    _check_sensitive(person, card.get("sensitive", ""))
    changed = [name for name, value in card.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, card[name])
    if changed:
        record(PERSON_EDITED, person, group_id=person.group_id, fields=changed)
    db.session.commit()
    return changed


def record_consent(
    person: Person, purpose: ConsentPurpose, source: ConsentSource, *, by: User
) -> Consent:
    """A consent the team collected (on paper, by phone, at the door or a meeting).

    The wording kept is the purpose's words as the team read them out. Anything but a
    paper form (which may be typed in days later) is also a contact, today.
    """
    consent = give_consent(person, purpose, str(purpose.label), source, recorded_by=by)
    if source != ConsentSource.PAPER:
        person.last_contact_at = utcnow()
    record(
        CONSENT_GIVEN,
        person,
        group_id=person.group_id,
        purpose=purpose.value,
        source=source.value,
    )
    db.session.commit()
    return consent


def take_back_consent(person: Person, consent: Consent) -> None:
    """The person withdrew `consent`; the row stays, with the date.

    Without a live consent for them, their sensitive notes are erased at once: that is
    the promise the contact book's declaration makes.
    """
    if consent.withdrawn_at is not None:
        return
    withdraw_consent(consent)
    erased = False
    if person.sensitive and not person.may(ConsentPurpose.SENSITIVE):
        person.sensitive, erased = "", True
    record(
        CONSENT_WITHDRAWN,
        person,
        group_id=person.group_id,
        purpose=consent.purpose.value,
        sensitive_erased=erased,
    )
    db.session.commit()


def ladder(group: Group) -> list[str]:
    """The names of the group's ladder of engagement, rank 0 first (the defaults if unnamed)."""
    names = db.session.scalars(
        db.select(LadderLevel.name).filter_by(group_id=group.id).order_by(LadderLevel.rank)
    ).all()
    return list(names) or [str(name) for name in DEFAULT_LADDER]

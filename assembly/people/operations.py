"""Recording people and their consents; the ladder's names.

Features call `record_person` when someone gives the group a name or a way to reach
them (a need, a door, an RSVP, joining a meeting). It never merges silently: a visitor
without an account is a new person each time; the team is offered the duplicates later.
Someone signed in is the group's one person linked to their account.
"""

from collections.abc import Iterable
from datetime import datetime

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.contact import NO_CONTACT, Contact
from assembly.people.models import (
    DEFAULT_LADDER,
    Consent,
    ConsentPurpose,
    ConsentSource,
    LadderLevel,
    Person,
)


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
    team to go back to someone who wants to get involved.
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
    if contact:
        for purpose in purposes:
            give_consent(
                person, purpose, wording, source, recorded_by=recorded_by, expires_at=expires_at
            )
    person.last_contact_at = utcnow()
    db.session.flush()
    return person


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


def ladder(group: Group) -> list[str]:
    """The names of the group's ladder of engagement, rank 0 first (the defaults if unnamed)."""
    names = db.session.scalars(
        db.select(LadderLevel.name).filter_by(group_id=group.id).order_by(LadderLevel.rank)
    ).all()
    return list(names) or [str(name) for name in DEFAULT_LADDER]

"""Recording people and their consents; the team's cards and consents; the ladder's names;
one-to-ones, levels and asks.

Features call `record_person` when someone gives the group a name or a way to reach
them (a need, a door, an RSVP, joining a meeting). It never merges silently: a visitor
without an account is a new person each time; the team is offered the duplicates later.
Someone signed in is the group's one person linked to their account. What the team
writes by hand (`create_person`, `update_person`, `record_consent`, `take_back_consent`)
is journaled.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.contact import NO_CONTACT, Contact
from assembly.people.events import (
    ASK_ANSWERED,
    ASK_MADE,
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
    LADDER_RENAMED,
    ONE_TO_ONE_DELETED,
    ONE_TO_ONE_EDITED,
    ONE_TO_ONE_LOGGED,
    PERSON_CREATED,
    PERSON_EDITED,
    PERSON_LEVEL_CHANGED,
)
from assembly.people.models import (
    DEFAULT_LADDER,
    Ask,
    AskOutcome,
    Consent,
    ConsentPurpose,
    ConsentSource,
    LadderLevel,
    OneToOne,
    Person,
)
from assembly.trace.operations import record


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


# --- One-to-ones, the ladder and asks (people/views/relations.py) ----------------------
# Each verb that changes something writes its journal event, on the person, and commits.

LADDER_LEVELS = (2, 10)  # fewest and most levels a group's ladder may have
LEVEL_NAME_LENGTH = 60


def touch(person: Person, day: date) -> None:
    """The person was in touch with the group on `day`: their last contact moves on to it,
    never back (a one-to-one written up a week late). Today counts as now."""
    now = utcnow()
    moment = now if day >= now.date() else datetime.combine(day, time.min)
    if person.last_contact_at is None or person.last_contact_at < moment:
        person.last_contact_at = moment


def log_one_to_one(
    person: Person,
    *,
    met_on: date,
    met_by: User | None,
    self_interest: str = "",
    story: str = "",
    talents: str = "",
    networks: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
) -> OneToOne:
    """Write down a one-to-one with `person`; it counts as a contact on `met_on`."""
    one_to_one = OneToOne(person_id=person.id, created_at=utcnow())
    _fill(one_to_one, met_on, met_by, self_interest, story, talents, networks, next_step)
    one_to_one.next_step_on = next_step_on
    db.session.add(one_to_one)
    db.session.flush()
    touch(person, met_on)
    record(
        ONE_TO_ONE_LOGGED, person, group_id=person.group_id,
        one_to_one_id=one_to_one.id, met_on=met_on.isoformat(),
    )  # fmt: skip
    db.session.commit()
    return one_to_one


def edit_one_to_one(
    person: Person,
    one_to_one: OneToOne,
    *,
    met_on: date,
    met_by: User | None,
    self_interest: str = "",
    story: str = "",
    talents: str = "",
    networks: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
) -> None:
    """Correct a one-to-one (the notes are the person's data: they must be right)."""
    _fill(one_to_one, met_on, met_by, self_interest, story, talents, networks, next_step)
    one_to_one.next_step_on = next_step_on
    touch(person, met_on)
    record(
        ONE_TO_ONE_EDITED, person, group_id=person.group_id,
        one_to_one_id=one_to_one.id, met_on=met_on.isoformat(),
    )  # fmt: skip
    db.session.commit()


def _fill(one_to_one, met_on, met_by, self_interest, story, talents, networks, next_step):
    one_to_one.met_on = met_on
    one_to_one.met_by_id = met_by.id if met_by is not None else None
    one_to_one.self_interest = self_interest.strip()
    one_to_one.story = story.strip()
    one_to_one.talents = talents.strip()
    one_to_one.networks = networks.strip()
    one_to_one.next_step = next_step.strip()


def delete_one_to_one(person: Person, one_to_one: OneToOne) -> None:
    """Take a one-to-one's notes away for good (written about the wrong person, or what
    should never have been written); the journal keeps only that it was deleted."""
    record(
        ONE_TO_ONE_DELETED, person, group_id=person.group_id,
        one_to_one_id=one_to_one.id, met_on=one_to_one.met_on.isoformat(),
    )  # fmt: skip
    db.session.delete(one_to_one)
    db.session.commit()


def one_to_ones_of(person: Person, *, limit: int, offset: int = 0) -> list[OneToOne]:
    """The person's one-to-ones, the latest met first, with who met them."""
    return list(
        db.session.scalars(
            db.select(OneToOne)
            .filter_by(person_id=person.id)
            .options(selectinload(OneToOne.met_by))
            .order_by(OneToOne.met_on.desc(), OneToOne.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def count_one_to_ones(person: Person) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(OneToOne).filter_by(person_id=person.id)
    )


def level_name(names: list[str], rank: int) -> str:
    """The name of the level at `rank` (a rank past the top reads as the top)."""
    return names[max(0, min(rank, len(names) - 1))]


def name_ladder(group: Group, names: list[str]) -> int:
    """Give the group's ladder these levels, the first rung first. People above the new
    top level are brought down to it; return how many were."""
    low, high = LADDER_LEVELS
    names = [name.strip() for name in names if name.strip()]
    if not low <= len(names) <= high or any(len(name) > LEVEL_NAME_LENGTH for name in names):
        raise ValueError("a ladder has 2 to 10 levels of at most 60 characters")
    hold(Group, group.id)  # two renamings, or a move to a level being taken away, wait
    db.session.execute(db.delete(LadderLevel).where(LadderLevel.group_id == group.id))
    db.session.add_all(
        LadderLevel(group_id=group.id, rank=rank, name=name) for rank, name in enumerate(names)
    )
    top = len(names) - 1
    moved = db.session.execute(
        db.update(Person)
        .where(Person.group_id == group.id, Person.ladder_rank > top)
        .values(ladder_rank=top)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    record(LADDER_RENAMED, group, group_id=group.id, levels=names, brought_down=moved)
    db.session.commit()
    return moved


def people_per_level(group: Group) -> dict[int, int]:
    """How many of the group's people stand at each rank."""
    rows = db.session.execute(
        db.select(Person.ladder_rank, func.count())
        .where(Person.group_id == group.id)
        .group_by(Person.ladder_rank)
    )
    return dict(rows.tuples().all())


def set_level(group: Group, person: Person, rank: int) -> bool:
    """Put `person` on the rung `rank` of the group's ladder; False if already there.

    A rank past the top (the ladder shrank meanwhile) means the top.
    """
    hold(Group, group.id)
    names = ladder(group)
    rank = max(0, min(rank, len(names) - 1))
    old = person.ladder_rank
    if rank == old:
        return False
    person.ladder_rank = rank
    record(
        PERSON_LEVEL_CHANGED, person, group_id=group.id, old=old, new=rank,
        old_name=level_name(names, old), new_name=names[rank],
    )  # fmt: skip
    db.session.commit()
    return True


def make_ask(person: Person, *, what: str, asked_on: date, by: User | None) -> Ask:
    """Write down what the group asked of `person`, waiting for their answer."""
    ask = Ask(
        person_id=person.id,
        what=what.strip(),
        asked_on=asked_on,
        asked_by_id=by.id if by is not None else None,
    )
    db.session.add(ask)
    db.session.flush()
    touch(person, asked_on)
    record(ASK_MADE, person, group_id=person.group_id, ask_id=ask.id)
    db.session.commit()
    return ask


# The answers an ask may still get after the one it has: accepted, then done; a "no" may
# become a "yes"; what is done is done.
ANSWERS_AFTER = {
    AskOutcome.PENDING: (AskOutcome.ACCEPTED, AskOutcome.DECLINED, AskOutcome.DONE),
    AskOutcome.ACCEPTED: (AskOutcome.DONE, AskOutcome.DECLINED),
    AskOutcome.DECLINED: (AskOutcome.ACCEPTED,),
    AskOutcome.DONE: (),
}


def answer_ask(person: Person, ask: Ask, outcome: AskOutcome) -> bool:
    """Their answer, or what became of it (accepted, then done); False if already so,
    ValueError if the ask cannot get it now (see ANSWERS_AFTER).

    The ask keeps its latest answer; the journal keeps each one.
    """
    if ask.outcome == outcome:
        return False
    if outcome not in ANSWERS_AFTER[ask.outcome]:
        raise ValueError(f"an ask {ask.outcome} cannot become {outcome}")
    ask.outcome = outcome
    ask.answered_at = utcnow()
    record(ASK_ANSWERED, person, group_id=person.group_id, ask_id=ask.id, outcome=outcome.value)
    db.session.commit()
    return True


def asks_of(person: Person, *, limit: int, offset: int = 0) -> list[Ask]:
    """What the group asked of the person, the latest first, with who asked."""
    return list(
        db.session.scalars(
            db.select(Ask)
            .filter_by(person_id=person.id)
            .options(selectinload(Ask.asked_by))
            .order_by(Ask.asked_on.desc(), Ask.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def count_asks(person: Person) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(Ask).filter_by(person_id=person.id)
    )


# --- end of one-to-ones, the ladder and asks --------------------------------------------

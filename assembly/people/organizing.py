"""One-to-ones, the ladder of engagement and asks (people/views/relations.py).

Each verb that changes something writes its journal event, on the person, and commits.
"""

from datetime import date, datetime, time

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.events import (
    ASK_ANSWERED,
    ASK_MADE,
    LADDER_RENAMED,
    ONE_TO_ONE_DELETED,
    ONE_TO_ONE_EDITED,
    ONE_TO_ONE_LOGGED,
    PERSON_LEVEL_CHANGED,
)
from assembly.people.models import Ask, AskOutcome, LadderLevel, OneToOne, Person
from assembly.people.operations import ladder
from assembly.trace.operations import record

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
    return _latest(OneToOne, person, OneToOne.met_by, OneToOne.met_on, limit, offset)


def count_one_to_ones(person: Person) -> int:
    return _count(OneToOne, person)


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
    return _latest(Ask, person, Ask.asked_by, Ask.asked_on, limit, offset)


def count_asks(person: Person) -> int:
    return _count(Ask, person)


def _latest(model, person: Person, who, when, limit: int, offset: int) -> list:
    """A page of the person's `model` rows, latest `when` first, with `who` loaded."""
    query = (
        db.select(model)
        .filter_by(person_id=person.id)
        .options(selectinload(who))
        .order_by(when.desc(), model.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(db.session.scalars(query))


def _count(model, person: Person) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(model).filter_by(person_id=person.id)
    )

"""The follow-up list: whose next step is due, who was met once and never again, and who
came to the group's last meeting for the first time.

People sits below the features and never imports them; the features tell it what it
needs here, as they declare their personal data:

- `met_in(person_id, at, *where)`, at the bottom of a feature's models: each row of that
  table is a time the group met the person (a door, a need, an attendance…);
- `@finds_newcomers`: a function that says, for a group, who came to its last occasion
  for the first time (meetings registers one).

"Met once" counts days, not rows: a door where the resident also voiced a need is one
meeting with them, not two; an RSVP and the meeting a week later are two.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, distinct, func, or_, select, union_all
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import ColumnElement

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.models import Ask, OneToOne, Person

NEVER_AGAIN_AFTER = timedelta(days=30)  # met once, and nobody since for this long
SHOWN = 50  # rows per section: the page stays under its 14 KB budget


@dataclass(frozen=True)
class Encounters:
    """The rows of one table that are each a time the group met someone."""

    person_id: ColumnElement
    at: ColumnElement  # a date or a date and time
    where: tuple[ColumnElement, ...] = ()


ENCOUNTERS: list[Encounters] = []


def met_in(person_id: ColumnElement, at: ColumnElement, *where: ColumnElement) -> None:
    """Count each row of `person_id`'s table (those matching `where`) as a time the group
    met that person, on the day of `at`. Call it once, at import."""
    ENCOUNTERS.append(Encounters(person_id, at, where))


# People's own: a one-to-one is a meeting, and an ask is made to someone's face or voice.
met_in(OneToOne.person_id, OneToOne.met_on)
met_in(Ask.person_id, Ask.asked_on)


@dataclass(frozen=True)
class Newcomers:
    """Who came to an occasion of the group for the first time (their people's ids)."""

    title: str
    when: datetime
    url: str
    person_ids: list[int]
    heading: str = ""  # the section's title, when not "First time at the last meeting"


@dataclass(frozen=True)
class NewcomersSeen:
    """A `Newcomers`, with its people loaded (those of the group, by name)."""

    title: str
    when: datetime
    url: str
    people: list[Person] = field(default_factory=list)
    heading: str = ""


NewcomersFinder = Callable[[Group], Newcomers | None]
NEWCOMER_FINDERS: list[NewcomersFinder] = []


def finds_newcomers(finder: NewcomersFinder) -> NewcomersFinder:
    """Register `finder` (use as a decorator, at import)."""
    NEWCOMER_FINDERS.append(finder)
    return finder


@dataclass(frozen=True)
class Section:
    """Some rows of a follow-up section and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def due_steps(group: Group, today: date, limit: int = SHOWN) -> Section:
    """(person, one-to-one) whose latest one-to-one's next step falls on `today` or
    before, the longest overdue first. A later one-to-one replaces the step."""
    rank = (
        func.row_number()
        .over(
            partition_by=OneToOne.person_id,
            order_by=(OneToOne.met_on.desc(), OneToOne.id.desc()),
        )
        .label("rank")
    )
    latest = (
        select(OneToOne.id, rank)
        .join(Person, Person.id == OneToOne.person_id)
        .where(Person.group_id == group.id)
        .subquery()
    )
    due = (
        select(Person, OneToOne)
        .join(OneToOne, OneToOne.person_id == Person.id)
        .join(latest, and_(latest.c.id == OneToOne.id, latest.c.rank == 1))
        .where(OneToOne.next_step_on <= today)
    )
    rows = db.session.execute(
        due.options(selectinload(OneToOne.met_by))
        .order_by(OneToOne.next_step_on, Person.id)
        .limit(limit)
    ).all()
    return Section([tuple(row) for row in rows], _count(due))


def encounter_days(group: Group):
    """A subquery of (person_id, day): one row per encounter with one of `group`'s people."""
    of_group = select(Person.id).where(Person.group_id == group.id)
    parts = [
        select(
            encounters.person_id.label("person_id"),
            func.date(encounters.at, type_=Date).label("day"),
        ).where(encounters.person_id.in_(of_group), *encounters.where)
        for encounters in ENCOUNTERS
    ]
    return union_all(*parts).subquery("encounters")


def met_once(group: Group, now: datetime, limit: int = SHOWN) -> Section:
    """(person, day) of the people the group met on one day only, more than
    NEVER_AGAIN_AFTER before `now`, and not in touch since; the most recent first."""
    cutoff = now - NEVER_AGAIN_AFTER
    days = encounter_days(group)
    day = func.max(days.c.day).label("day")
    once = (
        select(days.c.person_id, day)
        .group_by(days.c.person_id)
        .having(func.count(distinct(days.c.day)) == 1, func.max(days.c.day) < cutoff.date())
        .subquery("once")
    )
    found = (
        select(Person, once.c.day)
        .join(once, once.c.person_id == Person.id)
        .where(or_(Person.last_contact_at.is_(None), Person.last_contact_at < cutoff))
    )
    rows = db.session.execute(
        found.order_by(once.c.day.desc(), Person.id.desc()).limit(limit)
    ).all()
    return Section([tuple(row) for row in rows], _count(found))


def newcomers(group: Group) -> list[NewcomersSeen]:
    """Each finder's newcomers, their people loaded in one query, by name."""
    seen = []
    for finder in NEWCOMER_FINDERS:
        found = finder(group)
        if found is None:
            continue
        people = db.session.scalars(
            select(Person)
            .where(Person.id.in_(found.person_ids), Person.group_id == group.id)
            .order_by(func.lower(Person.name), Person.id)
        ).all()
        seen.append(NewcomersSeen(found.title, found.when, found.url, list(people), found.heading))
    return seen


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def follow_up(group: Group, today: date, now: datetime | None = None) -> dict:
    """The three sections of the follow-up page."""
    return {
        "due": due_steps(group, today),
        "once": met_once(group, now or utcnow()),
        "newcomers": newcomers(group),
    }

"""The contact book's queries: who matches the team's search and filters, a page at a time.

One search box looks in the name, the street address, the building, the languages and,
through the features' lookups (`people.lookups.raised`), in what the person raised. A
phone is shown, or put on a call list, only under a live consent to be contacted about
the group's actions: `reachable` answers that for a whole page in one query.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, and_, cast, exists, func, literal, or_, select, union_all

from assembly.clock import utcnow
from assembly.enums import Labelled
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.people import lookups
from assembly.people.models import BY_EMAIL, BY_PHONE, Consent, ConsentPurpose, Person
from assembly.web.inputs import whole_number

PAGE_SIZE = 50
CALL_LIST_MOST = 100  # an evening's calls; past that, the team narrows the filters
SEARCH_MOST = 100  # characters of a search: longer is no name, street or need title
SOME_MONTHS = timedelta(days=91)
A_YEAR = timedelta(days=365)


class LastContact(Labelled, StrEnum):
    """The book's filter on when the group last had news of someone."""

    __labels__ = {
        "recent": _l("in the last 3 months"),
        "3m": _l("not for 3 months, or never"),
        "1y": _l("not for a year, or never"),
        "never": _l("never"),
    }

    RECENT = "recent"
    MONTHS = "3m"
    YEAR = "1y"
    NEVER = "never"

    def condition(self, now: datetime):
        """The SQL condition on `Person.last_contact_at`."""
        last = Person.last_contact_at
        if self is LastContact.NEVER:
            return last.is_(None)
        if self is LastContact.RECENT:
            return last >= now - SOME_MONTHS
        since = now - (SOME_MONTHS if self is LastContact.MONTHS else A_YEAR)
        return or_(last.is_(None), last < since)


@dataclass(frozen=True)
class Filters:
    """The search and filters of the book, as the query string carries them."""

    q: str = ""
    building: str = ""
    level: str = ""  # a ladder rank, as text ("" for every level)
    contact: str = ""  # a LastContact value, or ""

    @classmethod
    def read(cls, args: Mapping[str, str]) -> "Filters":
        """The filters in `args`; what cannot be one (an unknown level…) is left out."""
        level = whole_number(args.get("level"))
        contact = args.get("contact", "")
        return cls(
            q=" ".join(args.get("q", "").split())[:SEARCH_MOST],
            building=" ".join(args.get("building", "").split())[:SEARCH_MOST],
            level="" if level is None else str(level),
            contact=contact if contact in set(LastContact) else "",
        )

    def args(self) -> dict[str, str]:
        """The filters for a link (pages, call list, export): only those set."""
        return {name: value for name, value in asdict(self).items() if value}


def _contains(column, text: str):
    """Case-insensitive "contains", `%` and `_` taken literally. SQLite's LIKE already
    ignores case (ASCII letters, as its lower() would): without lower() on every row, a
    search of 20,000 people costs less than half."""
    if db.engine.dialect.name == "sqlite":
        return column.contains(text, autoescape=True)
    return column.icontains(text, autoescape=True)


def matching(group: Group, viewer: Viewer, filters: Filters, now: datetime | None = None) -> Select:
    """The group's people `viewer` may see who match `filters`, by name."""
    query = select(Person).where(Person.group_id == group.id, Person.visible_to(viewer))
    if filters.q:
        found = [
            _contains(column, filters.q)
            for column in (Person.name, Person.address, Person.building, Person.languages)
        ]
        found.append(func.lower(Person.language) == filters.q.lower())
        found += [Person.id.in_(lookup(filters.q)) for lookup in lookups.RAISED]
        query = query.where(or_(*found))
    if filters.building:
        query = query.where(_contains(Person.building, filters.building))
    if filters.level:
        query = query.where(Person.ladder_rank == int(filters.level))
    if filters.contact:
        query = query.where(LastContact(filters.contact).condition(now or utcnow()))
    # Name, then id: the order the (group_id, name) index keeps, so a page walks it.
    return query.order_by(Person.name, Person.id)


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def page(query: Select, number: int, size: int = PAGE_SIZE) -> list[Person]:
    """The people of page `number` (from 1)."""
    return list(db.session.scalars(query.limit(size).offset((max(number, 1) - 1) * size)))


def holds(now: datetime):
    """SQL: a consent row that holds at `now` (not withdrawn, not run out): `Consent.live`."""
    return and_(
        Consent.withdrawn_at.is_(None),
        or_(Consent.expires_at.is_(None), Consent.expires_at > now),
    )


def live_consent(purpose: ConsentPurpose, now: datetime):
    """SQL: a consent row for `purpose` that holds at `now`."""
    return and_(Consent.purpose == purpose, holds(now))


def reachable(
    people: Iterable[Person], purpose: ConsentPurpose = ConsentPurpose.GROUP_ACTIONS
) -> set[int]:
    """The ids among `people` under a live consent for `purpose` (one query for a page)."""
    ids = [person.id for person in people]
    if not ids:
        return set()
    query = select(Consent.person_id).where(
        Consent.person_id.in_(ids), live_consent(purpose, utcnow())
    )
    return set(db.session.scalars(query))


def live_purposes(ids: list[int]) -> dict[int, list[ConsentPurpose]]:
    """What each of these people has a live consent for, by person id (one query: the
    CSV asks for each batch of people it writes)."""
    rows = db.session.execute(
        select(Consent.person_id, Consent.purpose)
        .where(Consent.person_id.in_(ids), holds(utcnow()))
        .order_by(Consent.person_id, Consent.purpose)
        .distinct()
    )
    found: dict[int, list[ConsentPurpose]] = {}
    for person_id, purpose in rows:
        found.setdefault(person_id, []).append(purpose)
    return found


def to_call(query: Select, now: datetime | None = None) -> Select:
    """Of `query`'s people, those with a phone and a live consent to be called about the
    group's actions: the call list."""
    consented = exists().where(
        Consent.person_id == Person.id,
        live_consent(ConsentPurpose.GROUP_ACTIONS, now or utcnow()),
    )
    return query.where(Person.phone != "", consented)


def attendance(group: Group) -> Select | None:
    """(person_id, meetings, last_at) for each person who came to a meeting, from every
    feature that counts attendance; None when none does."""
    parts = [lookup(group.id) for lookup in lookups.ATTENDANCE]
    if not parts:
        return None
    every = union_all(*parts).subquery()
    return select(
        every.c.person_id,
        cast(func.sum(every.c.meetings), Integer).label("meetings"),  # not PostgreSQL's numeric
        func.max(every.c.last_at).label("last_at"),
    ).group_by(every.c.person_id)


def names(group: Group, q: str = "") -> Select:
    """Who came to the group's meetings: (id, name, meetings, last_at), by name. What the
    facilitators see of people: names and attendance, nothing else."""
    counted = attendance(group)
    if counted is None:  # no feature counts attendance: nobody to list
        return select(Person.id, Person.name, literal(0), literal(None)).where(literal(False))
    counted = counted.subquery()
    query = (
        select(Person.id, Person.name, counted.c.meetings, counted.c.last_at)
        .join(counted, counted.c.person_id == Person.id)
        .where(Person.group_id == group.id)
    )
    if q := " ".join(q.split())[:SEARCH_MOST]:
        query = query.where(_contains(Person.name, q))
    return query.order_by(Person.name, Person.id)


def speaking(query: Select, language: str) -> Select:
    """Of `query`'s people, those whose messages are written in `language` (a locale)."""
    return query.where(Person.language == language)


def languages(group: Group) -> list[str]:
    """The message languages of the group's people (locales such as "fr", "ar"), sorted."""
    found = select(Person.language).where(Person.group_id == group.id, Person.language != "")
    return sorted(db.session.scalars(found.distinct()))


def occasions(group: Group, most: int = 30) -> list[lookups.Occasion]:
    """The group's latest gatherings (every feature's), newest first, at most `most`."""
    found = [
        lookups.Occasion(f"{kind}:{number}", title, when)
        for kind, registered in lookups.OCCASIONS.items()
        for number, title, when in registered.latest(group.id, most)
    ]
    return sorted(found, key=lambda occasion: occasion.when, reverse=True)[:most]


def came_to(query: Select, key: str) -> Select:
    """Of `query`'s people, those who came to the occasion `key` ("meeting:12"); nobody
    when no feature knows that key."""
    kind, _colon, number = key.partition(":")
    registered, number = lookups.OCCASIONS.get(kind), whole_number(number)
    if registered is None or number is None:
        return query.where(literal(False))
    return query.where(Person.id.in_(registered.present(number)))


def uses(person: Person) -> dict[str, list[ConsentPurpose]]:
    """What the person's phone and e-mail may be used for now: {"phone": [...], "email":
    [...]}, an empty list when no live consent allows it (the detail is then not usable)."""
    now = utcnow()
    return {
        "phone": [purpose for purpose in BY_PHONE if person.phone and person.may(purpose, now)],
        "email": [purpose for purpose in BY_EMAIL if person.email and person.may(purpose, now)],
    }

"""Possible duplicates in the contact book, and merging two cards into one.

Nothing merges silently: features record a new person each time someone without an
account gives a name (`record_person`), and the team is offered pairs that look like one
person — the same phone, the same e-mail, the same building and a similar name, or the
same name where a building is missing to tell them apart — and chooses which card stays.

A similar name is kept simple, so that the team can tell why a pair is offered: the
words of both names, accents, case and civilities (M., Mme…) aside, are the same, or
those of one are among those of the other ("Mme Diallo" and "Awa Diallo" in the same
building; not "Awa Diallo" and "Moussa Diallo").
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, delete, select, update

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.events import PERSON_MERGED
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.models import Event
from assembly.trace.operations import record

CIVILITIES = {"m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle", "dr"}
WORD = re.compile(r"\w+")
# Filled on the card that stays when it has none: everything but the ladder and dates.
FILLED = (
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
    "user_id",
)
WHY = {
    "phone": _l("same phone"),
    "email": _l("same e-mail"),
    "name": _l("same building, similar name"),
    "same name": _l("same name, no building to tell them apart"),
}
STRENGTH = {"phone": 0, "email": 0, "name": 1, "same name": 2}


def folded(text: str) -> str:
    """`text` without accents, in lower case, spaces made single: "Bât. À" → "bat. a"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def name_words(name: str) -> frozenset[str]:
    """The words of a name that say who it is: folded, civilities left out."""
    return frozenset(WORD.findall(folded(name))) - CIVILITIES


def similar_names(one: str, other: str) -> bool:
    """Whether two names may be one person's: the words of one are among the other's."""
    a, b = name_words(one), name_words(other)
    return bool(a and b) and (a <= b or b <= a)


@dataclass
class Pair:
    """Two cards that may be one person, and why they are offered."""

    first: int  # the older card (lower id)
    second: int
    why: set[str] = field(default_factory=set)

    @property
    def ids(self) -> frozenset[int]:
        return frozenset((self.first, self.second))

    @property
    def reasons(self) -> list:
        return [label for reason, label in WHY.items() if reason in self.why]  # strongest first


def possible_duplicates(group: Group) -> list[Pair]:
    """Pairs of the group's people that may be one person: same phone or e-mail first,
    then the same building with a similar name, then the same name when one card has no
    building (a name given at a meeting, on a phone); older cards first."""
    rows = db.session.execute(
        select(Person.id, Person.name, Person.phone, Person.email, Person.building).where(
            Person.group_id == group.id
        )
    ).all()
    pairs: dict[tuple[int, int], Pair] = {}

    def offer(ids: list[int], why: str, alike=None) -> None:
        for first, second in combinations(sorted(ids), 2):
            if alike is None or alike(first, second):
                pairs.setdefault((first, second), Pair(first, second)).why.add(why)

    by = {why: defaultdict(list) for why in WHY}
    names, buildings = {}, {}
    for row in rows:
        names[row.id], buildings[row.id] = row.name, row.building
        if words := name_words(row.name):
            by["same name"][words].append(row.id)
        if row.phone:
            by["phone"][row.phone].append(row.id)
        if row.email:
            by["email"][row.email.casefold()].append(row.id)
        if row.building and name_words(row.name):
            by["name"][folded(row.building)].append(row.id)
    for why in ("phone", "email"):
        for ids in by[why].values():
            offer(ids, why)
    for ids in by["name"].values():
        offer(ids, "name", lambda a, b: similar_names(names[a], names[b]))
    for ids in by["same name"].values():
        offer(ids, "same name", lambda a, b: not (buildings[a] and buildings[b]))
    return sorted(
        pairs.values(), key=lambda p: (min(STRENGTH[w] for w in p.why), p.first, p.second)
    )


class MergeRefused(ValueError):
    """Two cards that cannot be one person: linked to two different accounts."""


def person_references() -> list[Column]:
    """Every column of every table that points at a person (a foreign key to people.id),
    read from the models: a table added later is covered without a change here."""
    people_id = Person.__table__.c.id
    return sorted(
        (
            key.parent
            for table in db.metadata.tables.values()
            for key in table.foreign_keys
            if key.column is people_id
        ),
        key=lambda column: (column.table.name, column.name),
    )


def merge_people(kept: Person, other: Person) -> Person:
    """Make `other` part of `kept`: `kept`'s empty fields take `other`'s, every record that
    pointed at `other` (consents, needs, doors, attendance, one-to-ones…) and its journal
    now point at `kept`, and `other` is deleted. Refuses two different accounts."""
    if kept.id == other.id or kept.group_id != other.group_id:
        raise ValueError("merge two people of one group")
    if kept.user_id and other.user_id and kept.user_id != other.user_id:
        raise MergeRefused(kept, other)
    sensitive_allowed = kept.may(ConsentPurpose.SENSITIVE) or other.may(ConsentPurpose.SENSITIVE)
    for name in FILLED:
        if not getattr(kept, name) and getattr(other, name):
            setattr(kept, name, getattr(other, name))
    if not kept.sensitive and other.sensitive and sensitive_allowed:
        kept.sensitive = other.sensitive
    kept.ladder_rank = max(kept.ladder_rank, other.ladder_rank)
    contacts = [when for when in (kept.last_contact_at, other.last_contact_at) if when]
    kept.last_contact_at = max(contacts, default=None)
    kept.created_at = min(kept.created_at, other.created_at)
    kept_id, other_id = kept.id, other.id
    db.session.flush()
    for column in person_references():
        db.session.execute(
            update(column.table).where(column == other_id).values({column.name: kept_id})
        )
    # The other card's history (created, consents…) becomes the kept card's.
    db.session.execute(
        update(Event)
        .where(Event.subject_type == Person.__tablename__, Event.subject_id == other_id)
        .values(subject_id=kept_id)
    )
    db.session.expunge(other)
    db.session.execute(delete(Person).where(Person.id == other_id))
    db.session.expire_all()  # rows loaded before still name the other card
    kept = db.session.get(Person, kept_id)
    record(PERSON_MERGED, kept, group_id=kept.group_id, merged=other_id)
    db.session.commit()
    return kept

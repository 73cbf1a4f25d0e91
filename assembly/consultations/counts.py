"""How much each paragraph was discussed: positions, comments, amendments and distinct
people, one person counted once per paragraph whatever they did there; and the same for
the whole consultation.

A person is their account, else their browser's anonymous key, else their card in the
contact book (`who`); a row that names none of them (typed in by the team for someone
unnamed, or left by a person since erased) counts as one person of its own.
Only what everyone may read counts: contributions waiting for approval or refused do not,
nor the supports of such an amendment.

The numbers are counted by the database (grouped queries); only the people, whose rule
is `who`, are gathered here, and only for the paragraphs a page shows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, null, or_

from assembly.consultations.models import (
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
)
from assembly.extensions import db
from assembly.needs.models import Moderation

APPROVED = Contribution.moderation == Moderation.APPROVED


@dataclass
class Counts:
    support: int = 0
    oppose: int = 0
    comments: int = 0
    amendments: int = 0
    people: set = field(default_factory=set)

    @property
    def contributors(self) -> int:
        return len(self.people)

    @property
    def contributions(self) -> int:
        """Comments and amendments: what the team answers."""
        return self.comments + self.amendments

    @property
    def activity(self) -> int:
        """What "most discussed" sorts by: everything said or taken on the paragraph."""
        return self.support + self.oppose + self.comments + self.amendments


def who(user_id, anonymous_key, person_id, fallback) -> str:
    """One person's key, the same whatever they did."""
    if user_id is not None:
        return f"user:{user_id}"
    if anonymous_key:
        return f"browser:{anonymous_key}"
    if person_id is not None:
        return f"person:{person_id}"
    return fallback


def _unnamed(model):
    """The row's id when it names nobody (then it is a person of its own), else NULL:
    the identities stay few once the database has taken out the repeated ones."""
    nobody = and_(
        model.user_id.is_(None),
        or_(model.anonymous_key.is_(None), model.anonymous_key == ""),
        model.person_id.is_(None),
    )
    return case((nobody, model.id), else_=null())


def _identities(model, *columns):
    """The distinct (…`columns`, user, browser, person, unnamed row) of `model`'s rows."""
    return db.select(
        *columns, model.user_id, model.anonymous_key, model.person_id, _unnamed(model)
    ).distinct()


def _person(model, user_id, anonymous_key, person_id, unnamed) -> str:
    """`who` for an identity row of `model`'s table (`_identities`)."""
    return who(user_id, anonymous_key, person_id, f"{model.__tablename__}:{unnamed}")


def _endorsements(*columns):
    """The identities of the supports of approved amendments (`_identities`)."""
    return (
        _identities(Endorsement, *columns)
        .join(Contribution, Contribution.id == Endorsement.contribution_id)
        .where(APPROVED)
    )


def tallies(paragraph_ids: list[int]) -> dict[int, Counts]:
    """The numbers of each of `paragraph_ids` without their people (`people` left empty):
    what sorting and adding up need, counted by the database."""
    counts: dict[int, Counts] = defaultdict(Counts)
    if not paragraph_ids:
        return counts
    positions = db.session.execute(
        db.select(Stance.paragraph_id, Stance.position, func.count())
        .where(Stance.paragraph_id.in_(paragraph_ids))
        .group_by(Stance.paragraph_id, Stance.position)
    )
    for paragraph_id, position, n in positions:
        if position == Position.SUPPORT:
            counts[paragraph_id].support = n
        else:
            counts[paragraph_id].oppose = n
    kinds = db.session.execute(
        db.select(Contribution.paragraph_id, Contribution.kind, func.count())
        .where(Contribution.paragraph_id.in_(paragraph_ids), APPROVED)
        .group_by(Contribution.paragraph_id, Contribution.kind)
    )
    for paragraph_id, kind, n in kinds:
        if kind == ContributionType.AMENDMENT:
            counts[paragraph_id].amendments += n
        else:
            counts[paragraph_id].comments += n
    return counts


def paragraph_counts(paragraph_ids: list[int]) -> dict[int, Counts]:
    """Counts for each of `paragraph_ids` (every id has one, zero if nothing was said)."""
    counts = tallies(paragraph_ids)
    if not paragraph_ids:
        return counts
    found = {
        Stance: _identities(Stance, Stance.paragraph_id).where(
            Stance.paragraph_id.in_(paragraph_ids)
        ),
        Contribution: _identities(Contribution, Contribution.paragraph_id).where(
            Contribution.paragraph_id.in_(paragraph_ids), APPROVED
        ),
        Endorsement: _endorsements(Contribution.paragraph_id).where(
            Contribution.paragraph_id.in_(paragraph_ids)
        ),
    }
    for model, query in found.items():
        for paragraph_id, *identity in db.session.execute(query):
            counts[paragraph_id].people.add(_person(model, *identity))
    return counts


@dataclass
class Totals:
    """The whole consultation at a glance: what was said and taken, and by how many."""

    kinds: dict  # ContributionType → approved comments and amendments of that type
    support: int
    oppose: int
    endorsements: int  # supports of approved amendments
    people: int  # distinct persons, whatever they did and on whichever paragraph

    @property
    def contributions(self) -> int:
        return sum(self.kinds.values())


def consultation_totals(consultation_id: int) -> Totals:
    """The consultation's totals, by type, and its distinct contributors (`who`)."""
    kinds = dict.fromkeys(ContributionType, 0)
    kinds.update(
        db.session.execute(
            db.select(Contribution.kind, func.count())
            .where(Contribution.consultation_id == consultation_id, APPROVED)
            .group_by(Contribution.kind)
        ).all()
    )
    positions = dict(
        db.session.execute(
            db.select(Stance.position, func.count())
            .where(Stance.consultation_id == consultation_id)
            .group_by(Stance.position)
        ).all()
    )
    endorsements = db.session.scalar(
        db.select(func.count(Endorsement.id))
        .join(Contribution, Contribution.id == Endorsement.contribution_id)
        .where(Contribution.consultation_id == consultation_id, APPROVED)
    )
    found = {
        Stance: _identities(Stance).where(Stance.consultation_id == consultation_id),
        Contribution: _identities(Contribution).where(
            Contribution.consultation_id == consultation_id, APPROVED
        ),
        Endorsement: _endorsements().where(Contribution.consultation_id == consultation_id),
    }
    people = {
        _person(model, *identity)
        for model, query in found.items()
        for identity in db.session.execute(query)
    }
    return Totals(
        kinds=kinds,
        support=positions.get(Position.SUPPORT, 0),
        oppose=positions.get(Position.OPPOSE, 0),
        endorsements=endorsements or 0,
        people=len(people),
    )


def summed(counts: dict[int, Counts], paragraph_ids: Iterable[int]) -> Counts:
    """The counts of several paragraphs added up (a part of the text); a person met on
    two of them counts once, when the people were gathered."""
    total = Counts()
    for paragraph_id in paragraph_ids:
        one = counts[paragraph_id]
        total.support += one.support
        total.oppose += one.oppose
        total.comments += one.comments
        total.amendments += one.amendments
        total.people |= one.people
    return total


@dataclass(frozen=True)
class Ranked:
    id: int
    position: int
    counts: Counts


def most_discussed(version_id: int) -> list[Ranked]:
    """A version's paragraphs (headings aside), the most discussed first, then in the
    text's order; their counts without the people (`tallies`)."""
    found = db.session.execute(
        db.select(Paragraph.id, Paragraph.position).where(
            Paragraph.version_id == version_id, Paragraph.level == 0
        )
    ).all()
    counts = tallies([paragraph_id for paragraph_id, _ in found])
    ranked = [Ranked(pid, position, counts[pid]) for pid, position in found]
    return sorted(ranked, key=lambda r: (-r.counts.activity, r.position))


def text_paragraph_ids(version_id: int) -> list[int]:
    """The ids of a version's paragraphs (headings aside), in order."""
    return list(
        db.session.scalars(
            db.select(Paragraph.id)
            .where(Paragraph.version_id == version_id, Paragraph.level == 0)
            .order_by(Paragraph.position)
        )
    )

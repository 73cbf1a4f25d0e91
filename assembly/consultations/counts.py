"""How much each paragraph was discussed: positions, comments, amendments and distinct
people, one person counted once per paragraph whatever they did there; and the same for
the whole consultation.

A person is their account, else their browser's anonymous key, else their card in the
contact book (`who`); a row that names none of them (typed in by the team for someone
unnamed, or left by a person since erased) counts as one person of its own.
Only what everyone may read counts: contributions waiting for approval or refused do not,
nor the supports of such an amendment.

The database counts, people included (`person_key` is `who` in SQL), through indexes
that hold what is counted (migration 5c0e7a1f9d24): a page of the text or the summary
neither reads the contributions' words nor receives a row per person.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, union

from assembly.consultations.models import (
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
    TextVersion,
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
    contributors: int = 0  # distinct people (`who`), counted by the database

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


def person_key(model):
    """`who` in SQL for a row of Stance, Contribution or Endorsement: the same key, so
    that the database counts people without handing every row over (a paragraph much
    discussed has thousands). A row that names nobody is a person of its own: its
    table's name and its id."""
    return case(
        (model.user_id.is_not(None), "user:" + cast(model.user_id, String)),
        (func.coalesce(model.anonymous_key, "") != "", "browser:" + model.anonymous_key),
        (model.person_id.is_not(None), "person:" + cast(model.person_id, String)),
        else_=f"{model.__tablename__}:" + cast(model.id, String),
    ).label("person")


def _people(paragraphs, by_paragraph: bool):
    """The distinct persons (with their paragraph, `by_paragraph`) who took a position
    on `paragraphs` (ids, or a query of ids), said something approved there, or supported
    an approved amendment of them."""

    def paragraph(model):
        return [model.paragraph_id] if by_paragraph else []

    return union(
        db.select(*paragraph(Stance), person_key(Stance)).where(
            Stance.paragraph_id.in_(paragraphs)
        ),
        db.select(*paragraph(Contribution), person_key(Contribution)).where(
            Contribution.paragraph_id.in_(paragraphs), APPROVED
        ),
        db.select(*paragraph(Contribution), person_key(Endorsement))
        .join(Contribution, Contribution.id == Endorsement.contribution_id)
        .where(Contribution.paragraph_id.in_(paragraphs), APPROVED),
    )


def tallies(paragraph_ids) -> dict[int, Counts]:
    """The numbers of each of `paragraph_ids` (ids, or a query of ids) without their
    people (`contributors` left at 0): what sorting and adding up need."""
    counts: dict[int, Counts] = defaultdict(Counts)
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
    if not paragraph_ids:
        return defaultdict(Counts)
    counts = tallies(paragraph_ids)
    people = _people(paragraph_ids, by_paragraph=True).subquery()
    by_paragraph = db.select(people.c.paragraph_id, func.count()).group_by(people.c.paragraph_id)
    for paragraph_id, n in db.session.execute(by_paragraph):
        counts[paragraph_id].contributors = n
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
    """The consultation's totals by type, and its distinct contributors (`who`)."""
    # Through its paragraphs: the indexes that count them (paragraph first) serve here too.
    paragraphs = (
        db.select(Paragraph.id)
        .join(TextVersion, TextVersion.id == Paragraph.version_id)
        .where(TextVersion.consultation_id == consultation_id)
    )
    kinds = dict.fromkeys(ContributionType, 0)
    kinds.update(
        db.session.execute(
            db.select(Contribution.kind, func.count())
            .where(Contribution.paragraph_id.in_(paragraphs), APPROVED)
            .group_by(Contribution.kind)
        ).all()
    )
    positions = dict(
        db.session.execute(
            db.select(Stance.position, func.count())
            .where(Stance.paragraph_id.in_(paragraphs))
            .group_by(Stance.position)
        ).all()
    )
    endorsements = db.session.scalar(
        db.select(func.count(Endorsement.id))
        .join(Contribution, Contribution.id == Endorsement.contribution_id)
        .where(Contribution.paragraph_id.in_(paragraphs), APPROVED)
    )
    people = db.session.scalar(
        db.select(func.count()).select_from(_people(paragraphs, by_paragraph=False).subquery())
    )
    return Totals(
        kinds=kinds,
        support=positions.get(Position.SUPPORT, 0),
        oppose=positions.get(Position.OPPOSE, 0),
        endorsements=endorsements or 0,
        people=people or 0,
    )


def summed(counts: dict[int, Counts], paragraph_ids: Iterable[int]) -> Counts:
    """The counts of several paragraphs added up (a part of the text); a person met on
    two of them cannot be told from two people, so `contributors` is left at 0."""
    total = Counts()
    for paragraph_id in paragraph_ids:
        one = counts[paragraph_id]
        total.support += one.support
        total.oppose += one.oppose
        total.comments += one.comments
        total.amendments += one.amendments
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
    counts = tallies(
        db.select(Paragraph.id).where(Paragraph.version_id == version_id, Paragraph.level == 0)
    )
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

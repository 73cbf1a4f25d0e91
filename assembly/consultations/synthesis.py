"""What the consultation changed: each paragraph of the consulted text beside its final
version, what was said of it with the team's answers, and the share of contributions that
changed the text (the figure République numérique gave: contributions taken into the law).

A contribution changed the text when the team linked it to a final paragraph whose words
differ from the consulted one's (or that it added, or took out: an empty final paragraph).
Comments and amendments count, as approved; positions and supports of amendments are not
contributions to answer.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from assembly.consultations.diff import changed
from assembly.consultations.models import Consultation, Contribution, Paragraph
from assembly.extensions import db
from assembly.needs.models import Moderation


@dataclass(frozen=True)
class Outcome:
    """One paragraph's story: as consulted, as final, and what was said of it."""

    original: Paragraph | None  # None: a paragraph the team added to the final text
    final: Paragraph | None  # None: no final text yet
    contributions: list[Contribution]  # approved ones on the original, oldest first

    @property
    def changed(self) -> bool:
        if self.final is None:
            return False
        if self.original is None:
            return True
        return changed(self.original.body, self.final.body)

    @property
    def heading(self) -> bool:
        return (self.final or self.original).heading


def said_on(consultation: Consultation) -> dict[int, list[Contribution]]:
    """The consultation's approved contributions by paragraph id, oldest first."""
    rows = db.session.scalars(
        db.select(Contribution)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
        )
        .order_by(Contribution.id)
        .options(selectinload(Contribution.user))
    )
    by_paragraph = defaultdict(list)
    for contribution in rows:
        by_paragraph[contribution.paragraph_id].append(contribution)
    return by_paragraph


def outcomes(consultation: Consultation) -> list[Outcome]:
    """Every paragraph in the final text's order (the consulted text's, before a final
    text). A paragraph the team took out stays in the final text, empty (`removed`)."""
    said = said_on(consultation)
    consulted = consultation.consulted.paragraphs
    final = consultation.final
    if final is None:
        return [Outcome(p, None, said.get(p.id, [])) for p in consulted]
    originals = {p.id: p for p in consulted}
    finals = db.session.scalars(
        db.select(Paragraph)
        .where(Paragraph.version_id == final.id)
        .order_by(Paragraph.position)
        .options(selectinload(Paragraph.sources))
    )
    return [
        Outcome(originals.get(p.origin_id), p, said.get(p.origin_id, []) if p.origin_id else [])
        for p in finals
    ]


@dataclass(frozen=True)
class Rate:
    changed: int  # contributions that changed the text
    total: int  # all approved comments and amendments

    @property
    def share(self) -> float | None:
        return self.changed / self.total if self.total else None


def rate(consultation: Consultation) -> Rate:
    """How many of the contributions changed the final text, out of all of them."""
    total = db.session.scalar(
        db.select(db.func.count(Contribution.id)).where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
        )
    )
    final = consultation.final
    if final is None:
        return Rate(0, total or 0)
    changing: set[int] = set()
    for outcome in outcomes(consultation):
        if outcome.final is not None and outcome.changed:
            changing |= {c.id for c in outcome.final.sources if c.public}
    return Rate(len(changing), total or 0)

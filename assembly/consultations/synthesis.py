"""What the consultation changed: each paragraph of the consulted text beside its final
version, what was said of it with the team's answers, and the share of contributions that
changed the text (the figure République numérique gave: contributions taken into the law).

A contribution changed the text when the team linked it to a final paragraph whose words
differ from the consulted one's (or that it added, or took out: an empty final paragraph).
Comments and amendments count, as approved; positions and supports of amendments are not
contributions to answer.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload

from assembly.consultations.diff import changed
from assembly.consultations.models import (
    Consultation,
    Contribution,
    Paragraph,
    TeamAnswer,
    TextVersion,
)
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

    @property
    def state(self) -> str:
        """In words for the pages: "pending" (no final text yet), "unchanged", "changed",
        "removed" (taken out) or "added"."""
        if self.final is None:
            return "pending"
        if self.original is None:
            return "added"
        if self.final.removed:
            return "removed"
        return "changed" if self.changed else "unchanged"

    @property
    def sources(self) -> list[Contribution]:
        """The approved contributions the team linked to the final paragraph."""
        return [c for c in self.final.sources if c.public] if self.final is not None else []

    # What `text.parts` reads, to cut the outcomes into pages as the text is.
    @property
    def id(self) -> int:
        return (self.final or self.original).id

    @property
    def level(self) -> int:
        return (self.final or self.original).level

    @property
    def body(self) -> str:
        return (self.final or self.original).body


def said_on(consultation: Consultation) -> dict[int, list[Contribution]]:
    """The consultation's approved contributions by paragraph id, oldest first."""
    rows = db.session.scalars(
        db.select(Contribution)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
        )
        .order_by(Contribution.id)
        .options(joinedload(Contribution.user))  # one statement, however many
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


def rate(consultation: Consultation, found: list[Outcome] | None = None) -> Rate:
    """How many of the contributions changed the final text, out of all of them.

    `found`: the consultation's outcomes, when the caller has them already. A contribution
    linked to several changed paragraphs counts once; one linked to a paragraph whose
    words did not change, not at all.
    """
    total = db.session.scalar(
        db.select(db.func.count(Contribution.id)).where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
        )
    )
    if consultation.final is None:
        return Rate(0, total or 0)
    changing: set[int] = set()
    for outcome in outcomes(consultation) if found is None else found:
        if outcome.changed:
            changing |= {c.id for c in outcome.sources}
    return Rate(len(changing), total or 0)


def answer_counts(consultation: Consultation) -> dict[TeamAnswer | None, int]:
    """How many approved contributions got each answer; None: not answered yet."""
    rows = db.session.execute(
        db.select(Contribution.answer, db.func.count(Contribution.id))
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
        )
        .group_by(Contribution.answer)
    )
    counts: Counter = Counter(dict.fromkeys([*TeamAnswer, None], 0))
    for answer, count in rows:
        counts[answer] += count
    return dict(counts)


def unanswered_by_paragraph(consultation: Consultation) -> dict[int, int]:
    """How many approved contributions wait for an answer, by paragraph id of the
    consulted text (paragraphs with none left out)."""
    rows = db.session.execute(
        db.select(Contribution.paragraph_id, db.func.count(Contribution.id))
        .join(Paragraph, Paragraph.id == Contribution.paragraph_id)
        .join(TextVersion, TextVersion.id == Paragraph.version_id)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.APPROVED,
            Contribution.answer.is_(None),
            TextVersion.number == 1,
        )
        .group_by(Contribution.paragraph_id)
    )
    return dict(rows.all())


def unanswered_count(consultation: Consultation) -> int:
    """How many approved contributions wait for the team's answer."""
    return answer_counts(consultation)[None]

"""The team's work once people have spoken: answering each contribution, writing the
final text from the answers, and publishing it.

The final text is version 2, begun as a copy of the consulted text: each of its
paragraphs keeps the consulted one it comes from (`origin`), and the team links to it the
contributions behind its change (`sources`). An empty final paragraph is one taken out; a
paragraph the team adds has no origin. Once published (stage FINAL) the final text and
the answers are the group's public account, and no longer change.
"""

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.consultations import messages
from assembly.consultations.events import (
    CONSULTATION_CHANGED,
    CONSULTATION_FINAL,
    CONTRIBUTION_ANSWERED,
)
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    Contribution,
    Paragraph,
    TeamAnswer,
    TextVersion,
)
from assembly.consultations.synthesis import rate
from assembly.database import hold
from assembly.extensions import db
from assembly.needs.models import Moderation
from assembly.trace.operations import record

# An answer that says why: "not kept" and "kept in part" owe the contributor a reason.
REASON_NEEDED = (TeamAnswer.NOT_KEPT, TeamAnswer.IN_PART)


class NotNow(Exception):
    """The consultation is not at the stage this needs: being prepared (nothing to answer
    yet), or its final text published (nothing changes any more)."""


def _at_work(consultation: Consultation) -> None:
    """Lock the consultation and check the team may still work on it (published, not
    final), else NotNow."""
    hold(Consultation, consultation.id)
    db.session.refresh(consultation)
    if consultation.stage != ConsultationStage.OPEN:
        db.session.rollback()
        raise NotNow


def answer_contribution(
    contribution: Contribution, answer: TeamAnswer, reason: str, *, by: User | None
) -> bool:
    """Give (or change) the team's answer to a contribution; False if it said that already.

    The journal keeps each answer given (not the reason, which may quote its author).
    """
    consultation = db.session.get(Consultation, contribution.consultation_id)
    _at_work(consultation)
    reason = reason.strip()
    if contribution.answer == answer and contribution.answer_reason == reason:
        db.session.rollback()
        return False
    previous = contribution.answer
    contribution.answer, contribution.answer_reason = answer, reason
    contribution.answered_by_id = by.id if by else None
    contribution.answered_at = utcnow()
    payload = {"answer": answer.value}
    if previous is not None:
        payload["before"] = previous.value
    record(CONTRIBUTION_ANSWERED, contribution, group_id=consultation.group_id, **payload)
    db.session.commit()
    return True


def begin_final(consultation: Consultation, *, by: User | None) -> TextVersion:
    """Begin the final text as a copy of the consulted one, each paragraph pointing at its
    origin; the one begun already if there is one. NotNow unless published and not final."""
    _at_work(consultation)
    if consultation.final is not None:
        db.session.rollback()
        return consultation.final
    final = TextVersion(
        number=2,
        created_by_id=by.id if by else None,
        created_at=utcnow(),
        paragraphs=[
            Paragraph(position=p.position, level=p.level, body=p.body, origin_id=p.id)
            for p in consultation.consulted.paragraphs
        ],
    )
    consultation.versions.append(final)
    record(CONSULTATION_CHANGED, consultation, group_id=consultation.group_id, final="begun")
    db.session.commit()
    return final


def candidates(paragraph: Paragraph) -> list[Contribution]:
    """The contributions the team may link to a final paragraph: the approved ones on the
    paragraph it comes from (for an added one, on the closest paragraph above it that has
    an origin), and those linked already."""
    origin_id = paragraph.origin_id
    if origin_id is None:
        origin_id = db.session.scalar(
            db.select(Paragraph.origin_id)
            .where(
                Paragraph.version_id == paragraph.version_id,
                Paragraph.position < paragraph.position,
                Paragraph.origin_id.is_not(None),
            )
            .order_by(Paragraph.position.desc())
            .limit(1)
        )
    said = db.session.scalars(
        db.select(Contribution)
        .where(
            Contribution.paragraph_id == origin_id,
            Contribution.moderation == Moderation.APPROVED,
        )
        .order_by(Contribution.id)
    )
    found = {c.id: c for c in said}
    found |= {c.id: c for c in paragraph.sources}
    return sorted(found.values(), key=lambda c: c.id)


def _linked(paragraph: Paragraph, source_ids) -> list[Contribution]:
    """The candidates among `source_ids` (others are ignored: a forged id links nothing)."""
    wanted = set(source_ids)
    return [c for c in candidates(paragraph) if c.id in wanted]


def change_final_paragraph(paragraph: Paragraph, body: str, source_ids) -> Paragraph | None:
    """Write a final paragraph's new wording and the contributions behind it. An empty body
    takes the paragraph out of the text; an added one emptied is gone (None)."""
    consultation = paragraph.version.consultation
    _at_work(consultation)
    if paragraph.version.number != 2 or paragraph.heading:
        db.session.rollback()
        raise NotNow
    body = body.strip()
    if not body and paragraph.origin_id is None:
        record(CONSULTATION_CHANGED, consultation, group_id=consultation.group_id, final="cut")
        db.session.delete(paragraph)
        db.session.commit()
        return None
    paragraph.body = body
    paragraph.sources = _linked(paragraph, source_ids)
    record(
        CONSULTATION_CHANGED,
        consultation,
        group_id=consultation.group_id,
        final="changed",
        paragraph=paragraph.id,
        sources=[c.id for c in paragraph.sources],
    )
    db.session.commit()
    return paragraph


def add_final_paragraph(after: Paragraph, body: str) -> Paragraph:
    """Add a paragraph to the final text, right after `after`; it has no origin."""
    consultation = after.version.consultation
    _at_work(consultation)
    if after.version.number != 2:
        db.session.rollback()
        raise NotNow
    db.session.execute(
        db.update(Paragraph)
        .where(Paragraph.version_id == after.version_id, Paragraph.position > after.position)
        .values(position=Paragraph.position + 1)
    )
    added = Paragraph(version_id=after.version_id, position=after.position + 1, body=body.strip())
    db.session.add(added)
    db.session.flush()
    record(
        CONSULTATION_CHANGED,
        consultation,
        group_id=consultation.group_id,
        final="added",
        paragraph=added.id,
    )
    db.session.commit()
    db.session.expire(after.version, ["paragraphs"])
    return added


def unanswered(consultation: Consultation) -> list[Contribution]:
    """The approved contributions still waiting for an answer, oldest first."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.moderation == Moderation.APPROVED,
                Contribution.answer.is_(None),
            )
            .order_by(Contribution.id)
        )
    )


def publish_final(consultation: Consultation) -> bool:
    """Publish the final text: the consultation ends, the "what we kept" page opens to its
    readers, and contributors who asked are told (`messages.final_published`), all in one
    transaction. False if there is no final text, or it is out already."""
    try:
        _at_work(consultation)
    except NotNow:
        return False
    if consultation.final is None:
        db.session.rollback()
        return False
    consultation.stage = ConsultationStage.FINAL
    consultation.final_at = utcnow()
    figures = rate(consultation)
    record(
        CONSULTATION_FINAL,
        consultation,
        group_id=consultation.group_id,
        changed=figures.changed,
        total=figures.total,
    )
    messages.final_published(consultation)
    db.session.commit()
    return True

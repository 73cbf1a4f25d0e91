"""Preparing a consultation: its settings and its text, until it opens; then opening it.

The text can be replaced while the consultation is being prepared; once open it is
frozen, since what people said is about its paragraphs. The team's final text is
another version (`answers`).
"""

from datetime import date

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.consultations.events import (
    CONSULTATION_CHANGED,
    CONSULTATION_CREATED,
    CONSULTATION_OPENED,
)
from assembly.consultations.models import (
    Audience,
    Consultation,
    ConsultationStage,
    Paragraph,
    TextVersion,
)
from assembly.consultations.text import split
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.trace.operations import record


class TextFrozen(Exception):
    """The consultation is open: its consulted text no longer changes."""


def _next_number(group: Group) -> int:
    """The group's next consultation number (the caller holds the group's row)."""
    highest = db.session.scalar(
        db.select(db.func.max(Consultation.number)).where(Consultation.group_id == group.id)
    )
    return (highest or 0) + 1


def paragraphs_of(markdown: str) -> list[Paragraph]:
    """New paragraphs (and headings) for a text, numbered in order."""
    return [
        Paragraph(position=position, level=block.level, body=block.body)
        for position, block in enumerate(split(markdown), start=1)
    ]


def create_consultation(
    group: Group,
    *,
    title: str,
    text: str,
    opens_on: date,
    closes_on: date,
    by: User | None,
    context: str = "",
    audience: Audience = Audience.PUBLIC,
    premoderation: bool = False,
) -> Consultation:
    """Prepare a consultation on `text` (Markdown); nobody but the team sees it yet."""
    hold(Group, group.id)
    consultation = Consultation(
        group_id=group.id,
        number=_next_number(group),
        title=title.strip(),
        context=context.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        audience=audience,
        premoderation=premoderation,
        stage=ConsultationStage.DRAFT,
        created_by_id=by.id if by else None,
        created_at=utcnow(),
    )
    consultation.versions.append(
        TextVersion(
            number=1,
            created_by_id=by.id if by else None,
            created_at=utcnow(),
            paragraphs=paragraphs_of(text),
        )
    )
    db.session.add(consultation)
    record(CONSULTATION_CREATED, consultation, group_id=group.id, number=consultation.number)
    db.session.commit()
    return consultation


def change_consultation(
    consultation: Consultation,
    *,
    title: str,
    context: str,
    opens_on: date,
    closes_on: date,
    audience: Audience,
    premoderation: bool,
    text: str | None = None,
) -> Consultation:
    """Change its settings; and its text (`text`), only while it is being prepared."""
    if text is not None:
        if consultation.stage != ConsultationStage.DRAFT:
            raise TextFrozen
        consultation.consulted.paragraphs = paragraphs_of(text)
    consultation.title = title.strip()
    consultation.context = context.strip()
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    consultation.audience = audience
    consultation.premoderation = premoderation
    record(CONSULTATION_CHANGED, consultation, group_id=consultation.group_id)
    db.session.commit()
    return consultation


def open_consultation(consultation: Consultation) -> bool:
    """Publish it: its text is frozen, people read it and, between its dates, contribute.
    False if it was not being prepared (opened already: nothing happens)."""
    hold(Consultation, consultation.id)
    db.session.refresh(consultation)
    if consultation.stage != ConsultationStage.DRAFT:
        return False
    consultation.stage = ConsultationStage.OPEN
    consultation.opened_at = utcnow()
    record(CONSULTATION_OPENED, consultation, group_id=consultation.group_id)
    db.session.commit()
    return True

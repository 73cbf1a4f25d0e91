"""Finding a consultation and its parts for the visitor: the loaders every page uses.

Who may read a consultation is `Consultation.shown_to`; who may contribute,
`Consultation.open_to`; who may read a contribution, `Contribution.shown_to`.
"""

from flask import abort, g

from assembly.consultations.models import Consultation, Contribution, Paragraph
from assembly.extensions import db
from assembly.groups.models import Group


def load_consultation(group: Group, number: int) -> Consultation:
    """The consultation `number` of `group` the visitor may read, or 404."""
    consultation = db.session.scalar(
        db.select(Consultation).where(
            Consultation.group_id == group.id, Consultation.number == number
        )
    )
    if consultation is None or not consultation.shown_to(g.viewer):
        abort(404)
    return consultation


def load_paragraph(consultation: Consultation, paragraph_id: int, final: bool = False) -> Paragraph:
    """A paragraph (not a heading) of the consulted text, or 404; with `final`, of the
    final text too (the team's editor). People take part on the consulted text only."""
    paragraph = db.session.get(Paragraph, paragraph_id)
    if (
        paragraph is None
        or paragraph.heading
        or paragraph.version.consultation_id != consultation.id
        or (paragraph.version.number != 1 and not final)
    ):
        abort(404)
    return paragraph


def load_contribution(consultation: Consultation, contribution_id: int) -> Contribution:
    """A contribution to the consultation the visitor may read, or 404."""
    contribution = db.session.get(Contribution, contribution_id)
    if (
        contribution is None
        or contribution.consultation_id != consultation.id
        or not contribution.shown_to(g.viewer)
    ):
        abort(404)
    return contribution

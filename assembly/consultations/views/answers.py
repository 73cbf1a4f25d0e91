"""The team answers each contribution, part by part of the text: kept, kept in part or not
kept, and why."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from assembly.consultations.forms.answers import AnswerForm
from assembly.consultations.loading import load_consultation, load_contribution
from assembly.consultations.models import Consultation, ConsultationStage, Contribution, TeamAnswer
from assembly.consultations.operations import answers as operations
from assembly.consultations.synthesis import unanswered_by_paragraph, unanswered_count
from assembly.consultations.text import part_of, parts
from assembly.consultations.views import bp
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.needs.models import Moderation
from assembly.web.inputs import asked_page, query_number
from assembly.web.render import render
from assembly.web.visitor import signed_in_user

# The consultation's page tells the team how many contributions wait for an answer.
bp.add_app_template_global(unanswered_count, "unanswered_count")


def chosen_part(count: int) -> int:
    """The part asked for (`?part=`), within the text's parts."""
    return asked_page(count, name="part")


@bp.get("/<int:number>/answers")
@group_view(Role.FACILITATOR)
def answers(group: Group, number: int):
    """One part of the text, each paragraph with what was said of it and the answer forms;
    `?unanswered=1` keeps only the contributions still waiting for an answer."""
    consultation = load_consultation(group, number)
    return answers_page(group, consultation)


def answers_page(group: Group, consultation: Consultation, failed=None, form=None, status=200):
    """The answers page; `form` is the answer to the contribution `failed` that came back
    (shown in its part)."""
    text = parts(consultation.consulted.paragraphs)
    if failed is not None:
        index = part_of(consultation.consulted.paragraphs, failed.paragraph_id)
    else:
        index = chosen_part(len(text))
    shown = text[index - 1] if text else None
    only_waiting = query_number("unanswered", 0) == 1
    ids = [item.id for item in shown.items if not item.heading] if shown else []
    query = (
        db.select(Contribution)
        .where(
            Contribution.paragraph_id.in_(ids),
            Contribution.moderation == Moderation.APPROVED,
        )
        .order_by(Contribution.id)
        .options(selectinload(Contribution.user))
    )
    if only_waiting:  # and the one whose answer came back, whatever it was before
        failed_id = failed.id if failed is not None else None
        query = query.where(Contribution.answer.is_(None) | (Contribution.id == failed_id))
    said: dict[int, list[Contribution]] = {}
    for contribution in db.session.scalars(query):
        said.setdefault(contribution.paragraph_id, []).append(contribution)
    waiting = unanswered_by_paragraph(consultation)
    return render(
        "consultations/answers.html",
        status=status,
        group=group,
        consultation=consultation,
        parts=text,
        part=shown,
        said=said,
        only_waiting=only_waiting,
        waiting_by_part={p.number: sum(waiting.get(i.id, 0) for i in p.items) for p in text},
        waiting=sum(waiting.values()),
        frozen=consultation.stage != ConsultationStage.OPEN,
        failed=failed,
        form=form,
    )


@bp.post("/<int:number>/contributions/<int:contribution_id>/answer")
@group_view(Role.FACILITATOR)
def answer(group: Group, number: int, contribution_id: int):
    """Answer a contribution (or change the answer); back to its part of the answers."""
    consultation = load_consultation(group, number)
    contribution = load_contribution(consultation, contribution_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return answers_page(group, consultation, failed=contribution, form=form, status=400)
    try:
        operations.answer_contribution(
            contribution,
            TeamAnswer(form.answer.data),
            form.reason.data or "",
            by=signed_in_user(),
        )
    except operations.NotNow:
        flash(_("The final text is published: the answers no longer change."))
    else:
        flash(_("Answer saved."))
    paragraphs = consultation.consulted.paragraphs
    return redirect(
        url_for(
            ".answers",
            slug=group.slug,
            number=number,
            part=part_of(paragraphs, contribution.paragraph_id),
            unanswered=query_number("unanswered", 0) or None,
            _anchor=f"p{contribution.paragraph_id}",
        )
    )

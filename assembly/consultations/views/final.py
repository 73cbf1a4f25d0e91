"""The final text, written by the team from the answers, paragraph by paragraph, then
published; and the public "what we kept" page that gives its account."""

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from assembly.clock import local_today
from assembly.consultations.forms.answers import AddParagraphForm, FinalParagraphForm
from assembly.consultations.loading import load_consultation, load_paragraph
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    Contribution,
    Paragraph,
    TeamAnswer,
)
from assembly.consultations.operations import answers as operations
from assembly.consultations.synthesis import answer_counts, outcomes, rate
from assembly.consultations.text import part_of, parts
from assembly.consultations.views import bp
from assembly.consultations.views.answers import chosen_part
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.forms import confirmed
from assembly.web.inputs import whole_number
from assembly.web.render import render
from assembly.web.visitor import signed_in_user

UNANSWERED_LISTED = 20  # the contributions without an answer named before publishing


def frozen() -> str:
    return _("The final text is published: it no longer changes.")


def to_final(group: Group, consultation: Consultation, paragraph_id: int | None = None):
    """Back to the final text, at the paragraph's part."""
    final = consultation.final
    part, anchor = None, None
    if final is not None and paragraph_id is not None:
        part, anchor = part_of(final.paragraphs, paragraph_id), f"p{paragraph_id}"
    return redirect(
        url_for(".final", slug=group.slug, number=consultation.number, part=part, _anchor=anchor)
    )


@bp.get("/<int:number>/final")
@group_view(Role.FACILITATOR)
def final(group: Group, number: int):
    """The final text being written, part by part, each changed paragraph as a difference
    with its contributions; beginning it, and publishing it."""
    consultation = load_consultation(group, number)
    found = outcomes(consultation) if consultation.final is not None else []
    text = parts(found)
    index = chosen_part(len(text))
    return render(
        "consultations/final.html",
        group=group,
        consultation=consultation,
        parts=text,
        part=text[index - 1] if text else None,
        changed=sum(1 for o in found if o.changed),
        unanswered=operations.unanswered(consultation),
        listed=UNANSWERED_LISTED,
        frozen=consultation.stage == ConsultationStage.FINAL,
        phase=consultation.phase(local_today()),
    )


@bp.post("/<int:number>/final/begin")
@group_view(Role.FACILITATOR)
def begin_final(group: Group, number: int):
    """Begin the final text: a copy of the consulted one, to change paragraph by paragraph."""
    consultation = load_consultation(group, number)
    try:
        operations.begin_final(consultation, by=signed_in_user())
    except operations.NotNow:
        if consultation.stage == ConsultationStage.DRAFT:
            flash(_("Publish the consultation first."))
        else:
            flash(frozen())
    return to_final(group, consultation)


def final_paragraph_or_back(group: Group, consultation: Consultation, paragraph_id: int):
    """The final paragraph to edit, or a redirect saying why there is none: the final text
    not begun, or published. A paragraph of the consulted text leads to its final one."""
    paragraph = load_paragraph(consultation, paragraph_id, final=True)
    if consultation.stage == ConsultationStage.FINAL:
        flash(frozen())
        return None, to_final(group, consultation)
    if consultation.final is None:
        flash(_("Begin the final text first."))
        return None, to_final(group, consultation)
    if paragraph.version.number == 1:
        counterpart = db.session.scalar(
            db.select(Paragraph.id).where(
                Paragraph.version_id == consultation.final.id, Paragraph.origin_id == paragraph.id
            )
        )
        if counterpart is None:
            abort(404)
        url = url_for(".final_paragraph", slug=group.slug, number=consultation.number,
                      paragraph_id=counterpart)  # fmt: skip
        return None, redirect(url)
    return paragraph, None


@bp.route("/<int:number>/final/<int:paragraph_id>", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def final_paragraph(group: Group, number: int, paragraph_id: int):
    """Change a paragraph of the final text and link the contributions behind it; an
    amendment's wording can be taken over in one click."""
    consultation = load_consultation(group, number)
    paragraph, elsewhere = final_paragraph_or_back(group, consultation, paragraph_id)
    if elsewhere:
        return elsewhere
    form = FinalParagraphForm()
    offered = operations.candidates(paragraph)
    if form.is_submitted() and form.apply.data:
        return take_over(group, consultation, paragraph, form, offered)
    if form.validate_on_submit():
        try:
            kept = operations.change_final_paragraph(
                paragraph, form.body.data or "", chosen(form.sources.data)
            )
        except operations.NotNow:
            flash(frozen())
            return to_final(group, consultation)
        flash(_("Saved."))
        return to_final(group, consultation, kept.id if kept else None)
    if not form.is_submitted():
        form.body.data = paragraph.body
        form.sources.data = [str(c.id) for c in preticked(paragraph, offered)]
    return final_paragraph_page(group, consultation, paragraph, form, AddParagraphForm(),
                                offered, status=400 if form.errors else 200)  # fmt: skip


def chosen(values) -> list[int]:
    """The contribution ids ticked, as numbers (anything else dropped)."""
    return [n for n in (whole_number(v) for v in values or []) if n is not None]


def preticked(paragraph: Paragraph, offered: list[Contribution]) -> list[Contribution]:
    """The contributions ticked when the page opens: those linked; for a paragraph not
    touched yet, those the team kept, whole or in part."""
    if paragraph.sources:
        return paragraph.sources
    untouched = paragraph.origin is not None and paragraph.body == paragraph.origin.body
    kept = (TeamAnswer.KEPT, TeamAnswer.IN_PART)
    return [c for c in offered if c.answer in kept] if untouched else []


def take_over(group, consultation, paragraph, form, offered):
    """The form again, its wording replaced by the amendment's and the amendment ticked:
    nothing is saved until the team saves."""
    amendment = next(
        (c for c in offered if c.id == whole_number(form.apply.data) and c.rewrite is not None),
        None,
    )
    if amendment is not None:
        form.body.data = amendment.rewrite
        ticked = set(form.sources.data or []) | {str(amendment.id)}
        form.sources.data = sorted(ticked)
    return final_paragraph_page(group, consultation, paragraph, form, AddParagraphForm(), offered)


def final_paragraph_page(group, consultation, paragraph, form, adding, offered, status=200):
    return render(
        "consultations/final_paragraph.html",
        status=status,
        group=group,
        consultation=consultation,
        paragraph=paragraph,
        form=form,
        adding=adding,
        offered=offered,
        ticked={whole_number(v) for v in form.sources.data or []},
    )


@bp.post("/<int:number>/final/<int:paragraph_id>/add")
@group_view(Role.FACILITATOR)
def add_paragraph(group: Group, number: int, paragraph_id: int):
    """Add a paragraph to the final text after this one."""
    consultation = load_consultation(group, number)
    paragraph, elsewhere = final_paragraph_or_back(group, consultation, paragraph_id)
    if elsewhere:
        return elsewhere
    adding = AddParagraphForm()
    if not adding.validate_on_submit():
        form = FinalParagraphForm(formdata=None)
        offered = operations.candidates(paragraph)
        form.body.data = paragraph.body
        form.sources.data = [str(c.id) for c in preticked(paragraph, offered)]
        return final_paragraph_page(group, consultation, paragraph, form, adding, offered,
                                    status=400)  # fmt: skip
    try:
        added = operations.add_final_paragraph(paragraph, adding.added.data)
    except operations.NotNow:
        flash(frozen())
        return to_final(group, consultation)
    flash(_("Paragraph added."))
    return redirect(url_for(".final_paragraph", slug=group.slug, number=number,
                            paragraph_id=added.id))  # fmt: skip


@bp.post("/<int:number>/final/publish")
@group_view(Role.ORGANIZER)
def publish_final(group: Group, number: int):
    """Publish the final text: the consultation ends and "what we kept" opens to all."""
    consultation = load_consultation(group, number)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
    elif operations.publish_final(consultation):
        flash(_("The final text is published, with what we kept."))
        return redirect(url_for(".kept", slug=group.slug, number=number))
    elif consultation.final is None:
        flash(_("Begin the final text first."))
    else:
        flash(frozen())
    return to_final(group, consultation)


@bp.get("/<int:number>/kept")
@group_view()
def kept(group: Group, number: int):
    """What we kept, paragraph by paragraph: the original, the final wording, what was said
    and the answers, and the share of contributions that changed the text. Its readers'
    once the final text is published; the team sees it before, as a preview."""
    consultation = load_consultation(group, number)
    published = consultation.stage == ConsultationStage.FINAL
    if not consultation.account_shown_to(g.viewer):  # "not yet" (200: the page is known)
        return render("consultations/kept.html", group=group, consultation=consultation,
                      shown=False, published=False)  # fmt: skip
    found = outcomes(consultation)
    text = parts(found)
    index = chosen_part(len(text))
    return render(
        "consultations/kept.html",
        group=group,
        consultation=consultation,
        shown=True,
        published=published,
        parts=text,
        part=text[index - 1] if text else None,
        rate=rate(consultation, found),
        answers=answer_counts(consultation),
    )

"""The consultations and their text: the list, preparing one, opening it, reading it in
parts. (One paragraph's page, with what was said of it, is in `taking_part`.)"""

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _

from assembly.clock import local_today
from assembly.consultations.counts import paragraph_counts, tallies, text_paragraph_ids
from assembly.consultations.forms.text import ConsultationForm
from assembly.consultations.loading import load_consultation
from assembly.consultations.models import Audience, Consultation, ConsultationStage
from assembly.consultations.operations import text as operations
from assembly.consultations.text import join, parts
from assembly.consultations.views import bp
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.inputs import asked_page
from assembly.web.render import form_status, render
from assembly.web.visitor import signed_in_user


@bp.app_template_global()
def open_consultations(group: Group) -> list[Consultation]:
    """The group's home: the consultations the visitor may read that take contributions today."""
    today = local_today()
    rows = db.session.scalars(
        db.select(Consultation)
        .where(Consultation.group_id == group.id, Consultation.stage == ConsultationStage.OPEN)
        .order_by(Consultation.closes_on)
    )
    return [c for c in rows if c.open_to(g.viewer, today)]


@bp.get("")
@group_view()
def index(group: Group):
    """The group's consultations the visitor may read, newest first."""
    rows = db.session.scalars(
        db.select(Consultation)
        .where(Consultation.group_id == group.id)
        .order_by(Consultation.number.desc())
    )
    shown = [c for c in rows if c.shown_to(g.viewer)]
    return render("consultations/index.html", group=group, consultations=shown, today=local_today())


@bp.route("/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """Prepare a consultation: its settings and its text."""
    form = ConsultationForm()
    if form.validate_on_submit():
        consultation = operations.create_consultation(
            group,
            title=form.title.data,
            context=form.context.data or "",
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            audience=Audience(form.audience.data),
            premoderation=form.premoderation.data,
            text=form.text.data,
            by=signed_in_user(),
        )
        return redirect(url_for(".show", slug=group.slug, number=consultation.number))
    return render(
        "consultations/form.html", group=group, form=form, consultation=None,
        status=form_status(form),
    )  # fmt: skip


@bp.route("/<int:number>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit(group: Group, number: int):
    """Change a consultation's settings; its text only until it opens."""
    consultation = load_consultation(group, number)
    draft = consultation.stage == ConsultationStage.DRAFT
    form = ConsultationForm(obj=consultation)
    if not draft:
        del form.text
    elif not form.is_submitted():
        form.text.data = join(consultation.consulted.paragraphs)
    if form.validate_on_submit():
        operations.change_consultation(
            consultation,
            title=form.title.data,
            context=form.context.data or "",
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            audience=Audience(form.audience.data),
            premoderation=form.premoderation.data,
            text=form.text.data if draft else None,
        )
        flash(_("Saved."))
        return redirect(url_for(".show", slug=group.slug, number=number))
    return render(
        "consultations/form.html", group=group, form=form, consultation=consultation,
        status=form_status(form),
    )  # fmt: skip


@bp.post("/<int:number>/open")
@group_view(Role.ORGANIZER)
def publish(group: Group, number: int):
    """Publish the consultation: its text is frozen from now on."""
    consultation = load_consultation(group, number)
    if operations.open_consultation(consultation):
        flash(_("The consultation is published. Its text can no longer change."))
    return redirect(url_for(".show", slug=group.slug, number=number))


@bp.get("/<int:number>")
@group_view()
def show(group: Group, number: int):
    """The consultation: why, until when, and its text's parts with what was said of each."""
    consultation = load_consultation(group, number)
    text = parts(consultation.consulted.paragraphs)
    # Each part's numbers: the people in them are not shown here, nor gathered.
    counts = tallies(text_paragraph_ids(consultation.consulted.id))
    return render(
        "consultations/show.html",
        group=group,
        consultation=consultation,
        parts=text,
        counts=counts,
        phase=consultation.phase(local_today()),
    )


@bp.get("/<int:number>/text")
@group_view()
def part(group: Group, number: int):
    """One part of the text (`?part=`), each paragraph with its counts and a link to it."""
    consultation = load_consultation(group, number)
    text = parts(consultation.consulted.paragraphs)
    index = asked_page(len(text), name="part")
    shown = text[index - 1] if text else None
    ids = [item.id for item in shown.items if not item.heading] if shown else []
    return render(
        "consultations/part.html",
        group=group,
        consultation=consultation,
        parts=text,
        part=shown,
        counts=paragraph_counts(ids),
        phase=consultation.phase(local_today()),
    )

"""What the team (facilitators, organizers, admins) does with needs."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assembly.extensions import db
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.needs import held, operations
from assembly.needs.forms import (
    CountedSupportForm,
    EditNeedForm,
    MergeForm,
    ModerationForm,
    SettingsForm,
    StatusForm,
    ThemeForm,
)
from assembly.needs.models import Channel, Moderation, Need, NeedStatus, Theme
from assembly.needs.views import bp
from assembly.needs.views.loading import group_themes, load_need
from assembly.needs.views.public import need_page, theme_choices
from assembly.web.forms import confirmed
from assembly.web.inputs import whole_number
from assembly.web.render import form_status, render


def back_to(need: Need):
    return redirect(url_for("needs.show", slug=need.group.slug, number=need.number))


def grouped(need: Need):
    """A team action on a duplicate: say where its story goes on, and go there."""
    flash(
        _(
            "%(ref)s was grouped with %(target)s: nothing was changed, carry on there.",
            ref=need.reference,
            target=need.merged_into.reference,
        )
    )
    return back_to(need.merged_into)


def failed(group: Group, need: Need, **form):
    """A team form on a need's page failed: the page again, 400, the form with its errors."""
    return need_page(group, need, 400, **form)


@bp.get("/needs/moderation")
@group_view(Role.FACILITATOR)
def moderation(group: Group):
    """What waits for the team: needs to approve, oldest first, then held supports."""
    waiting = db.session.scalars(
        db.select(Need)
        .filter_by(group_id=group.id, moderation=Moderation.PENDING)
        .order_by(Need.created_at, Need.id)
    )
    return render(
        "needs/moderation.html",
        group=group,
        needs=list(waiting),
        held=held.needs_with_held(group),
        form=ModerationForm(),
    )


@bp.post("/needs/<int:number>/moderate")
@group_view(Role.FACILITATOR)
def moderate(group: Group, number: int):
    """Approve, reject with a reason, or mark as spam; refusing takes a confirmation step."""
    need = load_need(group, number)
    form = ModerationForm()
    if not form.validate_on_submit():
        return failed(group, need, moderation_form=form)
    decision = Moderation(form.decision.data)
    if decision != Moderation.APPROVED and not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(url_for("needs.moderation", slug=group.slug))
    try:
        operations.moderate(need, decision, form.reason.data or "")
    except operations.MergedNeedError:
        return grouped(need)
    flash(_("%(ref)s: decision recorded.", ref=need.reference))
    return redirect(url_for("needs.moderation", slug=group.slug))


@bp.post("/needs/<int:number>/status")
@group_view(Role.FACILITATOR)
def set_status(group: Group, number: int):
    need = load_need(group, number)
    form = StatusForm()
    if not form.validate_on_submit():
        return failed(group, need, status_form=form)
    operations.set_status(need, NeedStatus(form.status.data), form.reason.data or "")
    flash(_("The status is saved."))
    return back_to(need)


@bp.post("/needs/<int:number>/merge")
@group_view(Role.FACILITATOR)
def merge(group: Group, number: int):
    """Join a duplicate to the need it repeats."""
    need = load_need(group, number)
    form = MergeForm()
    target = None
    if form.validate_on_submit() and form.target_number():
        target = db.session.scalar(
            db.select(Need).filter_by(group_id=group.id, number=form.target_number())
        )
    if target is None:
        form.target.errors = [*form.target.errors, _("No need has this number.")]
        return failed(group, need, merge_form=form)
    try:
        operations.merge(need, target)
    except operations.MergeError:
        form.target.errors = [_("A need cannot join itself or a need already merged.")]
        return failed(group, need, merge_form=form)
    flash(_("%(ref)s now joins %(target)s.", ref=need.reference, target=target.reference))
    return back_to(target)


@bp.post("/needs/<int:number>/counted")
@group_view(Role.FACILITATOR)
def counted(group: Group, number: int):
    """Add people counted off-line: hands at a meeting, names on a paper list."""
    need = load_need(group, number)
    form = CountedSupportForm()
    if not form.validate_on_submit():
        return failed(group, need, count_form=form)
    try:
        operations.count_support(
            need, form.count.data, Channel(form.channel.data), form.note.data or "", current_user
        )
    except operations.MergedNeedError:
        return grouped(need)
    flash(_("Counted."))
    return back_to(need)


@bp.post("/needs/<int:number>/held")
@group_view(Role.FACILITATOR)
def review_held(group: Group, number: int):
    """Count the supports held for review, or discard them (after a confirmation step).

    `through` is the newest held support the page showed: later ones wait for a look.
    """
    need = load_need(group, number)
    decision = request.form.get("decision")
    through = whole_number(request.form.get("through"))
    if decision not in ("count", "discard") or through is None:
        abort(400)
    if decision == "discard" and not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return back_to(need)
    reviewed = held.review_held(need, count=decision == "count", through=through)
    if decision == "count":
        flash(
            ngettext(
                "%(num)d “me too” is now counted.", "%(num)d “me too” are now counted.", reviewed
            )
        )
    else:
        flash(
            ngettext(
                "%(num)d “me too” was set aside.", "%(num)d “me too” were set aside.", reviewed
            )
        )
    return back_to(need)


@bp.route("/needs/<int:number>/edit", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def edit(group: Group, number: int):
    """Correct a need's title, text, theme, place or language; add its French summary."""
    need = load_need(group, number)
    # Not obj=need: its `theme` attribute is a Theme, where the form wants the id.
    form = EditNeedForm(
        title=need.title,
        body=need.body,
        language=need.language,
        french_summary=need.french_summary,
        place=need.place,
        theme=str(need.theme_id or ""),
    )
    theme_choices(form, group)
    if form.validate_on_submit():
        themes = {str(t.id): t for t in group_themes(group)}
        operations.edit_need(
            need,
            title=form.title.data,
            body=form.body.data or "",
            theme=themes.get(form.theme.data),
            place=form.place.data or "",
            language=form.language.data,
            french_summary=form.french_summary.data or "",
        )
        flash(_("The need is saved."))
        return back_to(need)
    return render("needs/edit.html", group=group, need=need, form=form, status=form_status(form))


@bp.route("/needs/themes", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def themes(group: Group):
    """The group's list of themes."""
    form = ThemeForm(existing=[theme.name for theme in group_themes(group)])
    if form.validate_on_submit():
        operations.add_theme(group, form.name.data)
        flash(_("Theme added."))
        return redirect(url_for("needs.themes", slug=group.slug))
    return render(
        "needs/themes.html",
        group=group,
        form=form,
        themes=group_themes(group),
        status=form_status(form),
    )


@bp.post("/needs/themes/<int:theme_id>/delete")
@group_view(Role.ORGANIZER)
def delete_theme(group: Group, theme_id: int):
    operations.delete_theme(load_in_group(Theme, theme_id, group))
    flash(_("Theme removed; its needs keep everything else."))
    return redirect(url_for("needs.themes", slug=group.slug))


@bp.route("/needs/settings", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def settings(group: Group):
    """Whether needs from the public wait for approval."""
    current = operations.settings_for(group)
    form = SettingsForm(premoderation=current.premoderation)
    if form.validate_on_submit():
        operations.set_premoderation(group, form.premoderation.data)
        flash(_("Settings saved."))
        return redirect(url_for("needs.settings", slug=group.slug))
    return render("needs/settings.html", group=group, form=form, status=form_status(form))

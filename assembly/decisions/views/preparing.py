"""Preparing a decision on an agenda item, and changing or dropping it before it opens."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.decisions.forms.meeting import ItemDecisionForm
from assembly.decisions.models import Decision, DecisionStatus
from assembly.decisions.operations import core
from assembly.decisions.operations import meeting as operations
from assembly.decisions.views import bp, item_panel
from assembly.decisions.views.loading import load_run, meeting_of
from assembly.decisions.views.meeting import refused
from assembly.extensions import db, htmx
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings.attending import runs_meeting
from assembly.meetings.loading import load_item
from assembly.meetings.models import AgendaItem
from assembly.web.render import form_status, render
from assembly.web.urls import safe_next


def load_prepared_item(group: Group, meeting_id: int, item_id: int) -> AgendaItem:
    """An agenda item, for those who run its meeting: the team or its facilitator. 404, or 403."""
    item = load_item(group, meeting_id, item_id)
    if not runs_meeting(item.meeting):
        abort(403)
    return item


def draft_or_problem(decision: Decision) -> str | None:
    """Why this decision cannot be changed any more (it opened), or None."""
    if decision.status != DecisionStatus.DRAFT or decision.item_id is None:
        return _("Only a decision prepared and not yet open can be changed.")
    return None


def preparing_page(group: Group, item: AgendaItem, form, decision: Decision | None = None):
    return render(
        "decisions/new.html",
        status=form_status(form),
        group=group,
        meeting=item.meeting,
        item=item,
        form=form,
        decision=decision,
    )


@bp.route(
    "/g/<slug>/meetings/<int:meeting_id>/items/<int:item_id>/decisions/new",
    methods=["GET", "POST"],
)
@group_view(Role.MEMBER)
def new_for_item(group: Group, meeting_id: int, item_id: int):
    """Prepare a decision on an agenda item: a draft the facilitator opens when its time comes,
    or opened at once (`start`: the conduct page's show of hands).

    From the conduct page (`next`), htmx swaps the item's decisions in place; without
    JavaScript the browser goes back there.
    """
    item = load_prepared_item(group, meeting_id, item_id)
    form = ItemDecisionForm(meeting_ended=item.meeting.ended)
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        decision = operations.prepare_on_item(
            group, item, by=current_user._get_current_object(), start=form.start.data,
            **form.chosen(),
        )  # fmt: skip
        if form.start.data:
            message = _("The vote is open.")
        else:
            message = _("The decision is prepared: open it when its time comes.")
        if htmx:
            return item_panel(group, item, message=message)
        flash(message)
        default = url_for(".show", slug=group.slug, decision_id=decision.id)
        return redirect(safe_next(form.next.data, default))
    if htmx:  # the conduct page's short form, or the whole one it asked for
        which = "quick_form" if request.form.get("quick") else "prepare_form"
        return item_panel(group, item, status=form_status(form), **{which: form})
    return preparing_page(group, item, form)


@bp.route("/g/<slug>/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@group_view(Role.MEMBER)
def edit(group: Group, decision_id: int):
    """Change a prepared decision (its question, method, options…) before it opens."""
    decision = load_run(group, decision_id)
    if (problem := draft_or_problem(decision)) is not None:
        return refused(group, decision, problem)
    item = db.session.get(AgendaItem, decision.item_id)
    form = ItemDecisionForm(data=None if request.method == "POST" else form_data(decision))
    if form.validate_on_submit():
        core.edit_draft(decision, **form.chosen())
        return redirect(url_for(".show", slug=group.slug, decision_id=decision.id))
    return preparing_page(group, item, form, decision)


def form_data(decision: Decision) -> dict:
    return {
        "question": decision.question,
        "proposal": decision.proposal,
        "method": decision.method,
        "options": "\n".join(option.label for option in decision.options),
        "voters": decision.voters,
        "secret": decision.secret,
    }


@bp.post("/g/<slug>/decisions/<int:decision_id>/delete")
@group_view(Role.MEMBER)
def delete(group: Group, decision_id: int):
    """Drop a prepared decision that will not be put after all; back to the meeting's page."""
    decision = load_run(group, decision_id)
    if (problem := draft_or_problem(decision)) is not None:
        return refused(group, decision, problem)
    meeting, item_id = meeting_of(decision), decision.item_id
    core.delete_draft(decision)
    flash(_("The prepared decision is dropped."))
    return redirect(
        url_for("meetings.show", slug=group.slug, meeting_id=meeting.id, _anchor=f"item-{item_id}")
    )

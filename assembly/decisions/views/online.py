"""Online decisions: the team puts a question to the members; members argue for and against."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.clock import utcnow
from assembly.decisions.forms.online import (
    METHOD_HELPS,
    ArgumentForm,
    OnlineDecisionForm,
    new_decision_form,
)
from assembly.decisions.models import Argument, Decision, Method, Side
from assembly.decisions.operations import core
from assembly.decisions.operations import online as operations
from assembly.decisions.views import bp
from assembly.decisions.views.loading import load_decision
from assembly.decisions.views.meeting import decision_page
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings.operations.planning import find_needs
from assembly.needs.models import Need
from assembly.web.forms import FrenchSummaryForm
from assembly.web.inputs import asked_page
from assembly.web.languages import save_french_summary
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render

# What templates/decisions/_arguments.html needs, whichever view renders the decision page.
bp.add_app_template_global(Argument.read_by, "arguments_read_by")


@bp.app_template_global()
def argument_lists(decision: Decision) -> operations.Arguments:
    """The page of arguments for and against asked by `?arguments=N`, with authors' names."""
    return operations.arguments_by_side(decision, asked_page(name="arguments"))


@bp.app_template_global()
def arguments_open(decision: Decision) -> bool:
    """Whether the decision takes arguments (and votes) right now."""
    return decision.open_at(utcnow())


@bp.app_template_global()
def new_argument_form() -> ArgumentForm:
    return ArgumentForm()


@bp.app_template_global()
def decision_over(decision: Decision) -> bool:
    """Whether the vote is over (closed, or its online period has ended): show the result."""
    return decision.over_at(utcnow())


# Putting a question to the members


def linked_needs(form: OnlineDecisionForm, group: Group) -> list[Need] | None:
    """The needs typed in the form, or None (with an error on the field) if one is unknown."""
    needs, unknown = find_needs(group, form.need_numbers())
    if unknown:
        refs = ", ".join(f"B-{n}" for n in unknown)
        form.needs.errors = [*form.needs.errors, _("No need has this number: %(refs)s", refs=refs)]
        return None
    return needs


@bp.route("/g/<slug>/decisions/new", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def new(group: Group):
    """Put a question to the members online, for a period of up to 60 days."""
    form = new_decision_form() if request.method == "GET" else OnlineDecisionForm()
    if form.validate_on_submit() and (needs := linked_needs(form, group)) is not None:
        decision = operations.create_online_decision(
            group,
            question=form.question.data,
            proposal=form.proposal.data or "",
            method=Method(form.method.data),
            options=form.option_labels(),
            secret=form.secret.data,
            public=form.public.data,
            opens_at=form.opens_at(),
            closes_at=form.closes_at(),
            needs=needs,
            by=current_user._get_current_object(),
        )
        flash(_("The question is put to the members."))
        return redirect(url_for("decisions.show", slug=group.slug, decision_id=decision.id))
    return render(
        "decisions/new_online.html",
        group=group,
        form=form,
        helps=METHOD_HELPS,
        status=form_status(form),
    )


# Arguments for and against


@bp.post("/g/<slug>/decisions/<int:decision_id>/arguments")
@group_view(Role.MEMBER)
def argue(group: Group, decision_id: int):
    """Post an argument for or against an online decision, while it takes votes."""
    decision = load_decision(group, decision_id)
    if not decision.online:  # arguments belong to online decisions
        abort(404)
    form = ArgumentForm()
    if form.validate_on_submit():
        posted = url_for("decisions.show", slug=group.slug, decision_id=decision.id)
        posted += "#arguments"
        if first_result(form, fallback=posted):  # sent before: posted once
            flash(_("Your argument is posted."))
            return redirect(posted)
        try:
            operations.add_argument(
                decision,
                user=current_user._get_current_object(),
                side=Side(form.side.data),
                body=form.body.data,
                language=form.language.data,
            )
        except core.NotOpen:
            form.body.errors = [_("The vote is closed: arguments are no longer taken.")]
        else:
            flash(_("Your argument is posted."))
            return redirect(remember_result(form, posted))
    return decision_page(group, decision, 400, argument_form=form)


@bp.post("/g/<slug>/decisions/<int:decision_id>/arguments/<int:argument_id>/summary")
@group_view(Role.FACILITATOR)
def summarize_argument(group: Group, decision_id: int, argument_id: int):
    """The team's French summary beside an argument written in another language."""
    decision = load_decision(group, decision_id)
    argument = db.get_or_404(Argument, argument_id)
    if argument.decision_id != decision.id:
        abort(404)
    form = FrenchSummaryForm()
    if form.validate_on_submit():
        save_french_summary(argument, form.french_summary.data or "")
        flash(_("The French summary is saved."))
    else:
        flash(_("The summary is too long: 2000 characters at most."))
    return redirect(
        url_for("decisions.show", slug=group.slug, decision_id=decision.id)
        + f"#argument-{argument.id}"
    )

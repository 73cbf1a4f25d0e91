"""Decisions at a meeting: prepared on an agenda item, run by the facilitator, voted on phones.

Also the pages every decision shares: its page (`show`) and its ballot (`ballot`).
Who votes: for `Voters.PRESENT`, the attendance this phone signed in with (the code
at /j); for `Voters.MEMBERS` (and every online decision), a signed-in member.
"""

from dataclasses import dataclass

from flask import abort, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.clock import utcnow
from assembly.decisions.forms.meeting import (
    METHOD_HELPS,
    HandsForm,
    ObjectionForm,
    ResolveForm,
    ToVoteForm,
    ballot_data,
    ballot_form,
)
from assembly.decisions.models import (
    Choice,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Grade,
    Method,
    Voters,
)
from assembly.decisions.operations import core, voting
from assembly.decisions.operations import meeting as operations
from assembly.decisions.views import bp, item_panel
from assembly.decisions.views.loading import load_decision, load_run, may_run, meeting_of
from assembly.extensions import db, htmx
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.meetings.attending import my_attendance
from assembly.meetings.models import AgendaItem
from assembly.web.render import form_status, render
from assembly.web.urls import safe_next

PHONE_METHODS = core.PHONE_METHODS  # the methods voted on a phone

# What templates/decisions/_macros.html reads, whichever view renders it: the enums whose
# values it names in words (`Grade(3).label`), and the tally.
bp.add_app_template_global(Choice, "Choice")
bp.add_app_template_global(DecisionOutcome, "DecisionOutcome")
bp.add_app_template_global(DecisionStatus, "DecisionStatus")
bp.add_app_template_global(Grade, "Grade")
bp.add_app_template_global(operations.standing, "decision_standing")
bp.add_app_template_global(METHOD_HELPS, "METHOD_HELPS")  # what preparing a decision explains


@bp.app_template_global()
def option_label(decision: Decision, option_id: int) -> str:
    """The label of one of the decision's options (a ranking holds their ids)."""
    return next((o.label for o in decision.options if o.id == option_id), "")


# Loaders


def load_for_ballot(group: Group, decision_id: int) -> Decision:
    """A decision, for its ballot page: as `load_decision`, but a members-only meeting's
    decision is also found by those who joined that meeting with its code. Else 404."""
    decision = load_in_group(Decision, decision_id, group)
    if decision.visible_to(g.viewer):
        return decision
    if decision.online or my_attendance(meeting_of(decision)) is None:
        abort(404)
    return decision


@dataclass(frozen=True)
class Voter:
    """Who votes from this browser: an attendance at the meeting, or a member's account.

    `problem`: why this attendance may not vote in this vote of those present ("late",
    "struck"; see `voting.electorate_problem`), or None.
    """

    name: str
    attendance_id: int | None = None
    user_id: int | None = None
    problem: str | None = None

    def on_roll(self) -> str:
        return voting.roll_name(user_id=self.user_id, attendance_id=self.attendance_id)

    def ids(self) -> dict:
        return {"attendance_id": self.attendance_id, "user_id": self.user_id}


def voter_for(decision: Decision) -> Voter | None:
    """This browser's voter for `decision`, or None when it may not vote on it."""
    if decision.voters == Voters.PRESENT and not decision.online:
        attendance = my_attendance(meeting_of(decision))
        if attendance is None:
            return None
        problem = voting.electorate_problem(decision, attendance)
        return Voter(attendance.name, attendance_id=attendance.id, problem=problem)
    if current_user.is_authenticated and g.viewer.is_member:
        return Voter(current_user.display_name, user_id=current_user.id)
    return None


# The tokens of this browser's secret ballots: a phone changes its own secret vote with
# the token it was given when it cast it, and nobody else holds it (the server keeps
# only its hash). A few at a time: the latest votes are the ones still open.
TOKENS = "ballots"
TOKENS_KEPT = 8


def my_token(decision: Decision) -> str | None:
    """The token this browser got when it cast its secret ballot in `decision`, if any."""
    return next((token for did, token in session.get(TOKENS, []) if did == decision.id), None)


def keep_token(decision: Decision, token: str) -> None:
    """Remember the token of a secret ballot just cast (in the signed session cookie)."""
    kept = [pair for pair in session.get(TOKENS, []) if pair[0] != decision.id]
    session[TOKENS] = [*kept, [decision.id, token]][-TOKENS_KEPT:]


def my_ballot(decision: Decision, voter: Voter | None):
    """The ballot this browser may see and change (see `voting.ballot_of`), or None."""
    if voter is None:
        return None
    return voting.ballot_of(decision, voter.on_roll(), my_token(decision))


def voted(decision: Decision, voter: Voter | None) -> bool:
    """Whether this voter is on the decision's roll (whichever phone they voted from)."""
    return voter is not None and voting.has_voted(decision, voter.on_roll())


# The decision's page


def decision_page(group: Group, decision: Decision, status: int = 200, **forms):
    """The decision's page; a failed form (or `problem`, a refusal) comes back with status 400."""
    runs, member = may_run(decision), g.viewer.is_member
    voter = voter_for(decision)
    closed = decision.over_at(utcnow())
    objections = decision.objections if decision.method == Method.CONSENT else []
    return render(
        "decisions/show.html",
        status=status,
        group=group,
        decision=decision,
        meeting=meeting_of(decision),
        item=db.session.get(AgendaItem, decision.item_id) if decision.item_id else None,
        tally=operations.standing(decision),
        runs=runs,
        member=member,
        needs=[need for need in decision.needs if need.shown_to(g.viewer)],
        voter=voter,
        voted=voted(decision, voter),
        phone_vote=decision.method in PHONE_METHODS,
        taking_votes=decision.open_at(utcnow()),
        objections=objections,
        follows=db.session.get(Decision, decision.follows_id) if decision.follows_id else None,
        followed_by=list(db.session.scalars(db.select(Decision).filter_by(follows_id=decision.id))),
        named=named_ballots(decision) if member and closed and not decision.secret else [],
        hands_form=forms.pop("hands_form", None) or hands_form_for(decision, runs),
        objection_form=forms.pop("objection_form", None) or ObjectionForm(formdata=None),
        resolve_form=forms.pop("resolve_form", None),
        resolve_for=forms.pop("resolve_for", None),
        to_vote_form=forms.pop("to_vote_form", None) or ToVoteForm(formdata=None),
        **forms,
    )


def hands_form_for(decision: Decision, runs: bool) -> HandsForm | None:
    """The counting form, filled with the hands already entered."""
    if not runs or decision.method != Method.HANDS:
        return None
    entered = operations.hands_of(decision) if decision.hands_for is not None else None
    data = entered.as_dict() if entered else {}
    return HandsForm(formdata=None, data=data, correcting=decision.status == DecisionStatus.CLOSED)


def named_ballots(decision: Decision) -> list:
    """Who voted what, for a named vote (members only see it, once the vote is closed)."""
    if decision.method not in PHONE_METHODS:
        return []
    return sorted(core.ballots(decision), key=lambda ballot: ballot.name.lower())


def back_to_decision(group: Group, decision: Decision):
    """After a facilitator's action: back where the button was (the conduct page), or the page."""
    default = url_for(".show", slug=group.slug, decision_id=decision.id)
    return redirect(safe_next(request.form.get("next"), default))


def refused(group: Group, decision: Decision, problem: str):
    """An action the decision's state does not allow: the page again, saying why, with 400
    (from the conduct page with htmx, the item's decisions)."""
    if (item := on_conduct_page(decision)) is not None:
        return item_panel(group, item, status=400, problem=problem)
    return decision_page(group, decision, 400, problem=problem)


def on_conduct_page(decision: Decision) -> AgendaItem | None:
    """The decision's agenda item, when htmx sent its form from the conduct page."""
    if not htmx or decision.item_id is None:
        return None
    return db.session.get(AgendaItem, decision.item_id)


@bp.get("/g/<slug>/decisions/<int:decision_id>")
@group_view()
def show(group: Group, decision_id: int):
    """A decision: the question, the needs it concerns, where it stands or its result."""
    return decision_page(group, load_decision(group, decision_id))


# Voting


@bp.route("/g/<slug>/decisions/<int:decision_id>/ballot", methods=["GET", "POST"])
@group_view()
def ballot(group: Group, decision_id: int):
    """Vote, or change one's vote until the decision closes; others learn how to take part.

    A secret vote is changed only from the phone that cast it (it holds the token);
    from another one, the page says the vote is in and where to change it.
    """
    decision = load_for_ballot(group, decision_id)
    voter = voter_for(decision) if decision.method in PHONE_METHODS else None
    taking = decision.open_at(utcnow())
    if voter is None and request.method == "POST":  # the page says how to take part
        return redirect(url_for(".ballot", slug=group.slug, decision_id=decision.id))
    refused = 400 if request.method == "POST" else 200
    if voter is None or not taking or voter.problem:
        return ballot_page(group, decision, voter, None, refused)
    current = my_ballot(decision, voter)
    if current is None and voted(decision, voter):  # a secret vote, cast on another phone
        return ballot_page(group, decision, voter, None, refused, voted=True, elsewhere=True)
    data = ballot_data(decision, current) if request.method == "GET" else None
    form = ballot_form(decision, data=data)
    if form.validate_on_submit():
        try:
            cast = voting.cast_ballot(
                decision, name=voter.name, token=my_token(decision), **voter.ids(), **form.cast()
            )
        except (core.NotOpen, voting.NotInElectorate):  # changed between the page and the vote
            return ballot_page(group, decision, voter_for(decision), None, 400)
        except voting.AlreadyVoted:  # from another phone, in between
            return ballot_page(group, decision, voter, None, 400, voted=True, elsewhere=True)
        if cast.token is not None:
            keep_token(decision, cast.token)
        flash(_("Your vote is recorded. You may change it until the vote closes."))
        if voter.attendance_id is not None:
            meeting = meeting_of(decision)
            return redirect(url_for("meetings.phone", slug=group.slug, meeting_id=meeting.id))
        return redirect(url_for(".show", slug=group.slug, decision_id=decision.id))
    return ballot_page(group, decision, voter, form, form_status(form), voted=current is not None)


def ballot_page(group, decision, voter, form, status, voted=False, elsewhere=False):
    """The ballot, or why there is none here: not open, not voted on phones, not a voter,
    not in this vote's electorate, or a secret vote already cast from another phone."""
    meeting = meeting_of(decision)
    return render(
        "decisions/ballot.html",
        status=status,
        group=group,
        decision=decision,
        meeting=meeting,
        voter=voter,
        form=form,
        voted=voted,
        elsewhere=elsewhere,
        phone_vote=decision.method in PHONE_METHODS,
        taking_votes=decision.open_at(utcnow()),
        present_vote=decision.voters == Voters.PRESENT and meeting is not None,
    )


# Running the decision


@bp.post("/g/<slug>/decisions/<int:decision_id>/open", endpoint="open")
@group_view(Role.MEMBER)
def open_vote(group: Group, decision_id: int):
    """Open a prepared decision: phones can vote, objections are taken."""
    decision = load_run(group, decision_id)
    if decision.status != DecisionStatus.DRAFT:
        return refused(group, decision, _("This decision is already open or closed."))
    if (meeting := meeting_of(decision)) is not None and meeting.ended:
        return refused(group, decision, _("The meeting has ended: reopen it to open a vote."))
    if meeting is not None and meeting.cancelled:
        return refused(group, decision, _("The meeting is cancelled: no vote can open in it."))
    core.open_decision(decision)
    return back_to_decision(group, decision)


@bp.post("/g/<slug>/decisions/<int:decision_id>/close", endpoint="close")
@group_view(Role.MEMBER)
def close_vote(group: Group, decision_id: int):
    """Close the vote (or the consent round) and record its result."""
    decision = load_run(group, decision_id)
    if decision.status != DecisionStatus.OPEN:
        return refused(group, decision, _("Only an open decision can be closed."))
    core.close_decision(decision)
    return back_to_decision(group, decision)


@bp.post("/g/<slug>/decisions/<int:decision_id>/hands")
@group_view(Role.MEMBER)
def hands(group: Group, decision_id: int):
    """Enter the hands counted in the room; once closed, correct them with a reason."""
    decision = load_run(group, decision_id)
    if decision.method != Method.HANDS:
        return refused(group, decision, _("This decision is not taken by a show of hands."))
    closing = request.form.get("close") == "yes"  # the conduct page: count, then close
    if closing and decision.status != DecisionStatus.OPEN:
        return refused(group, decision, _("Only an open decision can be closed."))
    form = HandsForm(correcting=decision.status == DecisionStatus.CLOSED)
    if not form.validate_on_submit():
        if (item := on_conduct_page(decision)) is not None:
            return item_panel(group, item, 400, hands_form=form, hands_for=decision.id)
        return decision_page(group, decision, 400, hands_form=form)
    counted = operations.Hands(form.yes.data, form.no.data, form.abstain.data, form.present.data)
    if closing:
        operations.count_and_close(decision, counted)
    else:
        operations.enter_hands(decision, counted, reason=form.reason.data or "")
    if decision.status == DecisionStatus.CLOSED and not closing:
        flash(_("The count is corrected; the correction and its reason are in the journal."))
    if (item := on_conduct_page(decision)) is not None:
        message = _("The count is saved and the vote closed.") if closing else None
        return item_panel(group, item, message=message)
    return back_to_decision(group, decision)


def consent_round(group: Group, decision_id: int) -> tuple[Decision, str | None]:
    """A decision of the facilitator's, and why it takes no objections now (or None)."""
    decision = load_run(group, decision_id)
    if decision.method != Method.CONSENT:
        return decision, _("This decision is not a consent round.")
    if decision.status != DecisionStatus.OPEN:
        return decision, _("The consent round is not open.")
    return decision, None


@bp.post("/g/<slug>/decisions/<int:decision_id>/objections")
@group_view(Role.MEMBER)
def objection(group: Group, decision_id: int):
    """Note an objection raised in the consent round."""
    decision, problem = consent_round(group, decision_id)
    if problem:
        return refused(group, decision, problem)
    form = ObjectionForm()
    if not form.validate_on_submit():
        return decision_page(group, decision, 400, objection_form=form)
    operations.raise_objection(decision, reason=form.reason.data, name=form.name.data or "")
    return redirect(url_for(".show", slug=group.slug, decision_id=decision.id, _anchor="round"))


@bp.post("/g/<slug>/decisions/<int:decision_id>/objections/<int:objection_id>/resolve")
@group_view(Role.MEMBER)
def resolve(group: Group, decision_id: int, objection_id: int):
    """Say how an objection was met; the round is adopted when none is left open."""
    decision, problem = consent_round(group, decision_id)
    found = operations.load_objection(decision, objection_id)
    if found is None:
        abort(404)
    if problem:
        return refused(group, decision, problem)
    form = ResolveForm()
    if not form.validate_on_submit():
        return decision_page(group, decision, 400, resolve_form=form, resolve_for=found.id)
    operations.resolve_objection(decision, found, form.resolution.data)
    return redirect(url_for(".show", slug=group.slug, decision_id=decision.id, _anchor="round"))


@bp.post("/g/<slug>/decisions/<int:decision_id>/to-vote")
@group_view(Role.MEMBER)
def to_vote(group: Group, decision_id: int):
    """End a consent round that does not converge, and prepare a vote on the same question."""
    decision, problem = consent_round(group, decision_id)
    if problem:
        return refused(group, decision, problem)
    form = ToVoteForm()
    if not form.validate_on_submit():
        return decision_page(group, decision, 400, to_vote_form=form)
    follow_up = operations.send_to_vote(
        decision, Method(form.method.data), by=current_user._get_current_object()
    )
    flash(_("The consent round is closed and the vote is prepared: open it when ready."))
    return redirect(url_for(".show", slug=group.slug, decision_id=follow_up.id))

"""Cancelling a planned meeting, and planning it again: organizers and admins.

The cancel page is the confirmation step, which needs no script: what cancelling does,
how many people it tells, a line of reason, one button. Planning it again is a
confirmed step on the meeting's page (`confirm_step`). The work and the messages are
in `operations.cancelling`.
"""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import messages
from assembly.meetings.forms.planning import CancelForm
from assembly.meetings.loading import load_meeting
from assembly.meetings.models import Meeting, State
from assembly.meetings.operations import cancelling as operations
from assembly.meetings.views import bp
from assembly.web.forms import confirmed
from assembly.web.render import form_status, render


def cancel_refusal(meeting: Meeting) -> str | None:
    """Why the meeting cannot be cancelled (None when it can)."""
    if meeting.state == State.LIVE:
        return _(
            "This meeting has started: it can no longer be cancelled. "
            "End it on the conduct page instead."
        )
    if meeting.state == State.CLOSED:
        return _("This meeting has ended: it can no longer be cancelled.")
    if meeting.cancelled:
        return _("This meeting is already cancelled.")
    return None


def replan_refusal(meeting: Meeting) -> str | None:
    """Why the meeting cannot be planned again (None when it can)."""
    if not meeting.cancelled:
        return _("This meeting is not cancelled.")
    if not operations.may_replan(meeting):
        return _(
            "Its start has passed: it can no longer be planned again. "
            "Change its date first, or plan a new meeting."
        )
    return None


def back_to(meeting: Meeting, group: Group):
    return redirect(url_for("meetings.show", slug=group.slug, meeting_id=meeting.id))


def refused(refusal: str | None, meeting: Meeting, group: Group):
    """Nothing changed: back to the meeting's page, which the flash tells why."""
    if refusal:
        flash(refusal)
    return back_to(meeting, group)


def cancel_page(group: Group, meeting: Meeting, form: CancelForm, status: int = 200):
    refusal = cancel_refusal(meeting)
    coming, reached = (0, 0) if refusal else messages.notice_reach(meeting)
    return render(
        "meetings/cancel.html",
        status=status,
        group=group,
        meeting=meeting,
        form=form,
        refusal=refusal,
        coming=coming,
        reached=reached,
    )


@bp.get("/g/<slug>/meetings/<int:meeting_id>/cancel")
@group_view(Role.ORGANIZER)
def cancel(group: Group, meeting_id: int):
    """The confirmation step: who will be told, a line of reason, the button."""
    meeting = load_meeting(group, meeting_id)
    return cancel_page(group, meeting, CancelForm(formdata=None))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/cancel")
@group_view(Role.ORGANIZER)
def confirm_cancel(group: Group, meeting_id: int):
    """Cancel the meeting: those who said they would come are told, with the reason."""
    meeting = load_meeting(group, meeting_id)
    if refusal := cancel_refusal(meeting):
        return refused(refusal, meeting, group)
    form = CancelForm()
    if not form.validate_on_submit():
        return cancel_page(group, meeting, form, status=form_status(form))
    try:
        told = operations.cancel_meeting(
            meeting, by=current_user._get_current_object(), reason=form.reason.data or ""
        )
    except operations.NotNow:  # another organizer was quicker: its state, read again, says
        return refused(cancel_refusal(meeting), meeting, group)
    flash(_("The meeting is cancelled."))
    if told:
        flash(
            ngettext(
                "%(num)d person who said they would come is being told.",
                "%(num)d people who said they would come are being told.",
                told,
            )
        )
    return back_to(meeting, group)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/replan")
@group_view(Role.ORGANIZER)
def replan(group: Group, meeting_id: int):
    """Undo the cancellation while the start is still ahead."""
    meeting = load_meeting(group, meeting_id)
    if not confirmed():
        return refused(_("Nothing was changed: confirm first."), meeting, group)
    if refusal := replan_refusal(meeting):
        return refused(refusal, meeting, group)
    try:
        told = operations.replan_meeting(meeting)
    except operations.NotNow:
        return refused(replan_refusal(meeting), meeting, group)
    flash(_("The meeting is planned again."))
    if told:
        flash(
            ngettext(
                "%(num)d person who heard of the cancellation is told it takes place after all.",
                "%(num)d people who heard of the cancellation are told it takes place after all.",
                told,
            )
        )
    return back_to(meeting, group)

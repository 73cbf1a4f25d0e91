"""Inviting the group to a meeting: the organizer sees whom it reaches and what it costs,
then confirms. The messages are written by `meetings.messages.invite_group`."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import messages
from assembly.meetings.loading import load_meeting
from assembly.meetings.operations import planning as operations
from assembly.meetings.views import bp
from assembly.web.forms import confirmed
from assembly.web.render import render


@bp.get("/g/<slug>/meetings/<int:meeting_id>/invite")
@group_view(Role.ORGANIZER)
def invite(group: Group, meeting_id: int):
    """The confirmation step: how many people the invitation reaches, by SMS and by
    e-mail, how many SMS it costs, and how many were invited before."""
    meeting = load_meeting(group, meeting_id)
    reach = messages.invitation_reach(meeting) if messages.still_ahead(meeting) else None
    return render("meetings/invite.html", group=group, meeting=meeting, reach=reach)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/invite")
@group_view(Role.ORGANIZER)
def send_invitation(group: Group, meeting_id: int):
    """Invite the group's contact book to the meeting, once per person."""
    meeting = load_meeting(group, meeting_id)
    here = url_for("meetings.invite", slug=group.slug, meeting_id=meeting.id)
    if not confirmed():
        flash(_("Nothing was sent: confirm first."))
        return redirect(here)
    if meeting.cancelled:
        flash(_("This meeting is cancelled: invitations are no longer sent."))
        return redirect(here)
    if not messages.still_ahead(meeting):
        flash(_("This meeting has already begun: invitations are no longer sent."))
        return redirect(here)
    if not messages.invitations_on(meeting):
        flash(_("Invitations to meetings are turned off in the group's message settings."))
        return redirect(here)
    written = operations.invite_group(meeting, current_user._get_current_object())
    if written:
        flash(
            ngettext(
                "The invitation is on its way to %(num)d person.",
                "The invitation is on its way to %(num)d people.",
                written,
            )
        )
    else:
        flash(_("Nothing new was sent: everyone who can be reached was already invited."))
    return redirect(here)

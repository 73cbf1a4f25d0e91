"""Minutes pages: read them, edit and publish them, download them as ODT."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings.loading import load_meeting
from assembly.meetings.models import Meeting
from assembly.minutes import operations
from assembly.minutes.forms import MinutesForm
from assembly.minutes.markdown import inline, render_markdown
from assembly.minutes.models import Minutes
from assembly.web.forms import confirmed
from assembly.web.odt import odt_download, odt_filename
from assembly.web.render import form_status, render

bp = Blueprint("minutes", __name__)
bp.add_app_template_filter(inline, "md_inline")
bp.add_app_template_filter(render_markdown, "markdown")


# Loaders


def may_write(meeting: Meeting) -> bool:
    """The team writes the minutes, and so does the meeting's note-taker."""
    if g.viewer.is_team:
        return True
    return current_user.is_authenticated and meeting.note_taker_id == current_user.id


def load_written(group: Group, meeting_id: int) -> Meeting:
    """The meeting, for those who write its minutes (see `may_write`): 404, or 403."""
    meeting = load_meeting(group, meeting_id)
    if not may_write(meeting):
        abort(403)
    return meeting


def load_readable(group: Group, meeting_id: int) -> tuple[Meeting, Minutes | None]:
    """The meeting and its minutes as this visitor may read them: published ones as the
    meeting is seen; drafts only by those who write them (None for everyone else)."""
    meeting = load_meeting(group, meeting_id)
    return meeting, meeting_minutes(meeting)


@bp.app_template_global()
def meeting_minutes(meeting: Meeting) -> Minutes | None:
    """The meeting page links to the minutes: published, or a draft for those who write it."""
    minutes = operations.minutes_of(meeting)
    if minutes is None or minutes.published or may_write(meeting):
        return minutes
    return None


@bp.app_template_global()
def writes_minutes(meeting: Meeting) -> bool:
    return may_write(meeting)


def back_to_minutes(group: Group, meeting: Meeting):
    return redirect(url_for("minutes.show", slug=group.slug, meeting_id=meeting.id))


# Pages


@bp.get("/g/<slug>/meetings/<int:meeting_id>/minutes")
@group_view()
def show(group: Group, meeting_id: int):
    """The minutes, plain and light, also to print; a draft only for those who write it."""
    meeting, minutes = load_readable(group, meeting_id)
    return render(
        "minutes/show.html",
        group=group,
        meeting=meeting,
        minutes=minutes,
        writer=may_write(meeting),
    )


@bp.route("/g/<slug>/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@group_view(Role.MEMBER)
def edit(group: Group, meeting_id: int):
    """Edit the Markdown; the first time it opens with the app's draft (saved only on Save).

    The "Preview" button shows the text rendered without saving it.
    """
    meeting = load_written(group, meeting_id)
    minutes = operations.minutes_of(meeting)
    form = MinutesForm()
    if request.method == "GET":
        form.body.data = operations.text_to_edit(meeting)
    elif form.validate_on_submit() and "preview" not in request.form:
        operations.save_minutes(meeting, form.body.data, by=current_user._get_current_object())
        flash(_("The minutes are saved."))
        return back_to_minutes(group, meeting)
    return render(
        "minutes/edit.html",
        group=group,
        meeting=meeting,
        minutes=minutes,
        form=form,
        preview=form.body.data if "preview" in request.form and not form.errors else None,
        status=form_status(form),
    )


@bp.post("/g/<slug>/meetings/<int:meeting_id>/minutes/redraft")
@group_view(Role.MEMBER)
def redraft(group: Group, meeting_id: int):
    """Replace the text with a fresh draft from the meeting (the page warns first)."""
    meeting = load_written(group, meeting_id)
    operations.redraft_minutes(meeting, by=current_user._get_current_object())
    flash(_("The minutes were drafted again from the meeting."))
    return redirect(url_for("minutes.edit", slug=group.slug, meeting_id=meeting.id))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/minutes/publish")
@group_view(Role.MEMBER)
def publish(group: Group, meeting_id: int):
    """Publish (publish=1) or take back (publish=0) the saved minutes."""
    meeting = load_written(group, meeting_id)
    publish = request.form.get("publish")
    if publish not in ("0", "1"):
        abort(400)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return back_to_minutes(group, meeting)
    minutes = operations.minutes_of(meeting)
    if minutes is None:
        flash(_("Save the minutes before publishing them."))
        return redirect(url_for("minutes.edit", slug=group.slug, meeting_id=meeting.id))
    operations.publish_minutes(minutes, publish == "1", by=current_user._get_current_object())
    flash(_("The minutes are published.") if publish == "1" else _("The minutes are unpublished."))
    return back_to_minutes(group, meeting)


@bp.get("/g/<slug>/meetings/<int:meeting_id>/minutes.odt")
@group_view()
def odt(group: Group, meeting_id: int):
    """The minutes as an ODT file for LibreOffice; as visible as the minutes page."""
    meeting, minutes = load_readable(group, meeting_id)
    if minutes is None:
        abort(404)
    day = to_user_timezone(meeting.starts_at).date().isoformat()
    name = odt_filename(_("minutes of the meeting"), day, meeting.title, fallback="minutes")
    from assembly.minutes.odt import minutes_odt  # odfdo, loaded when used (web/odt.py)

    return odt_download(minutes_odt(meeting.title, minutes.body), name)

"""Conducting the meeting: its state, the item and its clock, the speaking list, notes.

The clocks are the server's (`Meeting.item_clock`, `Meeting.turn_clock`): this page,
the projector and the phones show the same figures, which static/clock.js ticks.
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from assembly.clock import utcnow
from assembly.extensions import db, htmx
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import panels
from assembly.meetings.forms.live import (
    AddSpeakerForm,
    AttendeeForm,
    EndForm,
    NotesForm,
    TurnTimeForm,
)
from assembly.meetings.loading import load_conducted
from assembly.meetings.models import Attendance, Meeting, State, TurnKind
from assembly.meetings.operations import live as ops
from assembly.meetings.views import bp
from assembly.meetings.views.live import POLL_SECONDS, load_turn, refuse_ended
from assembly.web.forms import confirmed
from assembly.web.network import for_phones
from assembly.web.render import render
from assembly.web.words import unaccent

CLOCK_ACTIONS = {"pause": ops.pause_clock, "resume": ops.resume_clock, "extend": ops.extend_clock}


def conduct_page(group: Group, meeting: Meeting, status: int = 200, **forms):
    """The facilitator's page; failed forms come back with their errors.

    Polled by htmx, it sends the speaking list and the item's clock (another laptop may
    have paused it), each part out of band: the poll itself swaps nothing.
    """
    attendances = ops.attendances(meeting)
    speaker_form = forms.get("speaker_form") or AddSpeakerForm(formdata=None)
    speaker_form.attendance.choices = speaker_choices(attendances)
    present, first_timers = ops.presence(meeting)
    now, speaker = utcnow(), ops.current_turn(meeting)
    return render(
        "meetings/conduct.html",
        block="queue",
        status=status,
        group=group,
        meeting=meeting,
        item=meeting.current_item,
        item_clock=meeting.item_clock(now),
        oob=bool(htmx),
        speaker=speaker,
        turn_clock=meeting.turn_clock(speaker, now),
        line_up=ops.queue(meeting),
        present=present,
        first_timers=first_timers,
        attendances=attendances,
        notes_form=forms.get("notes_form") or notes_form_for(meeting),
        attendee_form=forms.get("attendee_form") or AttendeeForm(formdata=None),
        speaker_form=speaker_form,
        turn_form=forms.get("turn_form") or TurnTimeForm(minutes=meeting.turn_minutes),
        end_form=forms.get("end_form") or EndForm(formdata=None, meeting=meeting),
        reopenable=ops.may_reopen(meeting),
        poll=POLL_SECONDS,
        panels=panels.on_item(meeting.current_item),
        phones=for_phones(url_for(".join", _external=True)),
    )


def speaker_choices(attendances: list[Attendance]) -> list[tuple[int, str]]:
    """Who may be put on the speaking list: those present (not struck), by name as a
    reader looks for it (case and accents aside: Aïcha before Awa)."""
    counted = [a for a in attendances if a.struck_at is None]
    ordered = sorted(counted, key=lambda a: (unaccent(a.name.casefold()), a.name, a.id))
    return [(a.id, a.name) for a in ordered]


def load_attendance(meeting: Meeting, attendance_id: int) -> Attendance:
    """An attendance at `meeting`, or 404."""
    attendance = db.session.get(Attendance, attendance_id)
    if attendance is None or attendance.meeting_id != meeting.id:
        abort(404)
    return attendance


def notes_form_for(meeting: Meeting) -> NotesForm:
    """The notes of the item under way (or of the meeting, before the first item)."""
    item = meeting.current_item
    notes = item.notes if item else meeting.notes
    return NotesForm(formdata=None, item=item.id if item else "", notes=notes)


# Where a speaking-list action comes back to: the keyboard goes on from the list, not from
# the top of the page (a link to a fragment moves the browser's starting point of Tab).
SPEAKING = "speaking"


def back_to_conduct(group: Group, meeting: Meeting, anchor: str | None = None):
    return redirect(url_for(".conduct", slug=group.slug, meeting_id=meeting.id, _anchor=anchor))


@bp.get("/g/<slug>/meetings/<int:meeting_id>/conduct")
@group_view(Role.MEMBER)
def conduct(group: Group, meeting_id: int):
    """Run the meeting: state, agenda item and timer, speaking list, notes, who is here."""
    return conduct_page(group, load_conducted(group, meeting_id))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/state")
@group_view(Role.MEMBER)
def set_state(group: Group, meeting_id: int):
    """Start the meeting; end it (confirmed, no vote open); reopen it the day it ended.
    A cancelled meeting does not start: an organizer plans it again first."""
    meeting = load_conducted(group, meeting_id)
    wanted = request.form.get("state")
    if meeting.cancelled:
        flash(
            _(
                "This meeting is cancelled: it cannot start. "
                "An organizer can plan it again from its page."
            )
        )
        return back_to_conduct(group, meeting)
    if wanted == State.LIVE and meeting.state == State.PLANNED:
        ops.start_meeting(meeting)
    elif wanted == State.LIVE and meeting.ended:
        if not ops.may_reopen(meeting):
            flash(_("A meeting can be reopened only on the day it ended."))
            return back_to_conduct(group, meeting)
        ops.reopen_meeting(meeting)
        flash(_("The meeting is live again."))
    elif wanted == State.CLOSED and not meeting.ended:
        form = EndForm(meeting=meeting)
        if not form.validate_on_submit():
            return conduct_page(group, meeting, status=400, end_form=form)
        ops.close_meeting(meeting)
        flash(_("The meeting has ended."))
    return back_to_conduct(group, meeting)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/item")
@group_view(Role.MEMBER)
def change_item(group: Group, meeting_id: int):
    """Go to the next or the previous agenda item."""
    meeting = load_conducted(group, meeting_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    ops.move_item(meeting, -1 if request.form.get("step") == "previous" else 1)
    return back_to_conduct(group, meeting)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/clock")
@group_view(Role.MEMBER)
def clock(group: Group, meeting_id: int):
    """Pause the item's clock, resume it, or give the item five more minutes."""
    meeting = load_conducted(group, meeting_id)
    back = back_to_conduct(group, meeting, anchor="agenda-item")
    if meeting.ended:
        return refuse_ended(back)
    action = CLOCK_ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400)
    action(meeting)
    return back


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/turn-time")
@group_view(Role.MEMBER)
def turn_time(group: Group, meeting_id: int):
    """Set the time each speaker has (or none)."""
    meeting = load_conducted(group, meeting_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    form = TurnTimeForm()
    if not form.validate_on_submit():
        return conduct_page(group, meeting, status=400, turn_form=form)
    ops.set_turn_minutes(meeting, form.minutes.data)
    return back_to_conduct(group, meeting, anchor=SPEAKING)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/notes")
@group_view(Role.MEMBER)
def save_notes(group: Group, meeting_id: int):
    """Save the note-taker's notes."""
    meeting = load_conducted(group, meeting_id)
    form = NotesForm()
    if not form.validate_on_submit():
        return conduct_page(group, meeting, status=400, notes_form=form)
    item = next((i for i in meeting.items if str(i.id) == form.item.data), None)
    ops.save_notes(meeting, form.notes.data or "", item)
    return back_to_conduct(group, meeting)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/attendees")
@group_view(Role.MEMBER)
def add_attendee(group: Group, meeting_id: int):
    """Add someone present by hand, or from the paper sign-in sheet."""
    meeting = load_conducted(group, meeting_id)
    form = AttendeeForm()
    if not form.validate_on_submit():
        return conduct_page(group, meeting, status=400, attendee_form=form)
    ops.sign_in(meeting, form.name.data, source=form.source.data, **form.description())
    return back_to_conduct(group, meeting)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/attendances/<int:attendance_id>/strike")
@group_view(Role.MEMBER)
def strike_attendance(group: Group, meeting_id: int, attendance_id: int):
    """Take a duplicate sign-in off those present, once confirmed: it no longer counts
    nor votes (its secret ballots, if any, stay: they cannot be told apart)."""
    meeting = load_conducted(group, meeting_id)
    attendance = load_attendance(meeting, attendance_id)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return back_to_conduct(group, meeting, anchor="present")
    ops.strike_attendance(meeting, attendance)
    flash(_("%(name)s no longer counts as present.", name=attendance.name))
    return back_to_conduct(group, meeting, anchor="present")


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/speakers")
@group_view(Role.MEMBER)
def add_speaker(group: Group, meeting_id: int):
    """Put someone present on the speaking list."""
    meeting = load_conducted(group, meeting_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    form = AddSpeakerForm()
    form.attendance.choices = speaker_choices(ops.attendances(meeting))
    if not form.validate_on_submit():
        return conduct_page(group, meeting, status=400, speaker_form=form)
    attendance = db.session.get(Attendance, form.attendance.data)
    ops.ask_to_speak(meeting, attendance, TurnKind(form.kind.data))
    return back_to_conduct(group, meeting, anchor=SPEAKING)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/next-speaker")
@group_view(Role.MEMBER)
def next_speaker(group: Group, meeting_id: int):
    """Give the floor to the first one waiting (the current turn ends)."""
    meeting = load_conducted(group, meeting_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    waiting = ops.queue(meeting)
    if waiting:
        ops.start_turn(meeting, waiting[0])
    elif (running := ops.current_turn(meeting)) is not None:
        ops.end_turn(meeting, running)
    return back_to_conduct(group, meeting, anchor=SPEAKING)


def act_on_turn(group: Group, meeting_id: int, turn_id: int, operation) -> Response:
    meeting = load_conducted(group, meeting_id)
    turn = load_turn(meeting, turn_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    operation(meeting, turn)
    return back_to_conduct(group, meeting, anchor=SPEAKING)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/turns/<int:turn_id>/start")
@group_view(Role.MEMBER)
def start_turn(group: Group, meeting_id: int, turn_id: int):
    """Give the floor to this request (the turn under way ends)."""
    return act_on_turn(group, meeting_id, turn_id, ops.start_turn)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/turns/<int:turn_id>/end")
@group_view(Role.MEMBER)
def end_turn(group: Group, meeting_id: int, turn_id: int):
    """End this turn: its speaking time is recorded."""
    return act_on_turn(group, meeting_id, turn_id, ops.end_turn)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/turns/<int:turn_id>/remove")
@group_view(Role.MEMBER)
def remove_turn(group: Group, meeting_id: int, turn_id: int):
    """Take a waiting request off the list."""
    return act_on_turn(group, meeting_id, turn_id, ops.withdraw)

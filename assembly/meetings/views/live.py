"""The meeting live: join with the code, the speaking list, conduct, projector, phones.

Phones and the projector poll; they answer a conditional GET with 304 while the
meeting's `live_version` (and, for a phone, who looks at it) has not changed.
"""

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assembly.extensions import db, htmx, limiter
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import panels
from assembly.meetings.attending import my_attendance, remember_attendance
from assembly.meetings.forms.live import (
    AddSpeakerForm,
    AskForm,
    AttendeeForm,
    EndForm,
    JoinForm,
    NotesForm,
)
from assembly.meetings.loading import load_conducted, load_meeting
from assembly.meetings.models import Attendance, Meeting, SpeakerTurn, State, TurnKind
from assembly.meetings.operations import live as ops
from assembly.meetings.views import bp
from assembly.web.access import public
from assembly.web.network import for_phones
from assembly.web.render import form_status, render

POLL_SECONDS = 4


# Loaders


def load_turn(meeting: Meeting, turn_id: int) -> SpeakerTurn:
    turn = db.session.get(SpeakerTurn, turn_id)
    if turn is None or turn.meeting_id != meeting.id:
        abort(404)
    return turn


def group_of(meeting: Meeting) -> Group:
    return db.session.get(Group, meeting.group_id)


def refuse_ended(back: Response) -> Response:
    """A live action on an ended meeting: nothing changes, and the flash says why."""
    flash(_("The meeting has ended: nothing can change on it any more."))
    return back


# Conditional GET


def etag_for(meeting: Meeting, *parts) -> str:
    """Live version, language, page or fragment, and whatever else the page depends on."""
    return "-".join(map(str, (meeting.live_version, get_locale(), "h" if htmx else "p", *parts)))


def not_modified(tag: str) -> Response | None:
    """A 304 when the client already holds `tag`; None when the page must be rendered."""
    if request.if_none_match.contains(tag):
        return live_headers(Response(status=304), tag)
    return None


def live_headers(response: Response, tag: str) -> Response:
    response.set_etag(tag)
    response.cache_control.private = True
    response.cache_control.no_cache = True  # keep it, but ask each time (with If-None-Match)
    response.vary.add("HX-Request")
    return response


# Joining


def join_code_limit() -> str:
    return current_app.config["JOIN_CODE_RATE_LIMIT"]


def wrong_code(response: Response) -> bool:
    """Whether this request tried a code that opens no meeting (the only ones counted)."""
    return g.get("wrong_code", False)


@bp.route("/j", methods=["GET", "POST"])
@public
@limiter.limit(join_code_limit, methods=["POST"], deduct_when=wrong_code)
def join():
    """Sign in at a meeting with its code and a name; no account needed.

    A whole room joins from one Wi-Fi, so joining is never limited: only wrong codes
    are, per address (guessing a code is the abuse).
    """
    form = JoinForm()
    if not form.is_submitted():
        form.code.data = request.args.get("code", "")
        if current_user.is_authenticated:
            form.name.data = current_user.display_name
    if form.validate_on_submit():
        meeting = form.meeting
        user_id = current_user.id if current_user.is_authenticated else None
        attendance = ops.sign_in(
            meeting,
            form.name.data,
            user_id=user_id,
            source="phone",
            named_in_minutes=form.named_in_minutes.data,
            **form.description(),
        )
        remember_attendance(attendance)
        return redirect(url_for(".phone", slug=group_of(meeting).slug, meeting_id=meeting.id))
    g.wrong_code = form.is_submitted() and form.meeting is None and bool(form.code.data)
    return render("meetings/join.html", form=form, status=form_status(form))


@bp.get("/j/<code>")
@public
def join_code(code: str):
    """The address of the QR code: the join form with the code filled in."""
    return redirect(url_for(".join", code=code))


# The phone


def phone_context(group: Group, meeting: Meeting, attendance: Attendance) -> dict:
    waiting = [] if meeting.ended else ops.queue(meeting)
    mine = next((t for t in waiting if t.attendance_id == attendance.id), None)
    return {
        "group": group,
        "meeting": meeting,
        "me": attendance,
        "speaker": ops.current_turn(meeting),
        "line_up": waiting,
        "mine": mine,
        "place": waiting.index(mine) + 1 if mine else None,
        "poll": POLL_SECONDS,
        "panels": panels.on_phone(meeting, attendance),
    }


@bp.get("/g/<slug>/meetings/<int:meeting_id>/phone")
@group_view()
def phone(group: Group, meeting_id: int):
    """What a participant follows on their phone; polled by htmx, 304 when unchanged."""
    meeting = load_meeting(group, meeting_id, joined=True)
    attendance = my_attendance(meeting)
    if attendance is None:
        return redirect(url_for(".join"))
    tag = etag_for(meeting, attendance.id, panels.marker(meeting, attendance))
    if (unchanged := not_modified(tag)) is not None:
        return unchanged
    context = phone_context(group, meeting, attendance)
    return live_headers(render("meetings/phone.html", block="live", **context), tag)


def attendee_or_join(group: Group, meeting_id: int) -> tuple[Meeting, Attendance | None]:
    meeting = load_meeting(group, meeting_id, joined=True)
    return meeting, my_attendance(meeting)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/phone/ask")
@group_view()
def ask(group: Group, meeting_id: int):
    """Ask to speak from the phone: normal, direct reply or point of order."""
    meeting, attendance = attendee_or_join(group, meeting_id)
    if attendance is None:
        return redirect(url_for(".join"))
    back = redirect(url_for(".phone", slug=group.slug, meeting_id=meeting.id))
    if meeting.ended:
        return refuse_ended(back)
    form = AskForm()
    if form.validate_on_submit():
        ops.ask_to_speak(meeting, attendance, TurnKind(form.kind.data))
    return back


@bp.post("/g/<slug>/meetings/<int:meeting_id>/phone/withdraw")
@group_view()
def withdraw(group: Group, meeting_id: int):
    """Withdraw my waiting request."""
    meeting, attendance = attendee_or_join(group, meeting_id)
    if attendance is None:
        return redirect(url_for(".join"))
    back = redirect(url_for(".phone", slug=group.slug, meeting_id=meeting.id))
    if meeting.ended:
        return refuse_ended(back)
    for turn in ops.waiting_turns(meeting):
        if turn.attendance_id == attendance.id:
            ops.withdraw(meeting, turn)
    return back


# Conduct


def conduct_page(group: Group, meeting: Meeting, status: int = 200, **forms):
    """The facilitator's page; failed forms come back with their errors."""
    attendances = list(
        db.session.scalars(
            db.select(Attendance).filter_by(meeting_id=meeting.id).order_by(Attendance.name)
        )
    )
    speaker_form = forms.get("speaker_form") or AddSpeakerForm(formdata=None)
    speaker_form.attendance.choices = [(a.id, a.name) for a in attendances]
    present, first_timers = ops.presence(meeting)
    return render(
        "meetings/conduct.html",
        block="queue",
        status=status,
        group=group,
        meeting=meeting,
        item=meeting.current_item,
        elapsed=ops.elapsed_minutes(meeting),
        speaker=ops.current_turn(meeting),
        line_up=ops.queue(meeting),
        present=present,
        first_timers=first_timers,
        notes_form=forms.get("notes_form") or notes_form_for(meeting),
        attendee_form=forms.get("attendee_form") or AttendeeForm(formdata=None),
        speaker_form=speaker_form,
        end_form=forms.get("end_form") or EndForm(formdata=None, meeting=meeting),
        reopenable=ops.may_reopen(meeting),
        poll=POLL_SECONDS,
        panels=panels.on_item(meeting.current_item),
        phones=for_phones(url_for(".join", _external=True)),
    )


def notes_form_for(meeting: Meeting) -> NotesForm:
    """The notes of the item under way (or of the meeting, before the first item)."""
    item = meeting.current_item
    notes = item.notes if item else meeting.notes
    return NotesForm(formdata=None, item=item.id if item else "", notes=notes)


def back_to_conduct(group: Group, meeting: Meeting):
    return redirect(url_for(".conduct", slug=group.slug, meeting_id=meeting.id))


@bp.get("/g/<slug>/meetings/<int:meeting_id>/conduct")
@group_view(Role.MEMBER)
def conduct(group: Group, meeting_id: int):
    """Run the meeting: state, agenda item and timer, speaking list, notes, who is here."""
    return conduct_page(group, load_conducted(group, meeting_id))


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/state")
@group_view(Role.MEMBER)
def set_state(group: Group, meeting_id: int):
    """Start the meeting; end it (confirmed, no vote open); reopen it the day it ended."""
    meeting = load_conducted(group, meeting_id)
    wanted = request.form.get("state")
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


@bp.post("/g/<slug>/meetings/<int:meeting_id>/conduct/speakers")
@group_view(Role.MEMBER)
def add_speaker(group: Group, meeting_id: int):
    """Put someone present on the speaking list."""
    meeting = load_conducted(group, meeting_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    form = AddSpeakerForm()
    form.attendance.choices = [
        (a.id, a.name)
        for a in db.session.scalars(db.select(Attendance).filter_by(meeting_id=meeting.id))
    ]
    if not form.validate_on_submit():
        return conduct_page(group, meeting, status=400, speaker_form=form)
    attendance = db.session.get(Attendance, form.attendance.data)
    ops.ask_to_speak(meeting, attendance, TurnKind(form.kind.data))
    return back_to_conduct(group, meeting)


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
    return back_to_conduct(group, meeting)


def act_on_turn(group: Group, meeting_id: int, turn_id: int, operation) -> Response:
    meeting = load_conducted(group, meeting_id)
    turn = load_turn(meeting, turn_id)
    if meeting.ended:
        return refuse_ended(back_to_conduct(group, meeting))
    operation(meeting, turn)
    return back_to_conduct(group, meeting)


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

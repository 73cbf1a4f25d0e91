"""The meeting live: join with the code, the phones and the speaking list they follow.

Conducting is in views/conduct.py, the projector in views/wall.py.

Phones and the projector poll; they answer a conditional GET with 304 while the
meeting's `live_version` (and, for a phone, its own: `Attendance.live_version`) has not
changed.
"""

from collections.abc import Callable, Iterable
from functools import cache, wraps

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from assembly.clock import utcnow
from assembly.extensions import db, htmx, limiter
from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.meetings import panels
from assembly.meetings.attending import joined_versions, my_attendance, remember_attendance
from assembly.meetings.clocks import Countdown
from assembly.meetings.forms.live import AskForm, JoinForm
from assembly.meetings.line_up import LineUp, Turn, line_up
from assembly.meetings.loading import load_meeting
from assembly.meetings.models import Attendance, Meeting, SpeakerTurn, TurnKind
from assembly.meetings.operations import live as ops
from assembly.meetings.views import bp
from assembly.web.access import public
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


def refuse_ended(back: Response, meeting: Meeting | None = None) -> Response:
    """A live action on an ended (or cancelled) meeting: nothing changes, the flash says why."""
    if meeting is not None and meeting.cancelled:
        flash(_("This meeting is cancelled."))
    else:
        flash(_("The meeting has ended: nothing can change on it any more."))
    return back


# Conditional GET


def etag_for(live_version: int, *parts) -> str:
    """The meeting's live version, language, page or fragment, and whatever else the
    page depends on."""
    return "-".join(map(str, (live_version, get_locale(), "h" if htmx else "p", *parts)))


def phone_tag(live_version: int, attendance_id: int, own_version: int, clocks: str) -> str:
    """A phone's ETag: its meeting's live version and its own (`Attendance.live_version`)."""
    return etag_for(live_version, attendance_id, own_version, clocks)


def clocks_tag(clocks: Callable[[], Iterable[Countdown | None]]) -> str:
    """The part of a live view's ETag that its clocks make.

    A whole page shows each running clock's figure as rendered, so a reload without
    JavaScript must not get it back from the cache: its ETag moves with the figures.
    A polled fragment's clocks tick in the browser from their end, which only a live
    change moves (and with it `live_version`): its ETag leaves them out, and `clocks`
    (which may query the database) is not even called.
    """
    if htmx:
        return ""
    return ".".join(str(c.left) for c in clocks() if c is not None and c.running)


def not_modified(tag: str) -> Response | None:
    """A 304 when the client already holds `tag`; None when the page must be rendered.

    Compared weakly, as If-None-Match is (RFC 9110): nginx makes the ETag of a response
    it compresses weak (W/"…"), and the phone sends it back so.
    """
    if request.if_none_match.contains_weak(tag):
        return live_headers(Response(status=304), tag)
    return None


def live_headers(response: Response, tag: str) -> Response:
    # Weak: the same state, compressed or not, is the same tag (a strong one would take
    # the compression's name, and the next poll would miss the 304).
    response.set_etag(tag, weak=True)
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
    are, per address (guessing a code is the abuse). A phone that already joined
    gets its attendance back (`ops.sign_in`): one phone, one person present.
    """
    form = JoinForm()
    if not form.is_submitted():
        prefill_join(form, request.args.get("code", ""))
    if form.validate_on_submit():
        meeting = form.meeting
        user_id = current_user.id if current_user.is_authenticated else None
        attendance = ops.sign_in(
            meeting,
            form.name.data,
            user_id=user_id,
            remembered=my_attendance(meeting),
            source="phone",
            named_in_minutes=form.named_in_minutes.data,
            **form.description(),
        )
        remember_attendance(attendance)
        return redirect(url_for(".phone", slug=group_of(meeting).slug, meeting_id=meeting.id))
    g.wrong_code = form.is_submitted() and form.meeting is None and bool(form.code.data)
    return render("meetings/join.html", form=form, status=form_status(form))


def prefill_join(form: JoinForm, code: str) -> None:
    """The join form as a phone first sees it: the code it came with, a known name."""
    form.code.data = code
    if current_user.is_authenticated:
        form.name.data = current_user.display_name


@bp.get("/j/<code>")
@public
def join_code(code: str):
    """The address of the QR code: the join form with the code filled in, served here
    (a redirect would cost a slow phone one more round trip); it posts to /j."""
    form = JoinForm()
    prefill_join(form, code)
    return render("meetings/join.html", form=form, status=form_status(form))


# The phone


def my_turn_clock(
    meeting: Meeting, attendance: Attendance, speaker: Turn | None
) -> Countdown | None:
    """The time left to speak, on the phone of the person who has the floor."""
    if speaker is None or speaker.attendance_id != attendance.id:
        return None
    return meeting.turn_clock(speaker, utcnow())


def phone_context(group: Group, meeting: Meeting, attendance: Attendance, lined: LineUp) -> dict:
    speaker, waiting = lined.speaker, lined.waiting
    mine = next((t for t in waiting if t.attendance_id == attendance.id), None)
    return {
        "group": group,
        "meeting": meeting,
        "me": attendance,
        "speaker": speaker,
        "speaking": speaker is not None and speaker.attendance_id == attendance.id,
        "turn_clock": my_turn_clock(meeting, attendance, speaker),
        "line_up": waiting,
        "mine": mine,
        "place": waiting.index(mine) + 1 if mine else None,
        "poll": POLL_SECONDS,
        "oob": bool(htmx),  # polled: every part comes back out of band (phone.html)
        "panels": panels.on_phone(meeting, attendance),
    }


def unchanged_poll(view: Callable) -> Callable:
    """A phone's poll that holds the current state gets its 304 from one statement.

    Two hundred phones poll every few seconds and nearly every answer is a 304: its
    ETag needs only the meeting's live version and the phone's own (`joined_versions`),
    so the poll skips loading the group, the viewer, the meeting and the attendance. It
    is not a second way in: it answers nothing but a 304, only to a browser that joined
    that meeting of that group with its code — one `phone` lets in (`load_meeting`,
    `joined`) and would answer with the very same 304 (`phone_tag`). Any other request
    goes on to `phone`, and its one access rule.
    """

    @wraps(view)
    def wrapped(*, slug: str, meeting_id: int):
        versions = htmx and request.if_none_match and joined_versions(slug, meeting_id)
        # A polled fragment: its ETag has no clocks (`clocks_tag`).
        unchanged = versions and not_modified(phone_tag(*versions, clocks=""))
        return unchanged or view(slug=slug, meeting_id=meeting_id)

    return wrapped


@bp.get("/g/<slug>/meetings/<int:meeting_id>/phone")
@unchanged_poll
@group_view()
def phone(group: Group, meeting_id: int):
    """What a participant follows on their phone; polled by htmx, 304 when unchanged."""
    meeting = load_meeting(group, meeting_id, joined=True)
    attendance = my_attendance(meeting)
    if attendance is None:
        return redirect(url_for(".join"))
    lined = cache(lambda: line_up(meeting))  # a polled fragment's 304 needs none
    clocks = clocks_tag(lambda: [my_turn_clock(meeting, attendance, lined().speaker)])
    tag = phone_tag(meeting.live_version, attendance.id, attendance.live_version, clocks)
    if (unchanged := not_modified(tag)) is not None:
        return unchanged
    context = phone_context(group, meeting, attendance, lined())
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
    if meeting.ended or meeting.cancelled:
        return refuse_ended(back, meeting)
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
    if meeting.ended or meeting.cancelled:
        return refuse_ended(back, meeting)
    for turn in ops.waiting_turns(meeting):
        if turn.attendance_id == attendance.id:
            ops.withdraw(meeting, turn)
    return back

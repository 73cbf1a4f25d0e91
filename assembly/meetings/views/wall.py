"""The wall of the room (the projector) and the observer's report of who spoke.

The projector polls like a phone (ETag, 304). When the app is opened at 127.0.0.1,
phones cannot use that address: the wall says so and shows this machine's address on
the room's network instead (`web.network.for_phones`).
"""

from flask import url_for

from assembly.clock import utcnow
from assembly.extensions import htmx
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import panels
from assembly.meetings.loading import load_conducted, load_meeting
from assembly.meetings.operations import live as ops
from assembly.meetings.operations.report import observer_report
from assembly.meetings.views import bp
from assembly.meetings.views.live import (
    POLL_SECONDS,
    clocks_tag,
    etag_for,
    live_headers,
    not_modified,
)
from assembly.web.network import for_phones
from assembly.web.render import render


def joining(meeting) -> dict:
    """How phones join, as the wall shows it: the short address, the QR code, and
    where phones must open them (`phones`, see `web.network.for_phones`)."""
    import segno  # loaded when a QR code is first drawn, not at start (memory)

    phones = for_phones(url_for("meetings.join", _external=True))
    code_url = for_phones(url_for("meetings.join_code", code=meeting.join_code, _external=True))
    return {
        "address": phones.url.split("://", 1)[-1],
        "qr": segno.make(code_url.url, error="m").svg_data_uri(),
        "phones": phones,
    }


@bp.get("/g/<slug>/meetings/<int:meeting_id>/projector")
@group_view(Role.MEMBER)
def projector(group: Group, meeting_id: int):
    """The wall: item and clock, who speaks (and their time) and who is next, how to join.

    304 when unchanged; the clocks tick in the browser between changes.
    """
    meeting = load_conducted(group, meeting_id)
    now, speaker = utcnow(), ops.current_turn(meeting)
    item_clock, turn_clock = meeting.item_clock(now), meeting.turn_clock(speaker, now)
    clocks = clocks_tag(lambda: (item_clock, turn_clock))
    tag = etag_for(meeting.live_version, panels.marker(meeting), clocks)
    if (unchanged := not_modified(tag)) is not None:
        return unchanged
    context = {"group": group, "meeting": meeting, "item": meeting.current_item}
    context.update(item_clock=item_clock, speaker=speaker, turn_clock=turn_clock)
    context.update(poll=POLL_SECONDS)
    context.update(line_up=[] if meeting.ended else ops.queue(meeting)[:4])
    context.update(panels=panels.on_projector(meeting))
    if not htmx:
        context.update(joining(meeting))
    return live_headers(render("meetings/projector.html", block="live", **context), tag)


@bp.get("/g/<slug>/meetings/<int:meeting_id>/report")
@group_view(Role.MEMBER)
def report(group: Group, meeting_id: int):
    """The observer's report: who spoke how much, as anonymous shares only."""
    meeting = load_meeting(group, meeting_id)
    return render(
        "meetings/report.html",
        group=group,
        meeting=meeting,
        report=observer_report(meeting),
    )

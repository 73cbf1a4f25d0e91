"""Meetings leaving the site: calendar files and the sign-in sheet to print."""

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from flask import make_response, url_for
from flask_babel import gettext as _

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings.loading import load_meeting
from assembly.meetings.models import Meeting
from assembly.meetings.operations import planning as operations
from assembly.meetings.views import bp
from assembly.web.render import in_site_language, render

if TYPE_CHECKING:
    from icalendar import Event

SHEET_ROWS = 30  # a sign-in sheet has at least this many lines


def calendar_event(meeting: Meeting, group: Group) -> "Event":
    """One meeting as an iCalendar event, times in UTC, UID stable for the meeting's life.

    A cancelled meeting stays in the feed, STATUS:CANCELLED, so the calendars that
    subscribed to it mark it off (and its title says so, for those that ignore STATUS).
    """
    from icalendar import Event  # loaded by the first calendar asked for (memory)

    start = meeting.starts_at.replace(tzinfo=UTC)
    event = Event()
    event.add("uid", f"meeting-{meeting.id}-{group.slug}@assemblee")
    revised = meeting.cancelled_at or meeting.created_at or utcnow()
    event.add("dtstamp", revised.replace(tzinfo=UTC))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("dtstart", start)
    length = timedelta(minutes=meeting.duration_minutes)
    if start <= datetime.max.replace(tzinfo=UTC) - length:
        event.add("dtend", start + length)
    else:  # ends after year 9999 (typed before dates were bounded): say its length instead
        event.add("duration", length)
    title = meeting.title
    if meeting.cancelled:
        title = _("Cancelled: %(title)s", title=title)
    event.add("summary", title)
    if meeting.place:
        event.add("location", meeting.place)
    lines = [meeting.cancel_reason] if meeting.cancelled and meeting.cancel_reason else []
    lines += [meeting.description] if meeting.description else []
    lines += [f"{i.position}. {i.title} ({i.timebox_minutes} min)" for i in meeting.items]
    if lines:
        event.add("description", "\n".join(lines))
    event.add(
        "url", url_for("meetings.show", slug=group.slug, meeting_id=meeting.id, _external=True)
    )
    return event


def calendar_response(group: Group, meetings: list[Meeting], filename: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Assemblée//assembly//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    for meeting in meetings:
        calendar.add_component(calendar_event(meeting, group))
    response = make_response(calendar.to_ical())
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/g/<slug>/meetings.ics")
@group_view()
def calendar(group: Group):
    """The group's public meetings as a calendar feed to subscribe to."""
    meetings = db.session.scalars(
        db.select(Meeting)
        .where(Meeting.group_id == group.id, Meeting.public.is_(True))
        .order_by(Meeting.starts_at)
    )
    return calendar_response(group, list(meetings), f"{group.slug}.ics")


@bp.get("/g/<slug>/meetings/<int:meeting_id>.ics")
@group_view()
def meeting_calendar(group: Group, meeting_id: int):
    """One meeting, to add to a phone's calendar."""
    meeting = load_meeting(group, meeting_id)
    return calendar_response(group, [meeting], f"{group.slug}-{meeting.id}.ics")


@bp.get("/g/<slug>/meetings/<int:meeting_id>/sheet")
@group_view(Role.FACILITATOR)
@in_site_language
def sheet(group: Group, meeting_id: int):
    """The sign-in sheet to print: expected names, blank lines, the join code. The whole
    room reads and signs it: in the site's language."""
    meeting = load_meeting(group, meeting_id)
    names = operations.expected_names(meeting, group)
    blanks = max(SHEET_ROWS - len(names), 5)
    return render("meetings/sheet.html", group=group, meeting=meeting, names=names, blanks=blanks)

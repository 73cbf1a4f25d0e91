"""What meetings tell the contact book about a person (people.activity): the meetings
they came to — the first one marked, and how many times they had the floor — and their
answers to invitations; to the names page, how often each person came; and to a call to
action, who came to which meeting (people.lookups). One query each.

Attendance struck by the team as a duplicate does not count.
"""

from collections.abc import Iterator
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.meetings.models import Attendance, Meeting, Rsvp, SpeakerTurn
from assembly.people.activity import Activity, provides
from assembly.people.lookups import attendance, occasions
from assembly.people.models import Person


def _url(person: Person, meeting: Meeting) -> str:
    return url_for("meetings.show", slug=person.group.slug, meeting_id=meeting.id)


@provides
def attended(person: Person) -> Iterator[Activity]:
    turns = (
        select(func.count(SpeakerTurn.id))
        .where(SpeakerTurn.attendance_id == Attendance.id, SpeakerTurn.started_at.is_not(None))
        .scalar_subquery()
    )
    query = (
        select(Meeting, turns)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.person_id == person.id,
            Attendance.counted(),
            Meeting.group_id == person.group_id,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    seen = set()
    for meeting, spoke in db.session.execute(query):
        first = not seen
        if meeting.id in seen:  # signed in twice: one meeting, one line
            continue
        seen.add(meeting.id)
        text = _("Came to “%(meeting)s”", meeting=meeting.title)
        if first:
            text += " — " + _("first time")
        if spoke:
            text += " — " + ngettext("spoke once", "spoke %(num)d times", spoke)
        yield Activity(meeting.starts_at, _("Meeting"), text, _url(person, meeting))


@provides
def answered(person: Person) -> Iterator[Activity]:
    query = (
        select(Rsvp, Meeting)
        .join(Meeting, Meeting.id == Rsvp.meeting_id)
        .where(Rsvp.person_id == person.id, Meeting.group_id == person.group_id)
    )
    for rsvp, meeting in db.session.execute(query):
        text = _(
            "Answered “%(answer)s” to “%(meeting)s”",
            answer=rsvp.answer.label,
            meeting=meeting.title,
        )
        yield Activity(rsvp.created_at, _("Invitation"), text, _url(person, meeting))


@attendance
def meetings_attended(group_id: int):
    """(person_id, meetings, last_at): how many of the group's meetings each person came
    to, and when the last one began."""
    return (
        select(
            Attendance.person_id.label("person_id"),
            func.count(func.distinct(Attendance.meeting_id)).label("meetings"),
            func.max(Meeting.starts_at).label("last_at"),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.group_id == group_id,
            Attendance.person_id.is_not(None),
            Attendance.counted(),
        )
        .group_by(Attendance.person_id)
    )


def _latest_meetings(group_id: int, most: int) -> list[tuple[int, str, datetime]]:
    """The group's meetings that have begun, newest first: those people can have come to."""
    query = (
        select(Meeting.id, Meeting.title, Meeting.starts_at)
        .where(Meeting.group_id == group_id, Meeting.starts_at <= utcnow())
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(most)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _present(meeting_id: int):
    """The people who came to the meeting (a struck attendance does not count)."""
    return select(Attendance.person_id).where(
        Attendance.meeting_id == meeting_id,
        Attendance.person_id.is_not(None),
        Attendance.counted(),
    )


occasions("meeting", latest=_latest_meetings, present=_present)

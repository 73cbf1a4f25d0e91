"""What can happen to a meeting before it starts. Each function commits and writes the journal."""

from datetime import datetime, timedelta

from sqlalchemy.orm import joinedload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.meetings import messages, seats
from assembly.meetings.events import (
    MEETING_EDITED,
    MEETING_INVITED,
    MEETING_ITEM_ADDED,
    MEETING_ITEM_EDITED,
    MEETING_ITEM_REMOVED,
    MEETING_PLANNED,
    MEETING_RSVP,
    NEED_ON_AGENDA,
)
from assembly.meetings.models import AgendaItem, Answer, Meeting, Rsvp, State
from assembly.needs import messages as need_messages
from assembly.needs.models import Need
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import record_person
from assembly.trace.operations import record
from assembly.web.contact import NO_CONTACT, Contact
from assembly.web.inputs import INT_MAX

# A meeting stays "upcoming" for this long after it starts: the evening it is held.
STILL_UPCOMING = timedelta(hours=6)
# An RSVP's contact is given "to tell me about this meeting, until a month after it"
# (RsvpForm): the consent runs out a month after the meeting starts.
RSVP_CONSENT_RUNS = timedelta(days=30)
MEETING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "duration_minutes",
    "place",
    "description",
    "public",
    "order_rule",
    "facilitator_id",
    "note_taker_id",
    "timekeeper_id",
    "observer_id",
    "capacity",
)


class MeetingCancelled(ValueError):
    """Raised when answering a meeting that is cancelled: nothing is recorded."""


def _clean(fields: dict) -> dict:
    """Only the fields a meeting has, with text stripped."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"not meeting fields: {', '.join(sorted(unknown))}")
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def create_meeting(group: Group, **fields) -> Meeting:
    """Plan a meeting; its join code comes from the model's default."""
    meeting = build_meeting(group, **fields)
    db.session.commit()
    return meeting


def build_meeting(group: Group, **fields) -> Meeting:
    """`create_meeting` without the commit, for an operation that plans a meeting as part
    of its own transaction (a campaign's action)."""
    meeting = Meeting(group_id=group.id, **_clean(fields))
    db.session.add(meeting)
    record(MEETING_PLANNED, meeting, group_id=group.id, starts_at=_iso(meeting.starts_at))
    return meeting


def update_meeting(meeting: Meeting, **fields) -> None:
    """Change what the team said about a meeting (title, time, place, roles…)."""
    change_meeting(meeting, **fields)
    db.session.commit()


def change_meeting(meeting: Meeting, **fields) -> None:
    """`update_meeting` without the commit (a campaign's action changes with its meeting).

    A new time or place is told to who said they would come, and their reminders
    are planned again for the new time. More places (or no limit any more) go to
    those on the waiting list, in their order.
    """
    hold(Meeting, meeting.id)  # places are counted under the lock answers take
    old_start, old_place = meeting.starts_at, meeting.place
    for name, value in _clean(fields).items():
        setattr(meeting, name, value)
    event = record(MEETING_EDITED, meeting, group_id=meeting.group_id)
    if (meeting.starts_at, meeting.place) != (old_start, old_place):
        db.session.flush()  # the event's id makes each change's key
        messages.moved(meeting, event.id, old_start=old_start, old_place=old_place)
    seats.fill(meeting)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _find_needs(group_id: int, numbers: list[int]) -> tuple[list[Need], list[int]]:
    """The group's needs with these numbers, and the numbers that match none."""
    found = (
        {
            need.number: need
            for need in db.session.scalars(
                db.select(Need).where(
                    Need.group_id == group_id,
                    # A number past the column's range is no need's: unknown, not looked up.
                    Need.number.in_([n for n in numbers if n <= INT_MAX]),
                )
            )
        }
        if numbers
        else {}
    )
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def find_needs(group: Group, numbers: list[int]) -> tuple[list[Need], list[int]]:
    """Public wrapper: needs of `group` by number, and the unknown numbers."""
    return _find_needs(group.id, numbers)


def _link(item: AgendaItem, needs: list[Need]) -> None:
    """Link needs to an item; a need new to the meeting's agenda goes on its trace.

    A need already discussed under another item of the same meeting is linked without a
    second line on its trace: it is on that agenda once, however many items mention it.
    """
    meeting = item.meeting
    for need in needs:
        if need in item.needs:
            continue
        on_agenda = any(need in other.needs for other in meeting.items if other is not item)
        item.needs.append(need)
        if on_agenda:
            continue
        record(
            NEED_ON_AGENDA,
            need,
            group_id=meeting.group_id,
            meeting_id=meeting.id,
            meeting_title=meeting.title,
            date=_iso(meeting.starts_at),
            public=meeting.public,
        )
        need_messages.on_agenda(need, meeting)


def add_item(
    meeting: Meeting,
    *,
    title: str,
    description: str = "",
    timebox_minutes: int = 15,
    method: str = "",
    needs: list[Need] = (),
    commit: bool = True,
) -> AgendaItem:
    """Add a point at the end of the agenda, linked to `needs`. With `commit=False` the
    caller commits, with what else its change writes."""
    item = AgendaItem(
        meeting=meeting,
        position=len(meeting.items) + 1,
        title=title.strip(),
        description=description.strip(),
        timebox_minutes=timebox_minutes,
        method=method,
    )
    db.session.add(item)
    record(MEETING_ITEM_ADDED, meeting, group_id=meeting.group_id, title=item.title)
    _link(item, list(needs))
    if commit:
        db.session.commit()
    return item


def edit_item(
    item: AgendaItem,
    *,
    title: str,
    description: str,
    timebox_minutes: int,
    method: str,
    needs: list[Need],
) -> None:
    """Change an agenda item; needs no longer listed are unlinked, new ones linked."""
    item.title = title.strip()
    item.description = description.strip()
    item.timebox_minutes = timebox_minutes
    item.method = method
    item.needs = [need for need in item.needs if need in needs]
    record(MEETING_ITEM_EDITED, item.meeting, group_id=item.meeting.group_id, title=item.title)
    _link(item, needs)
    db.session.commit()


def _renumber(meeting: Meeting) -> None:
    """Positions 1..n in the current order, whatever happened before."""
    for position, item in enumerate(sorted(meeting.items, key=lambda i: (i.position, i.id)), 1):
        item.position = position


def delete_item(item: AgendaItem) -> None:
    meeting = item.meeting
    meeting.items.remove(item)  # delete-orphan removes the row
    _renumber(meeting)
    record(MEETING_ITEM_REMOVED, meeting, group_id=meeting.group_id, title=item.title)
    db.session.commit()


def move_item(item: AgendaItem, step: int) -> bool:
    """Move an item one place up (-1) or down (+1). False when it is already at that end."""
    meeting = item.meeting
    _renumber(meeting)
    ordered = sorted(meeting.items, key=lambda i: i.position)
    index = ordered.index(item)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(ordered):
        return False
    ordered[index].position, ordered[other].position = other + 1, index + 1
    db.session.commit()
    return True


def next_meeting(group: Group, viewer: Viewer) -> Meeting | None:
    """The group's next planned meeting that `viewer` may see."""
    query = db.select(Meeting).where(
        Meeting.group_id == group.id,
        Meeting.state == State.PLANNED,
        Meeting.starts_at >= utcnow() - STILL_UPCOMING,
        Meeting.visible_to(viewer),
    )
    return db.session.scalar(query.order_by(Meeting.starts_at, Meeting.id).limit(1))


def put_need_on_agenda(need: Need, meeting: Meeting) -> AgendaItem | None:
    """Send a need to a meeting's agenda: a new item titled after it, linked to it.

    None when an item of that meeting already discusses the need.
    """
    if any(need in item.needs for item in meeting.items):
        return None
    return add_item(meeting, title=need.title[:140], needs=[need])


def answer_invitation(
    meeting: Meeting,
    *,
    name: str,
    answer: Answer,
    contact: Contact = NO_CONTACT,
    wording: str = "",
    user: User | None = None,
    named_in_minutes: bool = False,
) -> Rsvp:
    """Record an RSVP, and who answered in the contact book (`record_person`).

    Past the meeting's capacity a "yes" goes on the waiting list (`Rsvp.waitlisted`,
    `seats.place`); a "yes" that turns "maybe" or "no" frees its place for the first
    who waits (`seats.fill`). `contact` only with consent, in the words `wording` (the
    form checks the box): to be told about this meeting, until a month after it. The
    name appears in the minutes' apologies only if `named_in_minutes`. A cancelled
    meeting takes no answer (`MeetingCancelled`): read under the meeting's lock, so no
    answer slips in after its cancellation notices, with reminders of its own.
    """
    hold(Meeting, meeting.id)
    db.session.refresh(meeting, ["state"])
    if meeting.cancelled:
        raise MeetingCancelled(meeting.id)
    person = record_person(
        db.session.get(Group, meeting.group_id),
        source=ConsentSource.WEB,
        name=name,
        contact=contact,
        purposes=(ConsentPurpose.MEETING_NEWS,),
        wording=wording,
        user=user,
        expires_at=meeting.starts_at + RSVP_CONSENT_RUNS,
    )
    rsvp = Rsvp(
        meeting_id=meeting.id,
        user_id=user.id if user else None,
        name=name.strip(),
        answer=answer,
        person_id=person.id if person else None,
        named_in_minutes=named_in_minutes,
        created_at=utcnow(),  # the app's clock: the waiting list's order
    )
    seats.place(meeting, rsvp, seats.previous_answer(meeting, person))
    db.session.add(rsvp)
    # The journal keeps the answer, not the name: the trace is no list of people.
    waits = {"waitlisted": True} if rsvp.waitlisted else {}
    record(MEETING_RSVP, meeting, group_id=meeting.group_id, answer=answer, **waits)
    messages.answered(meeting, person, answer, waiting=rsvp.waitlisted)
    db.session.flush()
    seats.fill(meeting)
    db.session.commit()
    return rsvp


def invite_group(meeting: Meeting, by: User | None) -> int:
    """Invite the group's contact book to the meeting (see `messages.invite_group`);
    the journal keeps how many were invited, not who. How many messages were written."""
    written = messages.invite_group(meeting, by)
    if written:
        record(MEETING_INVITED, meeting, group_id=meeting.group_id, count=len(written))
    db.session.commit()
    return len(written)


def rsvp_counts(meeting: Meeting) -> dict[str, int]:
    """How many answered yes (holding a place), maybe, no, and how many wait for a
    place: each respondent once, by their latest answer (`seats.counts`)."""
    return seats.counts(meeting)


def rsvps(meeting: Meeting) -> list[Rsvp]:
    """The meeting's answers in the order they came, each with its person's consents (one
    statement, joined: however many answered)."""
    query = db.select(Rsvp).filter_by(meeting_id=meeting.id).order_by(Rsvp.id)
    query = query.options(joinedload(Rsvp.person).joinedload(Person.consents))
    return list(db.session.scalars(query).unique())


def expected_names(meeting: Meeting, group: Group) -> list[str]:
    """Names for the sign-in sheet: who answered yes or maybe, then the group's members."""
    names: dict[str, str] = {}
    answered = db.select(Rsvp.name).where(
        Rsvp.meeting_id == meeting.id, Rsvp.answer.in_((Answer.YES, Answer.MAYBE))
    )
    for name in db.session.scalars(answered.order_by(Rsvp.id)):
        names.setdefault(name.casefold(), name)
    for user in group.members_by_name():
        names.setdefault(user.display_name.casefold(), user.display_name)
    return sorted(names.values(), key=str.casefold)

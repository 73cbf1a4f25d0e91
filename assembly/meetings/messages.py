"""What a meeting tells people: reminders to who said they would come, the news that it
moved, was cancelled or takes place after all, and the team's invitation to the whole group.

Each message is written by `messages.outbox.notify` in the transaction of its cause (an
answer to the invitation, an edit of the meeting, an organizer's click), only under the
person's live consent, in their language. Reminders and news go under the consent the
RSVP form asks for (MEETING_NEWS, which runs out a month after the meeting); the
invitation under the consent to hear of the group's actions (GROUP_ACTIONS).

Dedup keys (see `messages.outbox`):
- reminder:   meeting:<id>:reminder:person:<person>:<hours>h:<start>
- changed:    meeting:<id>:changed:<journal event>:person:<person>
- cancelled:  meeting:<id>:cancelled:<journal event>:person:<person>
- after all:  meeting:<id>:replanned:<journal event>:person:<person>
- invitation: meeting:<id>:invitation:person:<person>
- a place:    meeting:<id>:seat:rsvp:<answer> (a place freed went to who waited)
A person's reminders start with `meeting:<id>:reminder:person:<person>:` (an answer
changed to "no" cancels them), all of a meeting's with `meeting:<id>:reminder:` (the
meeting moved: cancelled, then planned again at the new time), and everything the
meeting still has queued with `meeting:<id>:` (it is cancelled: nothing else goes out).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, String, cast, func, literal
from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group, Membership
from assembly.meetings.models import Answer, Meeting, Rsvp, State
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.messages.outbox import (
    absolute_url,
    cancel,
    compose,
    language_of,
    notify,
    routes,
    settings_of,
)
from assembly.messages.sms import segments
from assembly.people.models import ConsentPurpose, Person, consent_in_force

REMINDER = "meetings/messages/reminder.txt"
CHANGED = "meetings/messages/changed.txt"
INVITATION = "meetings/messages/invitation.txt"
CANCELLED = "meetings/messages/cancelled.txt"
REPLANNED = "meetings/messages/replanned.txt"
SEAT = "meetings/messages/seat.txt"
COMING = (Answer.YES, Answer.MAYBE)
# A message in these states went out (or is going): its reader heard the news.
WENT_OUT = (MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _link(meeting: Meeting, group: Group) -> str:
    return absolute_url("meetings.show", slug=group.slug, meeting_id=meeting.id)


def still_ahead(meeting: Meeting, now: datetime | None = None) -> bool:
    """Whether the meeting is still to come: planned, and not started."""
    return meeting.state == State.PLANNED and meeting.starts_at > (now or utcnow())


# Reminders -----------------------------------------------------------------------------


def reminders_of(meeting_id: int, person_id: int | None = None) -> str:
    """The dedup prefix of a meeting's reminders, or of one person's."""
    prefix = f"meeting:{meeting_id}:reminder:"
    return prefix if person_id is None else f"{prefix}person:{person_id}:"


def plan_reminders(meeting: Meeting, person: Person, now: datetime | None = None) -> list[Message]:
    """Plan `person`'s reminders of the meeting at the group's hours before it starts
    (two days and three hours unless it chose others); only those still ahead."""
    now = now or utcnow()
    if not still_ahead(meeting, now):
        return []
    group = person.group
    planned = []
    for hours in settings_of(meeting.group_id).reminders:
        at = meeting.starts_at - timedelta(hours=hours)
        if at <= now:  # answered 10 hours before: the two days' reminder is past, not sent late
            continue
        message = notify(
            person,
            kind=MessageKind.MEETING_REMINDER,
            purpose=ConsentPurpose.MEETING_NEWS,
            template=REMINDER,
            dedup=f"{reminders_of(meeting.id, person.id)}{hours}h:{_iso(meeting.starts_at)}",
            link=_link(meeting, group),
            send_after=at,
            send_before=meeting.starts_at,
            meeting=meeting,
        )
        if message is not None:
            planned.append(message)
    return planned


def answered(
    meeting: Meeting, person: Person | None, answer: Answer, *, waiting: bool = False
) -> None:
    """After an answer to the invitation: reminders for a yes or a maybe, none for a no,
    nor for a yes on the waiting list (they come when a place is theirs: `seat_given`)."""
    if person is None:
        return
    if answer in COMING and not waiting:
        plan_reminders(meeting, person)
    else:
        cancel(reminders_of(meeting.id, person.id), reason=f"answered {answer}")


def seat_given(meeting: Meeting, rsvp: Rsvp) -> Message | None:
    """Tell who waited that a place is theirs now, and plan their reminders."""
    person = rsvp.person
    if not still_ahead(meeting):
        return None
    message = notify(
        person,
        kind=MessageKind.MEETING_CHANGED,
        purpose=ConsentPurpose.MEETING_NEWS,
        template=SEAT,
        dedup=f"meeting:{meeting.id}:seat:rsvp:{rsvp.id}",
        link=_link(meeting, person.group),
        send_before=meeting.starts_at,
        meeting=meeting,
    )
    plan_reminders(meeting, person)
    return message


def coming_ids(meeting: Meeting, *, seated: bool = False) -> Select:
    """SQL: the ids of the people whose latest answer to the meeting is yes or maybe; with
    `seated`, not those whose "yes" is still on the waiting list."""
    latest = (
        db.select(func.max(Rsvp.id))
        .where(Rsvp.meeting_id == meeting.id, Rsvp.person_id.is_not(None))
        .group_by(Rsvp.person_id)
    )
    query = db.select(Rsvp.person_id).where(Rsvp.id.in_(latest), Rsvp.answer.in_(COMING))
    return query.where(Rsvp.waitlisted.is_(False)) if seated else query


def coming(meeting: Meeting, *, seated: bool = False) -> list[Person]:
    """The people of `coming_ids`, with their consents."""
    query = (
        db.select(Person)
        .where(Person.id.in_(coming_ids(meeting, seated=seated)))
        .order_by(Person.id)
        .options(selectinload(Person.consents))
    )
    return list(db.session.scalars(query))


# The meeting moved ----------------------------------------------------------------------


def moved(meeting: Meeting, event_id: int, *, old_start: datetime, old_place: str) -> int:
    """Tell who said they would come that the meeting's time or place changed, and plan
    their reminders again for the new time (the old ones are cancelled). How many told."""
    cancel(reminders_of(meeting.id), reason="the meeting moved")
    if not still_ahead(meeting, utcnow()):
        return 0
    told = 0
    with_a_place = {person.id for person in coming(meeting, seated=True)}
    for person in coming(meeting):
        message = notify(
            person,
            kind=MessageKind.MEETING_CHANGED,
            purpose=ConsentPurpose.MEETING_NEWS,
            template=CHANGED,
            dedup=f"meeting:{meeting.id}:changed:{event_id}:person:{person.id}",
            link=_link(meeting, person.group),
            send_before=meeting.starts_at,
            meeting=meeting,
            new_time=meeting.starts_at != old_start,
            new_place=meeting.place != old_place,
        )
        told += message is not None
        if person.id in with_a_place:
            plan_reminders(meeting, person)
    return told


# The meeting is cancelled, or takes place after all -----------------------------------------


def everything_of(meeting_id: int) -> str:
    """The dedup prefix of every message of a meeting."""
    return f"meeting:{meeting_id}:"


def notices_of(meeting_id: int, event_id: int | None = None) -> str:
    """The dedup prefix of a meeting's cancellation notices, or of one cancellation's."""
    prefix = f"meeting:{meeting_id}:cancelled:"
    return prefix if event_id is None else f"{prefix}{event_id}:person:"


def _reason_fits(meeting: Meeting, group: Group, link: str, language: str) -> bool:
    """Whether the SMS fits in one part with the reason in place of the link: the reason
    says more than a page where there is nothing left to do. Else the SMS carries the
    link to the page that gives the reason (the e-mail carries both)."""
    if not meeting.cancel_reason:
        return False
    context = {"group": group, "link": link, "meeting": meeting, "reason_in_sms": True}
    _subject, body = compose(
        CANCELLED, MessageChannel.SMS, language, reason=meeting.cancel_reason, **context
    )
    return segments(body) == 1


def called_off(meeting: Meeting, event_id: int) -> int:
    """Tell who said they would come that the meeting is cancelled, and why; withdraw
    whatever the meeting still has queued (reminders, invitations, news of a move).
    How many were told (once per cancellation: `event_id` makes the key)."""
    cancel(everything_of(meeting.id), reason="the meeting was cancelled")
    group = db.session.get(Group, meeting.group_id)
    link = _link(meeting, group)
    fits: dict[str, bool] = {}  # by language: the same text for everyone who reads it
    told = 0
    for person in coming(meeting):
        language = language_of(person)
        if language not in fits:
            fits[language] = _reason_fits(meeting, group, link, language)
        message = notify(
            person,
            kind=MessageKind.MEETING_CHANGED,
            purpose=ConsentPurpose.MEETING_NEWS,
            template=CANCELLED,
            dedup=f"{notices_of(meeting.id, event_id)}{person.id}",
            link=link,
            send_before=meeting.starts_at,
            meeting=meeting,
            reason=meeting.cancel_reason,
            reason_in_sms=fits[language],
        )
        told += message is not None
    return told


def _reached(meeting_id: int, cancellation_id: int) -> set[int]:
    """The people whose notice of that cancellation went out."""
    prefix = notices_of(meeting_id, cancellation_id)
    keys = db.session.scalars(
        db.select(Message.dedup_key).where(
            Message.dedup_key.startswith(prefix, autoescape=True), Message.status.in_(WENT_OUT)
        )
    )
    return {int(key.removeprefix(prefix).split(":")[0]) for key in keys}


def back_on(meeting: Meeting, event_id: int, cancellation_id: int | None) -> int:
    """The meeting takes place after all: notices of its cancellation still queued are
    withdrawn (those people never heard it was off); those it reached hear that it takes
    place after all. Everyone coming gets their reminders again. How many were told."""
    cancel(notices_of(meeting.id), reason="the meeting takes place after all")
    reached = _reached(meeting.id, cancellation_id) if cancellation_id else set()
    group = db.session.get(Group, meeting.group_id)
    told = 0
    with_a_place = {person.id for person in coming(meeting, seated=True)}
    for person in coming(meeting):
        if person.id in reached:
            message = notify(
                person,
                kind=MessageKind.MEETING_CHANGED,
                purpose=ConsentPurpose.MEETING_NEWS,
                template=REPLANNED,
                dedup=f"meeting:{meeting.id}:replanned:{event_id}:person:{person.id}",
                link=_link(meeting, group),
                send_before=meeting.starts_at,
                meeting=meeting,
            )
            told += message is not None
        if person.id in with_a_place:
            plan_reminders(meeting, person)
    return told


def notice_reach(meeting: Meeting) -> tuple[int, int]:
    """How many people said they would come (yes or maybe), and how many of them a
    cancellation notice would reach (a live consent, a channel, the kind turned on):
    counted by the database, whatever their number."""
    ids = coming_ids(meeting)
    people = db.session.scalar(db.select(func.count()).select_from(ids.subquery()))
    if not settings_of(meeting.group_id).sends(MessageKind.MEETING_CHANGED):
        return people, 0
    reached = routes(ids, ConsentPurpose.MEETING_NEWS)
    return people, sum(count for (channel, _language), count in reached.items() if channel)


# The invitation to the group --------------------------------------------------------------


def invitations_of(meeting_id: int) -> str:
    return f"meeting:{meeting_id}:invitation:person:"


def invitations_on(meeting: Meeting) -> bool:
    """Whether the group sends invitations to meetings (its message settings)."""
    return settings_of(meeting.group_id).sends(MessageKind.MEETING_INVITATION)


@dataclass(frozen=True)
class Reach:
    """Who an invitation to the group would reach, before it is sent."""

    sms: int = 0  # people reached by SMS
    email: int = 0  # by e-mail
    parts: int = 0  # what the SMS cost, in SMS parts
    already: int = 0  # invited before: nothing new goes to them
    unreachable: int = 0  # consented, but no channel this instance can use
    turned_off: bool = False  # the group turned invitations off

    @property
    def people(self) -> int:
        return self.sms + self.email


def _invitable_ids(meeting: Meeting, now: datetime) -> Select:
    """SQL: the ids of the group's contact book under a live consent to hear of its
    actions; for a members-only meeting, of the people of its members' accounts only."""
    query = db.select(Person.id).where(
        Person.group_id == meeting.group_id,
        consent_in_force(Person.id, (ConsentPurpose.GROUP_ACTIONS,), now),
    )
    if not meeting.public:
        query = query.where(Person.user_id.in_(Membership.member_accounts(meeting.group_id)))
    return query


def _invited(meeting: Meeting):
    """SQL: the person (`Person.id`) was invited to the meeting already (read from the
    outbox's keys); not when that invitation was withdrawn (the meeting was cancelled
    before it went)."""
    key = literal(invitations_of(meeting.id)) + cast(Person.id, String)
    return (
        db.select(Message.id)
        .where(Message.dedup_key == key, Message.status != MessageStatus.CANCELLED)
        .exists()
    )


def _not_yet_invited(meeting: Meeting, now: datetime) -> list[Person]:
    """The people of `_invitable_ids` not invited yet, with what writing to them reads."""
    query = (
        db.select(Person)
        .where(Person.id.in_(_invitable_ids(meeting, now)), ~_invited(meeting))
        .order_by(Person.id)
        .options(selectinload(Person.consents), selectinload(Person.user))
    )
    return list(db.session.scalars(query))


def invitation_reach(meeting: Meeting, now: datetime | None = None) -> Reach:
    """How many people the invitation would reach, by SMS and by e-mail, what the SMS
    cost, and how many were invited before (the count the organizer confirms): counted
    by the database, whatever their number."""
    now = now or utcnow()
    group = db.session.get(Group, meeting.group_id)
    if not invitations_on(meeting):
        return Reach(turned_off=True)
    found = routes(_invitable_ids(meeting, now), ConsentPurpose.GROUP_ACTIONS, _invited(meeting))
    counts = {MessageChannel.SMS: 0, MessageChannel.EMAIL: 0}
    parts, already, unreachable = 0, 0, 0
    for (channel, language, invited), people in found.items():
        if invited:
            already += people
        elif channel is None:
            unreachable += people
        else:
            counts[channel] += people
            if channel == MessageChannel.SMS:  # the same text for everyone in a language
                _subject, body = compose(
                    INVITATION,
                    MessageChannel.SMS,
                    language,
                    group=group,
                    link=_link(meeting, group),
                    meeting=meeting,
                )
                parts += segments(body) * people
    return Reach(
        sms=counts[MessageChannel.SMS],
        email=counts[MessageChannel.EMAIL],
        parts=parts,
        already=already,
        unreachable=unreachable,
    )


def invite_group(meeting: Meeting, by: User | None) -> list[Message]:
    """Invite the group's contact book to the meeting, once per person: inviting again
    writes nothing for those already invited. The messages written."""
    now = utcnow()
    if not still_ahead(meeting, now):
        return []
    group = db.session.get(Group, meeting.group_id)
    return _written(
        notify(
            person,
            kind=MessageKind.MEETING_INVITATION,
            purpose=ConsentPurpose.GROUP_ACTIONS,
            template=INVITATION,
            dedup=f"{invitations_of(meeting.id)}{person.id}",
            link=_link(meeting, group),
            send_before=meeting.starts_at,
            created_by=by,
            meeting=meeting,
        )
        for person in _not_yet_invited(meeting, now)
    )


def _written(messages: Iterable[Message | None]) -> list[Message]:
    return [message for message in messages if message is not None]

"""The team's daily digest: each morning, what waits for the organizers, in one message.

Messages never imports a feature: a feature tells what waits in a group with `@waits`,
a function of the group that yields `Waiting` lines (a count, its words, a link). The
needs register the needs to review; the follow-ups due and the failed messages are
registered here (people sits beside messages, and messages knows its own failures).

The sender calls `team_digest(now)` at every pass (`@timed`). From 08:00 (the group's
time zone) until noon, each organizer and administrator who agreed to receive reminders
(by SMS or by e-mail, a consent on their own card in the contact book) gets the day's
digest once — when something waits; when nothing does, no message. A sender stopped at
08:00 writes it when it comes back, that morning. Its key (day, group, member) makes it
once a day whatever the number of passes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import LazyString, ngettext
from sqlalchemy import select

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group, Membership, Role
from assembly.messages.models import Message, MessageKind, MessageStatus
from assembly.messages.outbox import absolute_url, notify, settings_of
from assembly.messages.sender import timed
from assembly.messages.team import failed_count
from assembly.people.followup import due_steps
from assembly.people.models import ConsentPurpose, Person, ReachBy, consent_in_force

FROM_HOUR, UNTIL_HOUR = 8, 12  # the digest is written in the morning, local time
TEMPLATE = "messages/digest.txt"
REMINDERS = (ConsentPurpose.EMAIL_REMINDERS, ConsentPurpose.SMS_REMINDERS)


@dataclass(frozen=True)
class Waiting:
    """One line of the digest: how many things wait, in words, and where to see them."""

    count: int
    text: LazyString  # worded when the message is, in the recipient's language: `later`
    link: str = ""


def later(words: Callable[[], str]) -> LazyString:
    """Words said when the message is worded, in its recipient's language:
    ``later(lambda: ngettext("%(num)d need to review", "%(num)d needs to review", n))``."""
    return LazyString(words)


WaitsIn = Callable[[Group], Iterable[Waiting]]
DIGEST: list[WaitsIn] = []


def waits(finder: WaitsIn) -> WaitsIn:
    """Register `finder(group)` → Waiting lines (use as a decorator, at import)."""
    DIGEST.append(finder)
    return finder


def waiting(group: Group) -> list[Waiting]:
    """What waits for the group's team, from every feature: the lines with a count."""
    return [line for finder in DIGEST for line in finder(group) if line.count > 0]


def _local(now: datetime) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)


def _utc(day: date, hour: int) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = datetime.combine(day, time(hour), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@waits
def follow_ups_due(group: Group) -> Iterable[Waiting]:
    """The people whose next step (from a one-to-one) is due today or before."""
    due = due_steps(group, _local(utcnow()).date(), limit=0).total
    if due:
        yield Waiting(
            due,
            later(
                lambda: ngettext("%(num)d person to follow up", "%(num)d people to follow up", due)
            ),
            absolute_url("people.follow_up", slug=group.slug),
        )


@waits
def failed_messages(group: Group) -> Iterable[Waiting]:
    """The group's messages that failed and wait for the team to try again or let go."""
    failed = failed_count(group)
    if failed:
        yield Waiting(
            failed,
            later(
                lambda: ngettext(
                    "%(num)d message could not be sent",
                    "%(num)d messages could not be sent",
                    failed,
                )
            ),
            absolute_url("messages.outbox", slug=group.slug, status=MessageStatus.FAILED.value),
        )


def _key(day: date, group_id: int, user_id: int) -> str:
    return f"digest:{day.isoformat()}:group:{group_id}:user:{user_id}"


def recipients(now: datetime) -> dict[int, list[Person]]:
    """By group id: the card of each active organizer and administrator who agreed to
    receive reminders (one card a member: the first)."""
    rows = db.session.execute(
        select(Membership.group_id, Person)
        .join(User, User.id == Membership.user_id)
        .join(
            Person,
            (Person.user_id == Membership.user_id) & (Person.group_id == Membership.group_id),
        )
        .where(
            Membership.role.in_((Role.ORGANIZER, Role.ADMIN)),
            User.active.is_(True),
            consent_in_force(Person.id, REMINDERS, now),
        )
        .order_by(Membership.group_id, Person.id)
    )
    found: dict[int, list[Person]] = {}
    seen: set[tuple[int, int]] = set()
    for group_id, person in rows:
        if (group_id, person.user_id) not in seen:
            seen.add((group_id, person.user_id))
            found.setdefault(group_id, []).append(person)
    return found


def _purposes(person: Person) -> list[ConsentPurpose]:
    """The reminder consents to try, the person's preferred channel first."""
    by_sms = person.preferred_channel in (ReachBy.SMS, ReachBy.PHONE)
    return list(reversed(REMINDERS)) if by_sms else list(REMINDERS)


@timed
def team_digest(now: datetime) -> None:
    """Write the morning's digest to each team member who agreed, when something waits."""
    local = _local(now)
    if not FROM_HOUR <= local.hour < UNTIL_HOUR:
        return
    day = local.date()
    prefix = f"digest:{day.isoformat()}:"
    # A range over the unique index of keys: the day's digests already written.
    done = set(
        db.session.scalars(
            select(Message.dedup_key).where(
                Message.dedup_key >= prefix, Message.dedup_key < prefix[:-1] + ";"
            )
        )
    )
    until = _utc(day + timedelta(days=1), FROM_HOUR)  # the next digest says it all
    for group_id, people in recipients(now).items():
        people = [p for p in people if _key(day, group_id, p.user_id) not in done]
        if not people:
            continue
        if not settings_of(group_id).sends(MessageKind.TEAM_DIGEST):
            continue
        group = db.session.get(Group, group_id)
        lines = waiting(group)
        if not lines:
            continue
        for person in people:
            for purpose in _purposes(person):
                written = notify(
                    person,
                    kind=MessageKind.TEAM_DIGEST,
                    purpose=purpose,
                    template=TEMPLATE,
                    dedup=_key(day, group_id, person.user_id),
                    link=absolute_url("groups.home", slug=group.slug),
                    send_before=until,
                    lines=lines,
                )
                if written is not None:
                    break

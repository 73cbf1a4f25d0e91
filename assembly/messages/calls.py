"""Calls to action: an organizer writes one message to a selection of the contact book.

Two steps. `plan` reads who the selection holds and how each can be reached — under a
live consent to hear about the group's actions, on a channel this server can use —
and words the text for the first of them, so the team sees what it sends, to how many
and what it costs before anything is written. `send` then writes one message a person
through the outbox (`notify`), all in one transaction, each with a key made of the
form's one-time key and the person: the same form sent again writes nothing more.

The text and the subject may hold FIRST_NAME ("{prénom}", the one placeholder, French
like the teams that write it), which becomes each person's first name (the first word of
the name they gave), or goes, with the spaces before it, when the group has no name.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.messages.events import BROADCAST_SENT
from assembly.messages.models import Broadcast, MessageChannel, MessageKind
from assembly.messages.outbox import channel_for, compose, language_of, notify, settings_of
from assembly.messages.sms import GSM_BASIC, GSM_EXTENDED, Parts, parts, plain_typography
from assembly.people import book
from assembly.people.lookups import Occasion
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.operations import record

TEMPLATE = "messages/call_to_action.txt"
PURPOSE = ConsentPurpose.GROUP_ACTIONS
KIND = MessageKind.CALL_TO_ACTION
MOST_RECIPIENTS = 2000  # a call per evening's worth of the phone; past it, narrow the selection
FIRST_NAME = "{prénom}"
# Without a name: "Bonjour {prénom}," reads "Bonjour,"; "{prénom}, venez" reads "Venez".
_PLACEHOLDER = re.compile(r"[ \t]*" + re.escape(FIRST_NAME))
_AT_START = re.compile(r"^[ \t]*" + re.escape(FIRST_NAME) + r"[ \t]*[,;:]?[ \t]*(\w?)", re.M)

# Why someone the selection holds is left out.
NO_CONSENT = "no_consent"  # no live consent to hear about the group's actions
NO_CONTACT = "no_contact"  # neither a phone nor an e-mail
NO_CHANNEL = "no_channel"  # only a contact this server cannot send to (no SMTP, no phone)


def first_name(person: Person) -> str:
    """The first word of the name the person gave ("" when the group has none)."""
    words = person.name.split()
    return words[0] if words else ""


def personal(text: str, person: Person) -> str:
    """`text` with FIRST_NAME replaced by the person's first name, or taken out gracefully."""
    name = first_name(person)
    if name:
        return text.replace(FIRST_NAME, name)
    text = _AT_START.sub(lambda found: found.group(1).upper(), text)
    return _PLACEHOLDER.sub("", text)


@dataclass(frozen=True)
class Selection:
    """Who a call goes to: the contact book's building and level, a message language,
    and whether they came to one of the group's gatherings (a meeting)."""

    building: str = ""
    level: str = ""  # a ladder rank, as text
    language: str = ""
    came_to: str = ""  # an occasion's key: "meeting:12"

    def query(self, group: Group, viewer: Viewer):
        query = book.matching(group, viewer, book.Filters(building=self.building, level=self.level))
        if self.language:
            query = book.speaking(query, self.language)
        if self.came_to:
            query = book.came_to(query, self.came_to)
        return query

    def words(self, ladder: list[str], occasions: list[Occasion], languages: dict[str, str]) -> str:
        """The selection as the team reads it back: "level: active · building: A"."""
        said = []
        if self.level:
            rank = int(self.level)
            level = ladder[rank] if rank < len(ladder) else self.level
            said.append(_("level: %(level)s", level=level))
        if self.building:
            said.append(_("building: %(building)s", building=self.building))
        if self.language:
            language = languages.get(self.language, self.language)
            said.append(_("messages in: %(language)s", language=language))
        if self.came_to:
            title = next((o.title for o in occasions if o.key == self.came_to), self.came_to)
            said.append(_("came to: %(meeting)s", meeting=title))
        return " · ".join(said) if said else _("everyone in the contact book")


@dataclass
class Route:
    """One person the call reaches, how, and the text it says to them."""

    person: Person
    channel: MessageChannel
    subject: str
    text: str
    sms_parts: int = 0


@dataclass
class Plan:
    """What sending the call would do: who it reaches, on which channel, who it leaves
    out and why, what it costs in SMS parts, and how it reads for the first person
    (the first with a first name, so the team sees it in place)."""

    matched: int = 0
    routes: list[Route] = field(default_factory=list)
    excluded: Counter = field(default_factory=Counter)
    unicode_sms: int = 0  # SMS written in Unicode (an accent or emoji outside GSM-7)
    turned_off: bool = False  # the group turned calls to action off
    sample: Person | None = None
    sample_sms: tuple[str, Parts] | None = None
    sample_email: tuple[str, str] | None = None

    @property
    def by_sms(self) -> int:
        return sum(1 for route in self.routes if route.channel == MessageChannel.SMS)

    @property
    def by_email(self) -> int:
        return sum(1 for route in self.routes if route.channel == MessageChannel.EMAIL)

    @property
    def reached(self) -> int:
        return len(self.routes)

    @property
    def sms_parts(self) -> int:
        return sum(route.sms_parts for route in self.routes)

    @property
    def unusual(self) -> list[str]:
        """The characters outside the SMS alphabet in the SMS texts (a few, sorted): what
        makes them travel in Unicode."""
        found = {
            char
            for route in self.routes
            if route.channel == MessageChannel.SMS
            for char in plain_typography(route.text)  # as it will travel
            if char not in GSM_BASIC and char not in GSM_EXTENDED
        }
        return sorted(found)[:10]

    @property
    def too_many(self) -> bool:
        return self.reached > MOST_RECIPIENTS

    @property
    def sendable(self) -> bool:
        return 0 < self.reached <= MOST_RECIPIENTS and not self.turned_off


def plan(group: Group, viewer: Viewer, selection: Selection, subject: str, text: str) -> Plan:
    """Who the call would reach and how, without writing anything."""
    found = Plan(turned_off=not settings_of(group.id).sends(KIND))
    people = db.session.scalars(
        selection.query(group, viewer).options(selectinload(Person.consents))
    )
    worded: dict[tuple, tuple[str, str]] = {}  # one rendering per language and words

    def word(person: Person, channel: MessageChannel, route: Route) -> tuple[str, str]:
        key = (channel, language_of(person), route.subject, route.text)
        if key not in worded:
            worded[key] = compose(
                TEMPLATE,
                channel,
                language_of(person),
                person=person,
                group=group,
                link="",
                subject=route.subject,
                text=route.text,
            )
        return worded[key]

    for person in people:
        found.matched += 1
        reached = channel_for(person, PURPOSE) if person.may(PURPOSE) else None
        if reached is None:
            found.excluded[left_out(person)] += 1
            continue
        route = Route(person, reached[0], personal(subject, person), personal(text, person))
        # Past the cap the call cannot go: the preview only counts, it words no more.
        if route.channel == MessageChannel.SMS and len(found.routes) < MOST_RECIPIENTS:
            counted = parts(word(person, route.channel, route)[1])
            route.sms_parts = counted.count
            found.unicode_sms += counted.unicode
        found.routes.append(route)
    if found.routes:
        # The first with a first name, to show it in place (else the first of all).
        shown = next((r for r in found.routes if first_name(r.person)), found.routes[0])
        found.sample = shown.person
        sms = word(shown.person, MessageChannel.SMS, shown)[1]
        found.sample_sms = (sms, parts(sms))
        found.sample_email = word(shown.person, MessageChannel.EMAIL, shown)
    return found


def left_out(person: Person) -> str:
    """Why `person` cannot be reached by a call: NO_CONSENT, NO_CONTACT or NO_CHANNEL."""
    if not person.may(PURPOSE):
        return NO_CONSENT
    if not person.reach(PURPOSE):
        return NO_CONTACT
    return NO_CHANNEL


def batch_of(once_key: str) -> str:
    """The call's batch, from the form's one-time key: the same form, the same batch."""
    return hashlib.sha256(f"call:{once_key}".encode()).hexdigest()[:24]


def send(
    group: Group,
    planned: Plan,
    *,
    subject: str,
    text: str,
    selection: str,
    batch: str,
    by: User,
) -> Broadcast:
    """Write the call: the Broadcast, then one message to each planned person (notify
    checks the consent and the channel once more), in one transaction. A batch already
    written is returned as it is."""
    written = db.session.scalar(select(Broadcast).filter_by(batch=batch))
    if written is not None:
        return written
    broadcast = Broadcast(
        group_id=group.id,
        batch=batch,
        subject=subject,
        text=text,
        selection=selection[:500],
        excluded=planned.matched - planned.reached,
        created_by_id=by.id,
    )
    db.session.add(broadcast)
    db.session.flush()
    for route in planned.routes:
        message = notify(
            route.person,
            kind=KIND,
            purpose=PURPOSE,
            template=TEMPLATE,
            dedup=f"call:{batch}:person:{route.person.id}",
            created_by=by,
            subject=route.subject,
            text=route.text,
        )
        if message is None:  # the consent went, or the same batch wrote it: left out
            broadcast.excluded += 1
            continue
        message.broadcast_id = broadcast.id
        if message.channel == MessageChannel.SMS:
            broadcast.by_sms += 1
            broadcast.sms_parts += message.segments
        else:
            broadcast.by_email += 1
    record(
        BROADCAST_SENT,
        broadcast,
        group_id=group.id,
        actor_id=by.id,
        by_sms=broadcast.by_sms,
        by_email=broadcast.by_email,
        excluded=broadcast.excluded,
    )
    db.session.commit()
    return broadcast

"""What a need tells the people who follow it: published, on a meeting's agenda, decided,
moved along (acknowledged, taken up, resolved, declined, opened again), grouped with
another.

Who follows a need: the person who raised it and the supporters the contact book knows
(a member's "moi aussi"), each only under a live consent to hear about needs
(NEED_FOLLOWUP), one message per person and event even when they are both. Each message
is written in the transaction of its cause and links to the need's page, its trace.

Dedup keys: need:<id>:<event>:person:<person>, where <event> is `approved`,
`status:<status>`, `agenda:<meeting>`, `decided:<decision>:<outcome>` (a recount that
changes the outcome tells again) or `merged:<need it joined>`.
"""

from datetime import datetime

from sqlalchemy.orm import selectinload

from assembly.extensions import db
from assembly.messages.models import Message, MessageKind
from assembly.messages.outbox import absolute_url, notify
from assembly.needs.models import Need, Support
from assembly.people.models import ConsentPurpose, Person

UPDATE = "needs/messages/update.txt"


def followers(need: Need) -> list[Person]:
    """Who raised the need, then its supporters known in the contact book, each once."""
    supporters = db.select(Support.person_id).where(
        Support.need_id == need.id, Support.person_id.is_not(None)
    )
    ids = {need.person_id} | set(db.session.scalars(supporters))
    ids.discard(None)
    if not ids:
        return []
    query = (
        db.select(Person)
        .where(Person.id.in_(ids))
        .order_by(Person.id)
        .options(selectinload(Person.consents), selectinload(Person.user))
    )
    return list(db.session.scalars(query))


def _tell(need: Need, event: str, *, link_to: Need | None = None, **context) -> list[Message]:
    """One message about `event` to each follower of the need; the messages written."""
    shown = link_to or need
    link = absolute_url("needs.show", slug=need.group.slug, number=shown.number)
    written = []
    for person in followers(need):
        message = notify(
            person,
            kind=MessageKind.NEED_UPDATE,
            purpose=ConsentPurpose.NEED_FOLLOWUP,
            template=UPDATE,
            dedup=f"need:{need.id}:{event}:person:{person.id}",
            link=link,
            need=need,
            event=event.split(":")[0],
            **context,
        )
        if message is not None:
            written.append(message)
    return written


def approved(need: Need) -> list[Message]:
    """The team published the need."""
    return _tell(need, "approved")


def status_changed(need: Need) -> list[Message]:
    """The need moved along: its new status, and the team's reason if it gave one."""
    return _tell(need, f"status:{need.status.value}", status=need.status)


def merged(need: Need, into: Need) -> list[Message]:
    """The need was grouped with `into`: its story goes on there (called before its
    supporters move over, so that they hear it too)."""
    return _tell(need, f"merged:{into.id}", link_to=into, into=into)


def on_agenda(need: Need, meeting) -> list[Message]:
    """The need is on a meeting's agenda (`meeting`: a `meetings.models.Meeting`)."""
    return _tell(need, f"agenda:{meeting.id}", meeting=meeting)


def decided(
    need: Need, decision, option: str | None = None, corrected: bool = False
) -> list[Message]:
    """A decision about the need closed, or its result was corrected to another outcome
    (`decision`: a `decisions.models.Decision`; `option`: the option it chose, if any)."""
    event = f"decided:{decision.id}:{decision.outcome}"
    return _tell(need, event, decision=decision, option=option, corrected=corrected)


def told_author_until(need: Need, written: list[Message]) -> datetime | None:
    """Until when a message just written to the need's author may still go: their
    consent must run until then, though the need is closed (see operations)."""
    moments = [m.send_before for m in written if m.person_id == need.person_id and m.send_before]
    return max(moments, default=None)

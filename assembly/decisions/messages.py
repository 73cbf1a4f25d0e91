"""What an online vote tells the group's members: it opened, it closes in a day (to those
who have not voted), its result. Each goes to a member's person in the contact book
(`people.operations.person_of_user`) under their live consent to hear of the group's
actions (GROUP_ACTIONS).

"Opened" is written when the vote is put to the members (sent when it opens), "result"
when it closes, by hand or by `assembly close-decisions`. "Closes in a day" cannot be
written in advance: who has not voted is known only then. So a producer of the sender
(`@timed`) writes it a day before the end, reading the roll (`voting_roll`), never the
ballots, and in its own transaction: nothing about a vote is written with a ballot,
which keeps a secret ballot from being tied to its voter.

Dedup keys: decision:<id>:opened:person:<p>, decision:<id>:closing:<closes at>:person:<p>,
decision:<id>:result:person:<p>. The closing notices carry the closing time, in their key
and in the journal: were a vote's end ever moved, cancelling `decision:<id>:closing:`
is all it takes for the producer to write them again for the new end.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.decisions.events import DECISION_REMINDED
from assembly.decisions.models import Decision, DecisionStatus, voting_roll
from assembly.extensions import db
from assembly.groups.models import Group, Membership
from assembly.messages.models import Message, MessageKind
from assembly.messages.outbox import absolute_url, cancel, notify
from assembly.messages.sender import timed
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.models import Event
from assembly.trace.operations import record

OPENED = "decisions/messages/opened.txt"
CLOSING = "decisions/messages/closing.txt"
RESULT = "decisions/messages/result.txt"
# "It closes in a day": written this long before the end, for a vote open by then.
CLOSING_NOTICE = timedelta(hours=24)


def members_people(group_id: int) -> dict[int, Person]:
    """The group's active members' people, by account: the first card of each
    (`person_of_user`'s choice). A member without one gets no message."""
    members = Membership.member_accounts(group_id).join(User, User.id == Membership.user_id)
    members = members.where(User.active.is_(True))
    query = (
        db.select(Person)
        .where(Person.group_id == group_id, Person.user_id.in_(members))
        .order_by(Person.id)
        .options(selectinload(Person.consents), selectinload(Person.user))
    )
    found: dict[int, Person] = {}
    for person in db.session.scalars(query):
        found.setdefault(person.user_id, person)
    return found


def _link(decision: Decision) -> str:
    slug = db.session.get(Group, decision.group_id).slug
    return absolute_url("decisions.show", slug=slug, decision_id=decision.id)


def _tell(
    people: Iterable[Person], decision: Decision, *, kind: MessageKind, template: str, key: str,
    **options,
) -> list[Message]:  # fmt: skip
    """One message of `kind` about the decision to each of `people`; those written."""
    link = _link(decision)
    written = []
    for person in people:
        message = notify(
            person,
            kind=kind,
            purpose=ConsentPurpose.GROUP_ACTIONS,
            template=template,
            dedup=f"decision:{decision.id}:{key}:person:{person.id}",
            link=link,
            decision=decision,
            **options,
        )
        if message is not None:
            written.append(message)
    return written


def opened(decision: Decision) -> list[Message]:
    """An online vote was put to the members: told when it opens, worth it until it closes."""
    return _tell(
        members_people(decision.group_id).values(),
        decision,
        kind=MessageKind.VOTE_OPENED,
        template=OPENED,
        key="opened",
        send_after=decision.opens_at,
        send_before=decision.closes_at,
    )


def closed(decision: Decision, option: str | None) -> list[Message]:
    """The vote closed: what was still waiting to go about it is withdrawn (a vote closed
    early), and its result goes to the members."""
    cancel(f"decision:{decision.id}:opened:", reason="the vote closed")
    cancel(f"decision:{decision.id}:closing:", reason="the vote closed")
    return _tell(
        members_people(decision.group_id).values(),
        decision,
        kind=MessageKind.VOTE_RESULT,
        template=RESULT,
        key="result",
        option=option,
    )


def _closing_key(decision: Decision) -> str:
    return f"closing:{decision.closes_at.isoformat(timespec='minutes')}"


def _reminded(decision: Decision) -> bool:
    """Whether the notices for its current closing time were written (the journal says)."""
    events = db.session.scalars(
        db.select(Event.payload).where(
            Event.subject_type == Decision.__tablename__,
            Event.subject_id == decision.id,
            Event.verb == DECISION_REMINDED,
        )
    )
    return any(payload.get("closes_at") == _closing_key(decision) for payload in events)


def closing_soon(decision: Decision, now: datetime) -> list[Message]:
    """Tell the members not on the roll yet that the vote closes in a day; once per
    closing time, journaled with how many were told (no names)."""
    # Here, not at the top: voting imports core, which imports this module.
    from assembly.decisions.operations.voting import roll_name

    voted = set(
        db.session.scalars(
            db.select(voting_roll.c.voter).where(voting_roll.c.decision_id == decision.id)
        )
    )
    waiting = [
        person
        for user_id, person in members_people(decision.group_id).items()
        if roll_name(user_id=user_id) not in voted
    ]
    written = _tell(
        waiting,
        decision,
        kind=MessageKind.VOTE_CLOSING,
        template=CLOSING,
        key=_closing_key(decision),
        send_before=decision.closes_at,
    )
    record(
        DECISION_REMINDED,
        decision,
        group_id=decision.group_id,
        closes_at=_closing_key(decision),
        told=len(written),
    )
    return written


@timed
def closing_notices(now: datetime | None = None) -> int:
    """The sender's producer: for each online vote that closes within a day and was
    open a day before its end, write its "closes in a day" notices once."""
    now = now or utcnow()
    due = db.session.scalars(
        db.select(Decision)
        .where(
            Decision.status == DecisionStatus.OPEN,
            Decision.meeting_id.is_(None),
            Decision.closes_at > now,
            Decision.closes_at <= now + CLOSING_NOTICE,
        )
        .order_by(Decision.id)
    )
    told = 0
    for decision in due:
        opens_at = decision.opens_at or now
        if opens_at > decision.closes_at - CLOSING_NOTICE or _reminded(decision):
            continue  # a vote of less than a day: "it opened" said it all
        told += len(closing_soon(decision, now))
    return told

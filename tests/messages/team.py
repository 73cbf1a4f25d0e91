"""What the team's messages tests share: people of the test group, messages in its outbox."""

import re
from datetime import datetime

from assembly.extensions import db
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent

OUTBOX = "/g/glycines/messages"
ENGLISH = {"Accept-Language": "en"}


def add_person(app, group_id: int, name: str = "Awa Diallo", *, consents=(), **fields) -> int:
    """A person of the group with live consents for `consents` (ConsentPurpose values)."""
    with app.app_context():
        person = Person(group_id=group_id, name=name, **fields)
        db.session.add(person)
        db.session.flush()
        for purpose in consents:
            give_consent(person, ConsentPurpose(purpose), "Les mots lus.", ConsentSource.PAPER)
        db.session.commit()
        return person.id


def add_message(app, group_id: int, person_id: int | None, n: int, **fields) -> int:
    """A message of the group's outbox, as the sender left it (`fields` say how)."""
    values = {
        "kind": MessageKind.CALL_TO_ACTION,
        "purpose": ConsentPurpose.GROUP_ACTIONS,
        "channel": MessageChannel.SMS,
        "address": "+33612345678",
        "language": "fr",
        "body": f"Message {n}",
        "status": MessageStatus.SENT,
        "send_after": datetime(2026, 12, 1, 9),
        "created_at": datetime(2026, 12, 1, 9),
    } | fields
    with app.app_context():
        message = Message(group_id=group_id, person_id=person_id, dedup_key=f"test:{n}", **values)
        db.session.add(message)
        db.session.commit()
        return message.id


def tally(page: str, label: str) -> int:
    """The figure under `label` in a page's `dl.tally`."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(\d+)</dd>", page)
    assert found, f"no figure for {label!r}"
    return int(found.group(1))

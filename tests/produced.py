"""Reading what the features wrote into the outbox, for the tests of their messages."""

from types import SimpleNamespace

from assembly.extensions import db
from assembly.messages.models import Message, MessageStatus
from assembly.people.models import ConsentPurpose, ConsentSource, Person

FIELDS = (
    "id", "person_id", "kind", "purpose", "channel", "address", "language", "subject", "body",
    "link", "dedup_key", "status", "send_after", "send_before", "error", "segments",
)  # fmt: skip


def outbox(app, **filters) -> list[SimpleNamespace]:
    """The outbox's messages (matching `filters`, e.g. kind=…), in the order written, as
    plain values."""
    with app.app_context():
        query = db.select(Message).filter_by(**filters).order_by(Message.id)
        return [
            SimpleNamespace(**{name: getattr(row, name) for name in FIELDS})
            for row in db.session.scalars(query)
        ]


def queued(app, **filters) -> list[SimpleNamespace]:
    return outbox(app, status=MessageStatus.QUEUED, **filters)


def contact(app, group_id, purposes, *, name="Awa", **fields) -> int:
    """A person of the contact book with these consents given; their id."""
    from assembly.people.operations import give_consent

    with app.app_context():
        person = Person(group_id=group_id, name=name, **fields)
        db.session.add(person)
        db.session.flush()
        for purpose in purposes:
            give_consent(
                person, ConsentPurpose(purpose), "Recevoir des nouvelles", ConsentSource.WEB
            )
        db.session.commit()
        return person.id


def withdraw(app, person_id) -> None:
    """The person takes back every consent to be contacted (as their STOP would)."""
    from assembly.messages.operations import stop_everything

    with app.app_context():
        stop_everything(db.session.get(Person, person_id), "sms")
        db.session.commit()

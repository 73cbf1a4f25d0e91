"""What the outbox tells the contact book about a person (people.activity): each message
the group wrote to them — its kind, channel and status, and its words for those who may
read the outbox (the person's page is theirs already). One query."""

from collections.abc import Iterator

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from assembly.extensions import db
from assembly.messages.models import Message
from assembly.people.activity import Activity, provides
from assembly.people.models import Person

SHOWN = 160  # characters of the words: an SMS's worth, so a long story keeps its page light


def _words(message: Message) -> str:
    """The message's words on one line, cut to SHOWN characters ("" once purged)."""
    text = " ".join(message.body.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


@provides
def messages_sent(person: Person) -> Iterator[Activity]:
    viewer = getattr(g, "viewer", None)
    readable = viewer is not None and Message.visible_to(viewer)
    query = select(Message).where(
        Message.person_id == person.id, Message.group_id == person.group_id
    )
    url = url_for("messages.outbox", slug=person.group.slug, person=person.id)
    for message in db.session.scalars(query):
        text = _(
            "%(kind)s by %(channel)s — %(status)s",
            kind=message.kind.label,
            channel=message.channel.label,
            status=message.status.label,
        )
        if readable and (words := _words(message)):
            text += " — " + _("“%(words)s”", words=words)
        yield Activity(message.sent_at or message.created_at, _("Message"), text, url)

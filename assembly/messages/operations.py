"""What recipients do with messages: stop them (the way-out link, an SMS "STOP"), or
choose them (a member's own page)."""

import re
import unicodedata
from collections.abc import Iterable

from babel.lists import format_list
from flask import current_app
from sqlalchemy import String, cast, select, update

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.models import Message, MessageKind, MessageStatus
from assembly.messages.outbox import language_of, notify_number
from assembly.people.events import CONSENT_GIVEN, CONSENT_WITHDRAWN, PERSON_EDITED
from assembly.people.models import BY_PHONE, CONTACT_PURPOSES, ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent, person_of_user, record_person
from assembly.trace.operations import record
from assembly.web.contact import Contact

# An SMS asks to stop when it holds the word STOP anywhere ("Stop svp", "STOP!", "ok
# stop"): it is the word every SMS of ours names ("STOP pour ne plus recevoir"), and
# one that hardly comes up otherwise in a text to an association. "Stopper" and
# "stoppé" are other words ("j'ai stoppé la fuite"): they do not count.
STOP_WORDS = frozenset({"stop"})
# The French and English ways of asking count only as the message's first word:
# "arrêt" is an everyday word ("l'arrêt de bus est cassé") that must not cost anyone
# the news they asked for; "Arrêt", "Arrêtez svp", "Désabonner" are unmistakable.
OPENING_WORDS = frozenset(
    {
        "arret",
        "arreter",
        "arretez",
        "desabonner",
        "desabonnez",
        "desabonnement",
        "desinscrire",
        "desinscrivez",
        "desinscription",
        "unsubscribe",
    }
)


def stop_messages(person: Person, purposes: Iterable[ConsentPurpose], how: str) -> int:
    """Withdraw `person`'s live consents for `purposes`; how many were withdrawn. `how`
    says where they asked ("link", "sms") in the journal. The caller commits."""
    now, wanted, stopped = utcnow(), set(purposes), 0
    for consent in person.consents:
        if consent.purpose in wanted and consent.live(now):
            consent.withdrawn_at = now
            record(
                CONSENT_WITHDRAWN,
                person,
                group_id=person.group_id,
                purpose=consent.purpose.value,
                sensitive_erased=False,
                how=how,
            )
            stopped += 1
    return stopped


def stop_everything(person: Person, how: str) -> int:
    """Withdraw every consent to contact `person`: no message of any kind from the group."""
    return stop_messages(person, CONTACT_PURPOSES, how)


def words_of(text: str) -> list[str]:
    """The words of an SMS, in lower case and without accents: "ARRÊT !" → ["arret"]."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))


def asks_to_stop(text: str) -> bool:
    """Whether an incoming SMS asks for no more SMS (see STOP_WORDS and OPENING_WORDS)."""
    words = words_of(text)
    return bool(words) and (not STOP_WORDS.isdisjoint(words) or words[0] in OPENING_WORDS)


def stop_by_sms(phone: str) -> int:
    """An SMS "STOP" from `phone` (E.164): every person of every group with that number
    has each consent that lets their group text them withdrawn (BY_PHONE: e-mail
    reminders stay), the messages queued under those consents are cancelled, and one
    SMS confirms it. Returns how many consents were withdrawn; the caller commits.

    Nothing withdrawn (a number nobody knows, or a STOP already heard) sends nothing: a
    stranger's number is not texted, and a second STOP does not cost a second SMS.
    """
    people = list(db.session.scalars(select(Person).filter_by(phone=phone).order_by(Person.id)))
    for person in people:
        hold(Person, person.id)  # a retried webhook waits here; then it finds nothing live
    now, withdrawn, told = utcnow(), [], []
    for person in people:
        live = [c for c in person.consents if c.purpose in BY_PHONE and c.live(now)]
        if stop_messages(person, BY_PHONE, how="sms"):
            withdrawn += [consent.id for consent in live if consent.withdrawn_at is not None]
            told.append(person)
    if not withdrawn:
        return 0
    _cancel_relying_on(withdrawn)
    language = language_of(told[0])
    groups = sorted({person.group.name for person in told})
    notify_number(
        phone,
        kind=MessageKind.STOP_CONFIRMATION,
        template="messages/stop_confirmation.txt",
        # One confirmation per STOP that withdrew something: the same consents make the
        # same key, so a retried or concurrent webhook cannot send it twice.
        dedup=f"stop:{phone}:{min(withdrawn)}",
        language=language,
        groups=format_list(groups, locale=language),
    )
    current_app.logger.info("SMS STOP: %d consents withdrawn", len(withdrawn))
    return len(withdrawn)


def _cancel_relying_on(consent_ids: list[int]) -> int:
    """Cancel the queued messages that relied on these (withdrawn) consents, freeing their
    keys as `outbox.cancel` does; the sender would drop them anyway, the team sees it now."""
    result = db.session.execute(
        update(Message)
        .where(Message.consent_id.in_(consent_ids), Message.status == MessageStatus.QUEUED)
        .values(
            status=MessageStatus.CANCELLED,
            error="consent withdrawn",  # the words the sender uses for the same reason
            dedup_key=Message.dedup_key + ":cancelled:" + cast(Message.id, String),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


# What a member chooses on their own page (/g/<slug>/messages/mine); MEETING_NEWS is given
# with an RSVP, for one meeting, and CONSULTATION_FOLLOWUP with a contribution, until the
# consultation's final text is out (consultations.messages ends it): both stay out of it.
OWN_PURPOSES = (
    ConsentPurpose.GROUP_ACTIONS,
    ConsentPurpose.SMS_REMINDERS,
    ConsentPurpose.EMAIL_REMINDERS,
    ConsentPurpose.NEED_FOLLOWUP,
)


def choose_messages(
    group: Group, user: User, *, contact: Contact, wanted: dict[ConsentPurpose, str]
) -> Person | None:
    """A member's own choice of what `group` sends them, and where.

    `wanted` maps each purpose they ticked to the words of its box: a consent in those
    words is given (unless one in force already says the same); the purposes they left
    unticked are withdrawn. Their phone and e-mail for this group become `contact`, as
    typed. Without a person in the group and with nothing ticked, nothing is written.
    Journaled (consent given or withdrawn, card edited); the caller commits.
    """
    person = person_of_user(group, user)
    if person is None:
        if not wanted:
            return None
        person = record_person(group, source=ConsentSource.WEB, user=user)
    changed = [
        field for field in ("phone", "email") if getattr(person, field) != getattr(contact, field)
    ]
    if changed:
        person.phone, person.email = contact.phone, contact.email
        record(PERSON_EDITED, person, group_id=group.id, fields=changed)
    stop_messages(person, [p for p in OWN_PURPOSES if p not in wanted], how="preferences")
    now = utcnow()
    for purpose, wording in wanted.items():
        live = person.live_consent(purpose, now)
        if live is not None and live.wording == wording:
            continue
        give_consent(person, purpose, wording, ConsentSource.WEB)
        record(
            CONSENT_GIVEN,
            person,
            group_id=group.id,
            purpose=purpose.value,
            source=ConsentSource.WEB.value,
        )
    person.last_contact_at = now
    db.session.flush()
    return person

"""What recipients do with messages: stop them (the way-out link, an SMS "STOP"), or
choose them (a member's own page)."""

from collections.abc import Iterable

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.people.events import CONSENT_GIVEN, CONSENT_WITHDRAWN, PERSON_EDITED
from assembly.people.models import CONTACT_PURPOSES, ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent, person_of_user, record_person
from assembly.trace.operations import record
from assembly.web.contact import Contact


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


# What a member chooses on their own page (/g/<slug>/messages/mine); MEETING_NEWS is given
# with an RSVP, for one meeting, and stays out of it.
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

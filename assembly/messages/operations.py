"""What recipients do with messages: stop them (the way-out link, an SMS "STOP")."""

from collections.abc import Iterable

from assembly.clock import utcnow
from assembly.people.events import CONSENT_WITHDRAWN
from assembly.people.models import CONTACT_PURPOSES, ConsentPurpose, Person
from assembly.trace.operations import record


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

"""What the contact book keeps about people (the /data page, export, erasure and purge
read it), and when the daily purge erases it."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import false

from assembly.clock import years_before
from assembly.extensions import db
from assembly.groups.models import Group, Membership
from assembly.people.models import CONTACT_PURPOSES, ConsentPurpose, Person, consent_in_force
from assembly.web.personal_data import DELETE, Erase, Keep, Kept, Purge, Refers, declare


def _inactive(now: datetime):
    """SQL: people without contact for their group's retention period, who are not members
    of it (a member's data stays while they are: the account, the membership; an
    observer's card is a contact like any other)."""
    last = func.coalesce(Person.last_contact_at, Person.created_at)
    periods = [
        and_(
            Person.group_id.in_(select(Group.id).where(Group.retention_years == years)),
            last < years_before(now, years),
        )
        for years in db.session.scalars(select(Group.retention_years).distinct())
    ]
    member = (
        select(Membership.id)
        .where(
            Membership.user_id == Person.user_id,
            Membership.group_id == Person.group_id,
            Membership.of_member,
        )
        .exists()
    )
    return and_(or_(false(), *periods), ~member)


declare(
    "people",
    _l("The group's contact book"),
    Kept(
        what=_l(
            "Someone the group knows: the name they gave, and how to reach them (phone, e-mail, "
            "address or building, staircase and floor, preferred channel and languages) only "
            "with their consent."
        ),
        why=_l("So that the group can get back to the people it met, as they agreed."),
        how_long=_l(
            "The phone, e-mail and address are erased by the daily clean-up once no consent to "
            "use them is in force. The person is deleted when there has been no contact for the "
            "group's retention period (3 years unless the group chose otherwise), unless they "
            "are a member of the group."
        ),
        seen_by=_l(
            "The group's organizers and administrators; facilitators see names and attendance only."
        ),
        columns=(
            "people.name",
            "people.phone",
            "people.email",
            "people.address",
            "people.building",
            "people.staircase",
            "people.floor",
            "people.preferred_channel",
            "people.language",
            "people.languages",
            "people.user_id",
            "people.ladder_rank",
            "people.last_contact_at",
        ),
    ),
    Kept(
        what=_l(
            "Each consent: for what, the words shown, when, where and who recorded it, and when "
            "it was withdrawn."
        ),
        why=_l("To prove what the person agreed to, and to use a contact only for that."),
        how_long=_l("As long as the person is in the contact book."),
        seen_by=_l("The group's organizers and administrators."),
        columns=(
            "consents.person_id",
            "consents.purpose",
            "consents.wording",
            "consents.given_at",
            "consents.withdrawn_at",
        ),
    ),
    Kept(
        what=_l(
            "What the person shared about their opinions, union membership, health or origin, "
            "only with their explicit consent."
        ),
        why=_l("Because they chose to tell the group, for its work with them."),
        how_long=_l("Until they withdraw that consent, or leave the contact book."),
        seen_by=_l("The group's organizers and administrators."),
        columns=("people.sensitive",),
    ),
    Kept(
        what=_l(
            "One-to-one conversations (what moves them, their story, talents, networks, next "
            "step) and what the group asked of them and their answer."
        ),
        why=_l("So that organizers build lasting relations and share the work fairly."),
        how_long=_l("As long as the person is in the contact book."),
        seen_by=_l("The group's organizers and administrators."),
        columns=(
            "one_to_ones.person_id",
            "one_to_ones.self_interest",
            "one_to_ones.story",
            "one_to_ones.talents",
            "one_to_ones.networks",
            "one_to_ones.next_step",
            "asks.person_id",
            "asks.what",
            "asks.outcome",
        ),
    ),
    refers=(
        Refers("people", by=("id", "user_id")),
        Refers("consents", by=("person_id",)),
        Refers("consents", by=("recorded_by_id",), acted=True, shows=("given_at",)),
        Refers("one_to_ones", by=("person_id",)),
        Refers("one_to_ones", by=("met_by_id",), acted=True, shows=("met_on",)),
        Refers("asks", by=("person_id",)),
        Refers("asks", by=("asked_by_id",), acted=True, shows=("asked_on",)),
    ),
    purge=(
        Purge("people", "people without activity", due=_inactive, erase=DELETE),
        Purge(
            "people",
            "contact details without consent",
            due=lambda now: ~consent_in_force(Person.id, CONTACT_PURPOSES, now),
            erase=Keep(
                phone=Erase.BLANK,
                email=Erase.BLANK,
                address=Erase.BLANK,
                preferred_channel=Erase.NULL,
            ),
        ),
        Purge(
            "people",
            "sensitive notes without consent",
            due=lambda now: ~consent_in_force(Person.id, (ConsentPurpose.SENSITIVE,), now),
            erase=Keep(sensitive=Erase.BLANK),
        ),
    ),
)

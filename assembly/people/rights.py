"""A person's rights over what the group holds, and an account's over what the site holds.

The work is done by the shared engine (`web/rights.py`) from every feature's
declaration; here is what belongs to people: whose rows (a person and the account
linked to it, within the person's group), the journal, and the rule that a member of
the group is not erased behind the back of their membership.
"""

from flask_babel import format_datetime
from flask_babel import gettext as _

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Membership
from assembly.people.models import Person
from assembly.trace.operations import record
from assembly.web.rights import Counts, Found, archive, erase_subjects, plan, reach, subject_seeds

# The journal's verbs (subject: the group, or the account; never the person's name).
PERSON_EXPORTED = "person.exported"
PERSON_ERASED = "person.erased"
ACCOUNT_EXPORTED = "account.exported"


def person_reach(person: Person) -> Found:
    """Every row of the person's group that refers to them or to their account."""
    seeds = subject_seeds("people", [person.id])[person.group_id]
    return reach(seeds, person.group_id)


def export_person(person: Person, *, by: User) -> bytes:
    """A zip of everything the group holds about `person`; the journal notes who made it."""
    readme = _(
        "Everything %(group)s holds about %(name)s, on %(date)s. data.json holds every table; "
        "each .csv file holds one table, to open in a spreadsheet.",
        group=person.group.name,
        name=person.label,
        date=format_datetime(utcnow()),
    )
    about = {"group": person.group.slug, "person_id": person.id}
    data = archive(person_reach(person), about, readme)
    group = person.group
    record(PERSON_EXPORTED, group, group_id=group.id, actor_id=by.id, person=person.id)
    db.session.commit()
    return data


def export_account(user: User) -> bytes:
    """A zip of everything the site holds about `user`: the account, its memberships, the
    people linked to it in every group and what refers to them."""
    readme = _(
        "Everything this site holds about your account (%(username)s) and about you in each "
        "of your groups, on %(date)s. data.json holds every table; each .csv file holds one "
        "table, to open in a spreadsheet.",
        username=user.username,
        date=format_datetime(utcnow()),
    )
    data = archive(reach({"users": {user.id}}), {"account": user.username}, readme)
    record(ACCOUNT_EXPORTED, user, actor_id=user.id)
    db.session.commit()
    return data


def still_member(person: Person) -> bool:
    """Whether the person's account is a member of their group: then an administrator
    removes the membership first, and erasure never leaves a member half-anonymous."""
    if person.user_id is None:
        return False
    query = db.select(Membership.id).filter_by(user_id=person.user_id, group_id=person.group_id)
    query = query.where(Membership.of_member)
    return db.session.scalar(query) is not None


def erasure_plan(person: Person) -> Counts:
    """What erasing `person` would delete and keep anonymised, by feature."""
    return plan(person_reach(person))


def erase_person(person: Person, *, by: User) -> Counts:
    """Delete or anonymise every row of the group that refers to `person`, as each feature
    declares; the journal keeps that it was done and how many rows, not who."""
    if still_member(person):
        raise ValueError("a member of the group is removed from it before being erased")
    hold(Person, person.id)
    group, person_id = person.group, person.id
    counts = erase_subjects("people", [person_id])
    record(
        PERSON_ERASED,
        group,
        group_id=group.id,
        actor_id=by.id,
        person=person_id,
        deleted=counts.total_deleted,
        kept=counts.total_kept,
    )
    db.session.commit()
    return counts

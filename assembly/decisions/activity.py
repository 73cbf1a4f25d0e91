"""What decisions tell the contact book about a person (people.activity): their named
ballots — cast from a phone at a meeting, or online with their linked account. A secret
ballot names nobody and never shows here. One query."""

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import false, or_, select

from assembly.decisions.models import Ballot, Decision
from assembly.extensions import db
from assembly.meetings.models import Attendance
from assembly.people.activity import Activity, provides
from assembly.people.models import Person


@provides
def ballots(person: Person) -> Iterator[Activity]:
    theirs = Ballot.attendance_id.in_(
        select(Attendance.id).where(Attendance.person_id == person.id)
    )
    by_account = Ballot.user_id == person.user_id if person.user_id is not None else false()
    query = (
        select(Ballot, Decision)
        .join(Decision, Decision.id == Ballot.decision_id)
        .where(
            Decision.group_id == person.group_id,
            Decision.secret.is_(False),
            Ballot.voter.is_not(None),  # a named ballot
            or_(theirs, by_account),
        )
    )
    for ballot, decision in db.session.execute(query):
        if ballot.choice is not None:
            text = _(
                "Voted “%(choice)s” on: %(question)s",
                choice=ballot.choice.label,
                question=decision.question,
            )
        else:
            text = _("Voted on: %(question)s", question=decision.question)
        when = ballot.cast_at or decision.closed_at or decision.created_at
        url = url_for("decisions.show", slug=person.group.slug, decision_id=decision.id)
        yield Activity(when, _("Decision"), text, url)

"""Every contribution to the group, from whichever record holds it: the one list the
report's sections count.

A contribution is one act of taking part — a need voiced, a "moi aussi", a conversation
at a door, a turn at speaking, a vote, an argument, a petition signature, a position on a
consulted paragraph, a comment or an amendment, the support of an amendment — with how
it came (its channel), when, and who made it as far as the records can tell.

`who` is a key that names one person the same way across sources, so that someone who
supports a need, speaks at a meeting and signs a petition counts once:

- ``p12``: a Person of the group's contact book (an account's contributions go to the
  Person that account is linked to in this group, `Person.user_id`);
- ``u7``: an account with no Person in this group;
- ``a31``: someone signed in at a meeting with neither account nor contact;
- ``k:<key>``: an anonymous browser's "moi aussi", or what it said or took in a
  consultation (its `anonymous_key`: the same browser is the same key);
- ``s:<name>|<place>``: a petition signature without a contact (its normalised name and place);
- None: nothing tells who — a secret ballot, a door without a contact, hands counted.

A consultation counts once it is published (a draft is the team's work) and only what
the public may trust: approved comments and amendments, and the positions and supports
of amendments on them (`consultations.counts` counts the same).

Hands counted at a meeting for a need (`CountedSupport`) are supports of people nobody
named: each hand is one contribution without a `who`, so a count of 12 is 12 rows. The
counted hands of a meeting's vote are not: they are a tally of the room, not ballots.

One query per source, only the columns needed, no query per row: at 100,000
contributions this is read in well under a second or two.
"""

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from assembly.campaigns.models import Campaign, Petition, Signature, SignedVia
from assembly.canvassing.models import Visit, VisitOutcome, visit_themes
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    ContributionType,
    Endorsement,
    Stance,
)
from assembly.consultations.models import Contribution as Said
from assembly.decisions.models import Argument, Ballot, Decision
from assembly.enums import Labelled
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Attendance, Meeting, SpeakerTurn
from assembly.needs.models import Channel, CountedSupport, Moderation, Need, Support
from assembly.people.models import Person


class ContributionKind(Labelled, StrEnum):
    """The kinds of contribution the report counts, in the order it lists them."""

    __labels__ = {
        "need": _l("need"),
        "support": _l("“me too” support"),
        "conversation": _l("door-step conversation"),
        "turn": _l("speaking turn"),
        "ballot": _l("vote"),
        "argument": _l("argument in a vote"),
        "signature": _l("petition signature"),
        "position": _l("position on a consulted paragraph"),
        "comment": _l("comment in a consultation"),
        "amendment": _l("amendment in a consultation"),
        "endorsement": _l("support of an amendment"),
    }

    NEED = "need"
    SUPPORT = "support"
    CONVERSATION = "conversation"
    TURN = "turn"
    BALLOT = "ballot"
    ARGUMENT = "argument"
    SIGNATURE = "signature"
    POSITION = "position"
    COMMENT = "comment"
    AMENDMENT = "amendment"
    ENDORSEMENT = "endorsement"


class Contribution(NamedTuple):
    """One act of taking part. `at` is naive UTC; `theme_id` and `place` when the record
    has them (a need's, a door's building, a signature's street), else None and ""."""

    kind: ContributionKind
    channel: Channel
    who: str | None
    at: datetime
    theme_id: int | None
    place: str


def contributions(
    group: Group, since: datetime | None = None, until: datetime | None = None
) -> list[Contribution]:
    """The group's contributions made from `since` (included) to `until` (excluded), in
    the order they were made; either bound may be left open."""
    people = _people_of_accounts(group)
    found: list[Contribution] = []
    for source in SOURCES:
        found.extend(source(group, since, until, people))
    found.sort(key=lambda contribution: contribution.at)
    return found


def _people_of_accounts(group: Group) -> dict[int, int]:
    """{user id: person id} for the accounts linked to a Person of the group (the first
    one, should an account be linked to two)."""
    rows = _rows(
        select(Person.user_id, func.min(Person.id))
        .where(Person.group_id == group.id, Person.user_id.is_not(None))
        .group_by(Person.user_id)
    )
    return dict(rows.all())


def _rows(statement):
    """The statement's rows as plain tuples: through the session's connection, not the ORM,
    which would spend more on each of 100,000 rows than the database does."""
    return db.session.connection().execute(statement)


def _who(people: dict[int, int], person_id: int | None, user_id: int | None) -> str | None:
    """The key of a contact, else of the account's contact in the group, else the account."""
    if person_id is not None:
        return f"p{person_id}"
    if user_id is not None:
        linked = people.get(user_id)
        return f"p{linked}" if linked is not None else f"u{user_id}"
    return None


def _within(column, since: datetime | None, until: datetime | None) -> list:
    """SQL conditions keeping `column` between the bounds that are given."""
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def _needs(group, since, until, people) -> Iterator[Contribution]:
    """Needs voiced, whatever became of them, except spam."""
    rows = _rows(
        select(
            Need.channel, Need.person_id, Need.author_id, Need.created_at, Need.theme_id, Need.place
        ).where(
            Need.group_id == group.id,
            Need.moderation != Moderation.SPAM,
            *_within(Need.created_at, since, until),
        )
    )
    for channel, person_id, author_id, at, theme_id, place in rows:
        yield Contribution(
            ContributionKind.NEED, channel, _who(people, person_id, author_id), at, theme_id, place
        )


def _supports(group, since, until, people) -> Iterator[Contribution]:
    """Each counted "moi aussi" (not one held for review) on a need that is not spam."""
    rows = _rows(
        select(
            Support.channel,
            Support.person_id,
            Support.user_id,
            Support.anonymous_key,
            Support.created_at,
            Need.theme_id,
            Need.place,
        )
        .join(Need, Need.id == Support.need_id)
        .where(
            Need.group_id == group.id,
            Need.moderation != Moderation.SPAM,
            Support.held.is_(False),
            *_within(Support.created_at, since, until),
        )
    )
    for channel, person_id, user_id, anonymous_key, at, theme_id, place in rows:
        who = _who(people, person_id, user_id)
        if who is None and anonymous_key:
            who = f"k:{anonymous_key}"
        yield Contribution(ContributionKind.SUPPORT, channel, who, at, theme_id, place)


def _counted_supports(group, since, until, people) -> Iterator[Contribution]:
    """Hands counted for a need: one contribution per hand, nobody named."""
    rows = _rows(
        select(
            CountedSupport.count,
            CountedSupport.channel,
            CountedSupport.created_at,
            Need.theme_id,
            Need.place,
        )
        .join(Need, Need.id == CountedSupport.need_id)
        .where(
            Need.group_id == group.id,
            Need.moderation != Moderation.SPAM,
            CountedSupport.count > 0,
            *_within(CountedSupport.created_at, since, until),
        )
    )
    for count, channel, at, theme_id, place in rows:
        hand = Contribution(ContributionKind.SUPPORT, channel, None, at, theme_id, place)
        yield from [hand] * count


def _conversations(group, since, until, people) -> Iterator[Contribution]:
    """Doors where someone talked with the group (theme: the first one noted there)."""
    themes = (
        select(visit_themes.c.visit_id, func.min(visit_themes.c.theme_id).label("theme_id"))
        .group_by(visit_themes.c.visit_id)
        .subquery()
    )
    rows = _rows(
        select(Visit.person_id, Visit.created_at, themes.c.theme_id, Visit.building)
        .outerjoin(themes, themes.c.visit_id == Visit.id)
        .where(
            Visit.group_id == group.id,
            Visit.outcome == VisitOutcome.TALKED,
            *_within(Visit.created_at, since, until),
        )
    )
    for person_id, at, theme_id, building in rows:
        who = _who(people, person_id, None)
        yield Contribution(ContributionKind.CONVERSATION, Channel.DOOR, who, at, theme_id, building)


def _attendee(people, attendance_id, person_id, user_id) -> str | None:
    """Who signed in at a meeting: their contact, their account, else that attendance."""
    if attendance_id is None:
        return None
    return _who(people, person_id, user_id) or f"a{attendance_id}"


def _turns(group, since, until, people) -> Iterator[Contribution]:
    """Turns at speaking that were given (started), not those withdrawn."""
    rows = _rows(
        select(Attendance.id, Attendance.person_id, Attendance.user_id, SpeakerTurn.started_at)
        .join(Attendance, Attendance.id == SpeakerTurn.attendance_id)
        .join(Meeting, Meeting.id == SpeakerTurn.meeting_id)
        .where(
            Meeting.group_id == group.id,
            SpeakerTurn.started_at.is_not(None),
            SpeakerTurn.withdrawn.is_(False),
            *_within(SpeakerTurn.started_at, since, until),
        )
    )
    for attendance_id, person_id, user_id, at in rows:
        who = _attendee(people, attendance_id, person_id, user_id)
        yield Contribution(ContributionKind.TURN, Channel.MEETING, who, at, None, "")


def _ballots(group, since, until, people) -> Iterator[Contribution]:
    """Ballots cast, at a meeting or online. A secret ballot has no time of its own and
    names nobody: it counts at the decision's closing (else its opening)."""
    at = func.coalesce(Ballot.cast_at, Decision.closed_at, Decision.opened_at, Decision.created_at)
    rows = _rows(
        select(
            Ballot.user_id,
            Attendance.id,
            Attendance.person_id,
            Attendance.user_id,
            Decision.meeting_id,
            at,
        )
        .join(Decision, Decision.id == Ballot.decision_id)
        .outerjoin(Attendance, Attendance.id == Ballot.attendance_id)
        .where(Decision.group_id == group.id, *_within(at, since, until))
    )
    for user_id, attendance_id, person_id, attendee_user_id, meeting_id, moment in rows:
        who = _who(people, None, user_id) or _attendee(
            people, attendance_id, person_id, attendee_user_id
        )
        channel = Channel.MEETING if meeting_id is not None else Channel.WEB
        yield Contribution(ContributionKind.BALLOT, channel, who, moment, None, "")


def _arguments(group, since, until, people) -> Iterator[Contribution]:
    """Arguments for or against, written online before a vote."""
    rows = _rows(
        select(Argument.user_id, Argument.created_at)
        .join(Decision, Decision.id == Argument.decision_id)
        .where(Decision.group_id == group.id, *_within(Argument.created_at, since, until))
    )
    for user_id, at in rows:
        yield Contribution(
            ContributionKind.ARGUMENT, Channel.WEB, _who(people, None, user_id), at, None, ""
        )


def _signatures(group, since, until, people) -> Iterator[Contribution]:
    """Petition signatures that count (not a duplicate, not held), paper when typed in
    from a batch of sheets."""
    rows = _rows(
        select(
            Signature.person_id,
            Signature.name_key,
            Signature.place_key,
            or_(Signature.batch_id.is_not(None), Signature.via == SignedVia.PAPER),
            Signature.created_at,
            Signature.place,
        )
        .join(Petition, Petition.id == Signature.petition_id)
        .join(Campaign, Campaign.id == Petition.campaign_id)
        .where(
            Campaign.group_id == group.id,
            Signature.counted(),
            *_within(Signature.created_at, since, until),
        )
    )
    for person_id, name_key, place_key, paper, at, place in rows:
        who = _who(people, person_id, None)
        if who is None and name_key:
            who = f"s:{name_key}|{place_key}"
        channel = Channel.PAPER if paper else Channel.WEB
        yield Contribution(ContributionKind.SIGNATURE, channel, who, at, None, place)


def _browser(people, person_id, user_id, anonymous_key) -> str | None:
    """A contact, else an account, else an anonymous browser's key."""
    who = _who(people, person_id, user_id)
    if who is None and anonymous_key:
        who = f"k:{anonymous_key}"
    return who


def _published(group):
    """SQL: the group's consultations once published (a draft is the team's work)."""
    return (Consultation.group_id == group.id, Consultation.stage != ConsultationStage.DRAFT)


def _positions(group, since, until, people) -> Iterator[Contribution]:
    """ "I agree" or "I disagree" on a paragraph, online."""
    rows = _rows(
        select(Stance.person_id, Stance.user_id, Stance.anonymous_key, Stance.created_at)
        .join(Consultation, Consultation.id == Stance.consultation_id)
        .where(*_published(group), *_within(Stance.created_at, since, until))
    )
    for person_id, user_id, anonymous_key, at in rows:
        who = _browser(people, person_id, user_id, anonymous_key)
        yield Contribution(ContributionKind.POSITION, Channel.WEB, who, at, None, "")


def _consulted(group, since, until, people) -> Iterator[Contribution]:
    """Comments and amendments the team approved, on the channel they came by (one the
    team typed in from paper names nobody unless it names a contact)."""
    rows = _rows(
        select(Said.kind, Said.channel, Said.person_id, Said.user_id, Said.anonymous_key)
        .add_columns(Said.created_at)
        .join(Consultation, Consultation.id == Said.consultation_id)
        .where(
            *_published(group),
            Said.moderation == Moderation.APPROVED,
            *_within(Said.created_at, since, until),
        )
    )
    for kind, channel, person_id, user_id, anonymous_key, at in rows:
        who = _browser(people, person_id, user_id, anonymous_key)
        counted = (
            ContributionKind.AMENDMENT
            if kind == ContributionType.AMENDMENT
            else ContributionKind.COMMENT
        )
        yield Contribution(counted, channel, who, at, None, "")


def _endorsements(group, since, until, people) -> Iterator[Contribution]:
    """Supports of approved amendments, online."""
    rows = _rows(
        select(
            Endorsement.person_id,
            Endorsement.user_id,
            Endorsement.anonymous_key,
            Endorsement.created_at,
        )
        .join(Said, Said.id == Endorsement.contribution_id)
        .join(Consultation, Consultation.id == Said.consultation_id)
        .where(
            *_published(group),
            Said.moderation == Moderation.APPROVED,
            *_within(Endorsement.created_at, since, until),
        )
    )
    for person_id, user_id, anonymous_key, at in rows:
        who = _browser(people, person_id, user_id, anonymous_key)
        yield Contribution(ContributionKind.ENDORSEMENT, Channel.WEB, who, at, None, "")


SOURCES = (
    _needs,
    _supports,
    _counted_supports,
    _conversations,
    _turns,
    _ballots,
    _arguments,
    _signatures,
    _positions,
    _consulted,
    _endorsements,
)


def people_in(found: list[Contribution]) -> int:
    """How many people a set of contributions stands for, to decide whether it may be
    shown: the distinct known ones, and each unnamed contribution as someone of its own
    (two secret ballots or three hands counted still read "< 5")."""
    known = {contribution.who for contribution in found if contribution.who is not None}
    return len(known) + sum(1 for contribution in found if contribution.who is None)

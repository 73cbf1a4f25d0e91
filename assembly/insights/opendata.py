"""The open data: what each file of the export holds, field by field, and its rows.

One `Table` per CSV file. Its fields say the name, the Frictionless type and what the
column means (the data page and `datapackage.json` read the same words); its `rows`
read the records as the file is written, a thousand at a time, so an export of a
hundred thousand needs costs the memory of a thousand.

Anonymised by construction: no column names a person, holds a contact or a place, and
free text (a need's title, a decision's question, a campaign's or a consultation's title)
appears only where the public already reads it. Counts of people under `SMALL` are left
empty, as in the report, except the counts a public page already shows everyone (a public
decision's votes, a public consultation's paragraphs).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, and_, func, literal, select, union_all

from assembly.campaigns.models import Campaign, Commitment
from assembly.consultations.counts import paragraph_counts, text_paragraph_ids
from assembly.consultations.models import Consultation, ConsultationStage
from assembly.consultations.synthesis import outcomes
from assembly.decisions.models import Decision
from assembly.extensions import db
from assembly.groups.access import NOBODY
from assembly.groups.models import Group
from assembly.insights.figures import SMALL, suppress
from assembly.meetings.models import Attendance, Meeting
from assembly.needs.models import CountedSupport, Moderation, Need, Support, Theme
from assembly.tasks.models import Task

BATCH = 1000  # rows read from the database at a time


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless type: integer, string, boolean, date, yearmonth
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[Group, date], Iterator[tuple]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


def month(moment: datetime | date | None) -> str | None:
    """A yearmonth cell ("2026-03"), or empty."""
    return moment.strftime("%Y-%m") if moment else None


def day(moment: datetime | date | None) -> str | None:
    """A date cell ("2026-03-14"), or empty."""
    return moment.strftime("%Y-%m-%d") if moment else None


def flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def people(count: int) -> int | None:
    """A count of people, left empty when it stands for 1 to 4 of them (`SMALL`)."""
    return count if count == 0 or count >= SMALL else None


def streamed(query) -> Iterator:
    return db.session.execute(query.execution_options(yield_per=BATCH))


# Needs and their supports


def exported_needs(group: Group):
    """SQL: the group's needs in the export: all but spam (nobody's contribution)."""
    return and_(Need.group_id == group.id, Need.moderation != Moderation.SPAM)


def need_rows(group: Group, today: date) -> Iterator[tuple]:
    merged = db.aliased(Need)
    query = (
        select(
            Need.number,
            Theme.name,
            Need.channel,
            Need.status,
            Need.moderation,
            merged.number,
            Need.created_at,
            Need.total_support,
            Need.title,
            Need.body,
        )
        .outerjoin(Theme, Theme.id == Need.theme_id)
        .outerjoin(merged, merged.id == Need.merged_into_id)
        .where(exported_needs(group))
        .order_by(Need.number)
    )
    for (
        number,
        theme,
        channel,
        status,
        moderation,
        into,
        created,
        supports,
        title,
        body,
    ) in streamed(query):
        public = moderation == Moderation.APPROVED and into is None
        yield (
            number,
            theme,
            str(channel),
            str(status),
            flag(moderation == Moderation.APPROVED),
            into,
            month(created),
            supports,
            title if public else None,
            body if public else None,
        )


def support_rows(group: Group, today: date) -> Iterator[tuple]:
    """Supports counted per need and channel: online ones (one a person, held ones
    aside) and those counted off-line, never a row per supporter."""
    online = select(
        Support.need_id.label("need_id"),
        Support.channel.label("channel"),
        literal(1, Integer).label("people"),
    ).where(Support.held.is_(False))
    counted = select(CountedSupport.need_id, CountedSupport.channel, CountedSupport.count)
    every = union_all(online, counted).subquery()
    query = (
        select(Need.number, every.c.channel, func.sum(every.c.people))
        .join(Need, Need.id == every.c.need_id)
        .where(exported_needs(group))
        .group_by(Need.number, every.c.channel)
        .order_by(Need.number, every.c.channel)
    )
    for number, channel, count in streamed(query):
        yield number, str(channel), int(count)


# Meetings, decisions, tasks


def meeting_rows(group: Group, today: date) -> Iterator[tuple]:
    present = Attendance.counted()
    attendance = (
        select(
            Attendance.meeting_id,
            func.count(Attendance.id).label("present"),
            func.count(Attendance.id).filter(Attendance.first_time.is_(True)).label("first"),
        )
        .where(present)
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.kind,
            Meeting.state,
            Meeting.public,
            attendance.c.present,
            attendance.c.first,
        )
        .outerjoin(attendance, attendance.c.meeting_id == Meeting.id)
        .where(Meeting.group_id == group.id)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    for meeting_id, starts_at, kind, state, public, present_count, first in streamed(query):
        yield (
            meeting_id,
            day(starts_at),
            str(kind),
            str(state),
            flag(public),
            people(present_count or 0),
            people(first or 0),
        )


def decision_counts(public: bool, result: dict | None) -> list[int | None]:
    """Ballots, yes, no, abstain: as the public reads them on a public decision; for one
    kept to members, each count of voters under `SMALL` is left empty (and the next
    smallest with it, so that the total does not give it back)."""
    result = result or {}
    keys = ("yes", "no", "abstain")
    ballots = result.get("ballots")
    counts = [result.get(key) for key in keys]
    if public:
        return [ballots, *counts]
    given = {
        key: (value, value) for key, value in zip(keys, counts, strict=True) if value is not None
    }
    cells = suppress(given)
    shown = [cells[key].as_dict()["value"] if key in cells else None for key in keys]
    return [people(ballots) if ballots is not None else None, *shown]


def winner(result: dict | None) -> str | None:
    """The option ranked first in a majority judgment, or empty."""
    ranking = (result or {}).get("ranking") or []
    first = [row.get("label", "") for row in ranking if row.get("rank") == 1]
    return " / ".join(first) or None


def decision_rows(group: Group, today: date) -> Iterator[tuple]:
    shown = Decision.visible_to(NOBODY)
    query = (
        select(Decision, shown.label("shown"))
        .where(Decision.group_id == group.id)
        .order_by(Decision.id)
    )
    for decision, public in streamed(query):
        public = bool(public)
        yield (
            decision.id,
            decision.meeting_id,
            day(decision.closed_at),
            str(decision.method),
            str(decision.status),
            str(decision.outcome) if decision.outcome else None,
            flag(public),
            decision.question if public else None,
            winner(decision.result) if public else None,
            *decision_counts(public, decision.result),
        )


def task_rows(group: Group, today: date) -> Iterator[tuple]:
    query = (
        select(Task.id, Task.created_at, Task.due_on, Task.done_at, Task.meeting_id)
        .where(Task.group_id == group.id)
        .order_by(Task.id)
    )
    for task_id, created, due, done_at, meeting_id in streamed(query):
        late = done_at is None and due is not None and due < today
        status = "done" if done_at else ("late" if late else "open")
        yield task_id, month(created), month(due), flag(done_at is not None), status, meeting_id


# Campaigns and the target's commitments


def campaign_rows(group: Group, today: date) -> Iterator[tuple]:
    shown = Campaign.visible_to(NOBODY)
    query = (
        select(
            Campaign.id,
            Campaign.title,
            Campaign.stage,
            shown.label("shown"),
            Campaign.created_at,
            Campaign.started_at,
            Campaign.ended_at,
        )
        .where(Campaign.group_id == group.id)
        .order_by(Campaign.id)
    )
    for campaign_id, title, stage, public, created, started, ended in streamed(query):
        public = bool(public)
        yield (
            campaign_id,
            title if public else None,
            str(stage),
            flag(public),
            day(created),
            day(started),
            day(ended),
        )


def commitment_rows(group: Group, today: date) -> Iterator[tuple]:
    """The commitments of the campaigns the public reads: their state as every page shows
    it today (`Commitment.effective_state`), and their date."""
    query = (
        select(
            Commitment.id,
            Commitment.campaign_id,
            Commitment.effective_state(today),
            Commitment.due_on,
            Commitment.created_at,
        )
        .join(Campaign, Campaign.id == Commitment.campaign_id)
        .where(Campaign.group_id == group.id, Campaign.visible_to(NOBODY))
        .order_by(Commitment.id)
    )
    for commitment_id, campaign_id, state, due, created in streamed(query):
        yield commitment_id, campaign_id, str(state), day(due), day(created)


# Consultations


def consultation_rows(group: Group, today: date) -> Iterator[tuple]:
    """Each paragraph of the text put to the residents, for the consultations the public
    reads: the counts its page shows everyone, and whether the final text changed it.
    No contribution's words, no one's name."""
    published = db.session.scalars(
        select(Consultation)
        .where(Consultation.group_id == group.id, Consultation.stage != ConsultationStage.DRAFT)
        .order_by(Consultation.number)
    )
    for consultation in published:
        if not consultation.shown_to(NOBODY):
            continue
        ids = text_paragraph_ids(consultation.consulted.id)
        counts = paragraph_counts(ids)
        changed = {}
        if consultation.published_final is not None:  # never the team's draft
            changed = {
                outcome.original.id: outcome.changed
                for outcome in outcomes(consultation)
                if outcome.original is not None
            }
        for position, paragraph_id in enumerate(ids, start=1):
            said = counts[paragraph_id]
            yield (
                consultation.number,
                consultation.title,
                str(consultation.stage),
                position,
                said.support,
                said.oppose,
                said.comments,
                said.amendments,
                said.contributors,
                flag(changed[paragraph_id]) if paragraph_id in changed else None,
            )

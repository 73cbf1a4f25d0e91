"""The report's section: what became of the needs raised in the period.

Each need raised in the period (spam and rejected ones aside) is followed along the
stages its trace tells: discussed at a meeting (on the agenda of a meeting held, not
cancelled), decided (a decision about it adopted, rejected or chose an option), acted on
(taken into a campaign, marked "taken up", or a task made from its agenda item or its
decision), resolved. Each stage counts the needs that reached it, whichever way they
came: a need can be resolved without ever going to a meeting. Stages are read as they
stood at the end of the period, so that the bilan of a past period stays what it was.

A need grouped into another counts once, through the need it joined, and is said apart
("merged"); so are the declined ones. Every cell is a count of needs, and the people
behind it are the needs' distinct authors and supporters: a cell of fewer than five is
hidden (`figures.suppress`), in its row and in its column across themes, and a rate of a
hidden count is hidden too.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from assembly.campaigns.events import NEED_IN_CAMPAIGN
from assembly.decisions.events import NEED_DECIDED
from assembly.decisions.models import DecisionOutcome, decision_needs
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.figures import median, share, suppress
from assembly.insights.period import Period
from assembly.insights.report import section
from assembly.meetings.models import AgendaItem, Meeting, agenda_item_needs
from assembly.needs.events import NEED_MERGED, NEED_STATUS_CHANGED
from assembly.needs.models import Moderation, Need, NeedStatus, Support, Theme
from assembly.people.models import Person
from assembly.tasks.models import Task
from assembly.trace.models import Event

STAGES = ("raised", "discussed", "decided", "acted", "resolved")
# A decision that settled something; a tie, a void vote or one sent to a vote did not.
DECIDING = {
    str(DecisionOutcome.ADOPTED),
    str(DecisionOutcome.REJECTED),
    str(DecisionOutcome.CHOSEN),
}
VERBS = (NEED_STATUS_CHANGED, NEED_DECIDED, NEED_IN_CAMPAIGN, NEED_MERGED)


@dataclass
class Path:
    """How far one need went by the end of the period, and who stands behind it."""

    theme_id: int | None
    created_at: datetime
    people: set = field(default_factory=set)
    status: str = str(NeedStatus.NEW)
    resolved_at: datetime | None = None
    merged: bool = False
    discussed: bool = False
    decisions: dict = field(default_factory=dict)  # decision id → latest outcome
    acted: bool = False

    @property
    def decided(self) -> bool:
        return any(outcome in DECIDING for outcome in self.decisions.values())

    def reached(self, stage: str) -> bool:
        if stage == "raised":
            return True
        if stage == "resolved":
            return self.status == str(NeedStatus.RESOLVED)
        return getattr(self, stage)


def _cohort(group: Group, period: Period):
    """SQL: the needs raised in the period that count (spam and rejected aside)."""
    return (
        db.select(Need.id)
        .where(
            Need.group_id == group.id,
            Need.created_at >= period.since,
            Need.created_at < period.until,
            Need.moderation.not_in((Moderation.REJECTED, Moderation.SPAM)),
        )
        .scalar_subquery()
    )


def _paths(group: Group, period: Period) -> dict[int, Path]:
    rows = db.session.execute(
        db.select(Need.id, Need.theme_id, Need.created_at, Need.person_id, Need.author_id).where(
            Need.id.in_(_cohort(group, period))
        )
    )
    paths = {}
    for need_id, theme_id, created_at, person_id, author_id in rows:
        paths[need_id] = Path(theme_id, created_at)
        if person_id or author_id:
            paths[need_id].people.add(("p", person_id) if person_id else ("u", author_id))
    return paths


def _read_events(group: Group, period: Period, paths: dict[int, Path]) -> None:
    """The need's trace up to the period's end: its status, merge, decisions, campaigns."""
    events = db.session.execute(
        db.select(Event.subject_id, Event.verb, Event.payload, Event.created_at)
        .where(
            Event.group_id == group.id,
            Event.subject_type == Need.__tablename__,
            Event.verb.in_(VERBS),
            Event.created_at < period.until,
            Event.subject_id.in_(_cohort(group, period)),
        )
        .order_by(Event.created_at, Event.id)
    )
    for need_id, verb, payload, at in events:
        path, payload = paths[need_id], payload or {}
        if verb == NEED_STATUS_CHANGED:
            path.status = payload.get("new", path.status)
            if path.status == str(NeedStatus.RESOLVED):
                path.resolved_at = at
            path.acted |= path.status == str(NeedStatus.TAKEN_UP)
        elif verb == NEED_DECIDED:
            path.decisions[payload.get("decision_id")] = payload.get("outcome")
        elif verb == NEED_IN_CAMPAIGN:
            path.acted = True
        elif verb == NEED_MERGED:
            path.merged = True


def _read_meetings_and_tasks(group: Group, period: Period, paths: dict[int, Path]) -> None:
    """On the agenda of a meeting held by the period's end; a task from its item or decision."""
    cohort = _cohort(group, period)
    held = (
        db.select(agenda_item_needs.c.need_id)
        .join(AgendaItem, AgendaItem.id == agenda_item_needs.c.item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.group_id == group.id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at < period.until,
            agenda_item_needs.c.need_id.in_(cohort),
        )
    )
    for need_id in db.session.scalars(held):
        paths[need_id].discussed = True
    before_end = (Task.group_id == group.id) & (Task.created_at < period.until)
    from_items = (
        db.select(agenda_item_needs.c.need_id)
        .join(Task, Task.item_id == agenda_item_needs.c.item_id)
        .where(before_end, agenda_item_needs.c.need_id.in_(cohort))
    )
    from_decisions = (
        db.select(decision_needs.c.need_id)
        .join(Task, Task.decision_id == decision_needs.c.decision_id)
        .where(before_end, decision_needs.c.need_id.in_(cohort))
    )
    for need_id in db.session.scalars(from_items.union(from_decisions)):
        paths[need_id].acted = True


def _read_supporters(group: Group, period: Period, paths: dict[int, Path]) -> None:
    """Each supporter once, by person when known, else by account, else by browser."""
    person_of = dict(
        db.session.execute(
            db.select(Person.user_id, Person.id).where(
                Person.group_id == group.id, Person.user_id.is_not(None)
            )
        ).all()
    )
    for path in paths.values():
        path.people = {
            ("p", person_of[key]) if kind == "u" and key in person_of else (kind, key)
            for kind, key in path.people
        }
    supports = db.session.execute(
        db.select(Support.need_id, Support.person_id, Support.user_id, Support.anonymous_key).where(
            Support.need_id.in_(_cohort(group, period)), Support.held.is_(False)
        )
    )
    for need_id, person_id, user_id, key in supports:
        if person_id or user_id in person_of:
            who = ("p", person_id or person_of[user_id])
        else:
            who = ("u", user_id) if user_id else ("a", key)
        paths[need_id].people.add(who)
    for need_id, path in paths.items():  # raised by someone unknown: one person of its own
        if not path.people:
            path.people.add(("n", need_id))


def _cells(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Each stage as (needs, distinct people behind them)."""
    cells = {}
    for stage in STAGES:
        reached = [path for path in paths if path.reached(stage)]
        cells[stage] = (len(reached), len(set().union(*(path.people for path in reached))))
    return cells


def _rates(values: dict[str, int | None]) -> dict[str, float | None]:
    return {stage: share(values[stage], values["raised"]) for stage in STAGES[1:]}


def _by_theme(paths: list[Path], names: dict[int, str]) -> list[dict]:
    """Theme × stage, each cell hidden when its row or its column would tell on a few."""
    grouped = defaultdict(list)
    for path in paths:
        grouped[path.theme_id if path.theme_id in names else None].append(path)
    cells = {theme: _cells(rows) for theme, rows in grouped.items()}
    hidden = {
        (theme, stage)
        for theme, row in cells.items()
        for stage, cell in suppress(row).items()
        if not cell.shown
    }
    for stage in STAGES:  # the column adds up to the overall count, which is shown
        column = {
            theme: (row[stage][0], 1 if (theme, stage) in hidden else row[stage][1])
            for theme, row in cells.items()
        }
        hidden |= {(theme, stage) for theme, cell in suppress(column).items() if not cell.shown}
    found = []
    for theme, row in cells.items():
        values = {stage: None if (theme, stage) in hidden else row[stage][0] for stage in STAGES}
        found.append(
            {"theme_id": theme, "theme": names.get(theme), **values, "rates": _rates(values)}
        )
    found.sort(key=lambda row: (row["theme"] is None, -cells[row["theme_id"]]["raised"][0]))
    return found


@section("funnel", "insights/_funnel.html", order=50)
def funnel(group: Group, period: Period) -> dict:
    """How far the needs raised in the period went, overall and by theme."""
    paths = _paths(group, period)
    _read_events(group, period, paths)
    _read_meetings_and_tasks(group, period, paths)
    _read_supporters(group, period, paths)
    merged = [path for path in paths.values() if path.merged]
    counted = [path for path in paths.values() if not path.merged]
    cells = _cells(counted)
    shown = suppress({stage: cells[stage] for stage in STAGES[1:]})
    values = {
        "raised": len(counted),
        **{stage: cell.as_dict()["value"] for stage, cell in shown.items()},
    }
    delays = [
        (path.resolved_at - path.created_at).total_seconds() / 86400
        for path in counted
        if path.reached("resolved") and path.resolved_at is not None
    ]
    known = values["resolved"] is not None and delays
    names = dict(
        db.session.execute(db.select(Theme.id, Theme.name).filter_by(group_id=group.id)).all()
    )
    return {
        **values,
        "merged": len(merged),
        "declined": sum(path.status == str(NeedStatus.DECLINED) for path in counted),
        "rates": _rates(values),
        "median_days": round(median(delays), 1) if known else None,
        "median_over": len(delays) if known else None,
        "by_theme": _by_theme(counted, names),
    }

"""The group's register of decisions (relevé de décisions): a page and a CSV."""

from flask import g
from flask_babel import to_user_timezone
from sqlalchemy.orm import selectinload

from assembly.clock import utcnow
from assembly.decisions.models import Decision, DecisionOutcome, Grade
from assembly.decisions.operations import online as operations
from assembly.decisions.views import bp
from assembly.extensions import db
from assembly.groups.access import Viewer, group_view
from assembly.groups.models import Group, Role
from assembly.meetings.models import Meeting
from assembly.web.inputs import asked_page
from assembly.web.render import render
from assembly.web.spreadsheet import BATCH, csv_response

PER_PAGE = 50
COLUMNS = (
    "date",
    "method",
    "question",
    "outcome",
    "ballots",
    "yes",
    "no",
    "abstain",
    "chosen_option",
    "majority_grade",
    "needs",
    "public",
)


def over(group: Group, *, viewer: Viewer, now):
    """The group's decisions that are over and that `viewer` may see, newest first."""
    query = (
        db.select(Decision)
        .where(Decision.group_id == group.id, operations.over_clause(now))
        .options(selectinload(Decision.needs), selectinload(Decision.options))
        .order_by(operations.decided_at_column().desc(), Decision.id.desc())
    )
    return query.where(Decision.visible_to(viewer))


def entries(decisions: list[Decision], now) -> list[tuple[Decision, operations.Settled]]:
    return [(decision, operations.settled(decision, now)) for decision in decisions]


def meetings_of(decisions: list[Decision]) -> dict[int, Meeting]:
    """The meetings where these decisions were taken, by id, in one query."""
    ids = {decision.meeting_id for decision in decisions if decision.meeting_id}
    if not ids:
        return {}
    return {m.id: m for m in db.session.scalars(db.select(Meeting).where(Meeting.id.in_(ids)))}


@bp.get("/g/<slug>/decisions")
@group_view()
def register(group: Group):
    """Every decision taken, newest first, with its result and the needs it concerned.

    Members also see the members-only decisions, and the online votes under way.
    """
    members = g.viewer.is_member
    now = utcnow()
    page = asked_page()
    # One more than a page tells whether older ones exist, without counting them all.
    query = over(group, viewer=g.viewer, now=now).limit(PER_PAGE + 1)
    rows = list(db.session.scalars(query.offset((page - 1) * PER_PAGE)))
    decisions = rows[:PER_PAGE]
    return render(
        "decisions/register.html",
        group=group,
        entries=entries(decisions, now),
        meetings=meetings_of(decisions),
        running=operations.running(group, now) if members else [],
        now=now,
        page=page,
        has_older=len(rows) > PER_PAGE,
        members=members,
        team=g.viewer.is_team,
    )


def winner(result: dict) -> dict | None:
    """The option ranked first in a majority judgment, if it is the only one there."""
    first = [judged for judged in result.get("ranking", []) if judged["rank"] == 1]
    return first[0] if len(first) == 1 else None


def csv_row(decision: Decision, settled: operations.Settled) -> list:
    result = settled.result
    best = winner(result)
    grade = best["grade"] if best else None
    return [
        to_user_timezone(settled.decided_at).date().isoformat() if settled.decided_at else "",
        decision.method.label,
        decision.question,
        DecisionOutcome(settled.outcome).label,
        result.get("ballots", ""),
        result.get("yes", ""),
        result.get("no", ""),
        result.get("abstain", ""),
        best["label"] if best else "",
        Grade(grade).label if grade is not None else "",
        " ".join(need.reference for need in decision.needs),
        "yes" if decision.public else "no",
    ]


@bp.get("/g/<slug>/decisions.csv")
@group_view(Role.MEMBER)
def export_csv(group: Group):
    """The register as CSV (UTF-8 with BOM, semicolons: opens as is in French spreadsheets).

    Counts only, never a voter's name: the result snapshot holds none.
    """
    now = utcnow()
    query = over(group, viewer=g.viewer, now=now).execution_options(yield_per=BATCH)

    def rows():  # streamed a batch at a time (`csv_response`)
        for decision in db.session.scalars(query):
            yield csv_row(decision, operations.settled(decision, now))

    return csv_response(COLUMNS, rows(), f"decisions-{group.slug}.csv")

"""Choosing the issue: the team's grid, the candidates side by side, and the group's
decision among them, whose winner starts.

The grid is the Midwest Academy's: each team member answers yes, partly or no to each
criterion for each candidate, with a note. The comparison counts the answers per
criterion and candidate, flags where some said yes and others no, and adds a simple total
(`POINTS`). The choice itself is the group's: a majority judgment, online or at a
meeting; when it closes with one winner, that candidate starts (`on_decision_closed`,
connected to decisions' `decision_closed` signal: decisions knows nothing of campaigns).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from assembly.auth.models import User
from assembly.campaigns.events import (
    CAMPAIGN_CHOICE_SETTLED,
    CAMPAIGN_PUT_TO_CHOICE,
    CAMPAIGN_SCORED,
)
from assembly.campaigns.models import Campaign, Criterion, CriterionScore, Score, Stage
from assembly.campaigns.operations.core import start_uncommitted
from assembly.clock import utcnow
from assembly.database import hold
from assembly.decisions.models import Decision, DecisionOutcome, DecisionStatus, Method, Voters
from assembly.decisions.operations import core as decisions
from assembly.decisions.operations.online import create_online_decision
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import Kind, Meeting, State
from assembly.meetings.operations import planning
from assembly.trace.operations import record

# The total's rule, said on the comparison page: yes 2 points, partly 1, no 0.
POINTS = {Score.YES: 2, Score.PARTLY: 1, Score.NO: 0}
MIN_CANDIDATES, MAX_CANDIDATES = 2, 12  # a majority judgment's options


# The grid


def scores_of(campaign: Campaign, user: User) -> dict[Criterion, CriterionScore]:
    """`user`'s grid for `campaign`, by criterion."""
    rows = db.session.scalars(
        select(CriterionScore).filter_by(campaign_id=campaign.id, user_id=user.id)
    )
    return {row.criterion: row for row in rows}


def save_scores(
    campaign: Campaign, user: User, answers: dict[Criterion, tuple[Score, str]]
) -> None:
    """Write `user`'s grid for `campaign`: each criterion's score and note replaces theirs.
    The same grid sent twice changes nothing and journals nothing."""
    hold(Campaign, campaign.id)  # a double tap waits, then finds the first one's rows
    held = scores_of(campaign, user)
    changed = []
    for criterion, (score, note) in answers.items():
        row = held.get(criterion)
        if row is None:
            row = CriterionScore(campaign_id=campaign.id, user_id=user.id, criterion=criterion)
            db.session.add(row)
        elif row.score == score and row.note == note:
            continue
        row.score, row.note, row.updated_at = score, note, utcnow()
        changed.append(str(criterion))
    if changed:
        record(CAMPAIGN_SCORED, campaign, group_id=campaign.group_id, criteria=len(changed))
    db.session.commit()


# The comparison


@dataclass
class Cell:
    """One criterion for one candidate: how many said yes, partly, no, and their notes."""

    counts: dict[Score, int] = field(default_factory=lambda: dict.fromkeys(Score, 0))
    notes: list[tuple[str, Score, str]] = field(default_factory=list)  # (who, score, note)

    @property
    def split(self) -> bool:
        """A disagreement: some said yes, others no."""
        return self.counts[Score.YES] > 0 and self.counts[Score.NO] > 0

    @property
    def points(self) -> int:
        return sum(POINTS[score] * count for score, count in self.counts.items())


@dataclass
class Column:
    """A candidate's column: a cell per criterion, its total and who scored it."""

    campaign: Campaign
    cells: dict[Criterion, Cell]
    scorers: int

    @property
    def total(self) -> int:
        return sum(cell.points for cell in self.cells.values())

    @property
    def most(self) -> int:
        """The total if every scorer had said yes to every criterion they answered."""
        return sum(POINTS[Score.YES] * sum(cell.counts.values()) for cell in self.cells.values())

    @property
    def splits(self) -> int:
        return sum(cell.split for cell in self.cells.values())


def candidates(group: Group) -> list[Campaign]:
    """The group's candidate issues, oldest first (the order the team opened them)."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.group_id == group.id, Campaign.stage == Stage.CANDIDATE)
            .order_by(Campaign.created_at, Campaign.id)
        )
    )


def compare(campaigns: list[Campaign]) -> list[Column]:
    """The candidates side by side, from every score in one query."""
    columns = {
        campaign.id: Column(campaign, {criterion: Cell() for criterion in Criterion}, 0)
        for campaign in campaigns
    }
    rows = db.session.execute(
        select(CriterionScore, User.display_name)
        .outerjoin(User, User.id == CriterionScore.user_id)
        .where(CriterionScore.campaign_id.in_(list(columns)))
        .order_by(CriterionScore.campaign_id, User.display_name, CriterionScore.id)
    )
    scorers: dict[int, set] = {campaign_id: set() for campaign_id in columns}
    for score, name in rows:
        cell = columns[score.campaign_id].cells[score.criterion]
        cell.counts[score.score] += 1
        cell.notes.append((name or "", score.score, score.note))
        scorers[score.campaign_id].add(score.user_id)
    for campaign_id, column in columns.items():
        column.scorers = len(scorers[campaign_id])
    return list(columns.values())


# The group's choice


class ChoiceRefused(ValueError):
    """Raised when candidates cannot be put to the group: too few or too many, or some
    already are, in a decision still to be settled. `args[0]` says which."""


def pending_choice(campaign: Campaign) -> Decision | None:
    """The decision still to settle that the campaign is put to, if any."""
    if campaign.choice_id is None:
        return None
    decision = db.session.get(Decision, campaign.choice_id)
    return decision if decision and decision.status != DecisionStatus.CLOSED else None


def latest_choice(group: Group) -> Decision | None:
    """The last decision the group was asked to choose an issue by."""
    choice_id = db.session.scalar(
        select(db.func.max(Campaign.choice_id)).where(Campaign.group_id == group.id)
    )
    return db.session.get(Decision, choice_id) if choice_id else None


def chosen_by(decision: Decision) -> list[Campaign]:
    """The candidates a decision chooses among, in the decision's order."""
    return list(
        db.session.scalars(
            select(Campaign).where(Campaign.choice_id == decision.id).order_by(Campaign.option_id)
        )
    )


def upcoming_meetings(group: Group, now: datetime | None = None) -> list[Meeting]:
    """The meetings a choice may be put to: planned or under way, not an action's, soonest
    first (a few)."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.kind != Kind.ACTION,
                db.or_(
                    Meeting.state == State.LIVE,
                    db.and_(Meeting.state == State.PLANNED, Meeting.starts_at > now),
                ),
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(5)
        )
    )


def put_to_choice(
    group: Group,
    campaigns: Iterable[Campaign],
    *,
    question: str,
    by: User,
    closes_at: datetime | None = None,
    meeting: Meeting | None = None,
) -> Decision:
    """Put the candidates to the group as a majority judgment: online until `closes_at`,
    or at `meeting` (a new agenda item, with the candidates' needs, and the decision
    prepared on it for the facilitator to open). Each candidate keeps the decision and its
    option. Candidates are the members' to weigh: the decision is for members too (those
    present at the meeting vote with its code all the same). Raises ChoiceRefused; the
    online decision's BadPeriod goes through."""
    hold(Group, group.id)  # a double tap waits here, then finds the candidates put already
    campaigns = list(campaigns)
    if not MIN_CANDIDATES <= len(campaigns) <= MAX_CANDIDATES:
        raise ChoiceRefused("count")
    if any(pending_choice(campaign) for campaign in campaigns):
        raise ChoiceRefused("pending")
    titles = [campaign.title for campaign in campaigns]
    needs = list({need.id: need for c in campaigns for need in c.needs}.values())
    if meeting is None:
        decision = create_online_decision(
            group,
            question=question,
            method=Method.JUDGMENT,
            options=titles,
            closes_at=closes_at,
            needs=needs,
            by=by,
            public=False,
            commit=False,
        )
    else:
        item = planning.add_item(
            meeting, title=question, timebox_minutes=30, needs=needs, commit=False
        )
        decision = decisions.create_decision(
            group,
            question=question,
            method=Method.JUDGMENT,
            voters=Voters.PRESENT,
            options=titles,
            item=item,
            by=by,
            public=False,
            commit=False,
        )
    # The decision, its item and the candidates' links land together or not at all.
    for campaign, option in zip(campaigns, decision.options, strict=True):
        campaign.choice_id, campaign.option_id = decision.id, option.id
        record(
            CAMPAIGN_PUT_TO_CHOICE,
            campaign,
            group_id=group.id,
            decision_id=decision.id,
            meeting_id=decision.meeting_id,
        )
    db.session.commit()
    return decision


def winner_option(decision: Decision) -> int | None:
    """The option a decision chose, when it chose exactly one."""
    if decision.outcome != DecisionOutcome.CHOSEN:
        return None
    first = [row for row in (decision.result or {}).get("ranking", []) if row["rank"] == 1]
    return first[0]["option"] if len(first) == 1 else None


@decisions.decision_closed.connect
def on_decision_closed(decision: Decision) -> None:
    """A choice among candidates closed: the winner starts, chosen by the decision; the
    others stay candidates. A tie, or nobody voting, starts none. Each candidate's journal
    says what the decision settled for it. Written in the decision's own transaction."""
    campaigns = chosen_by(decision)
    winner = winner_option(decision)
    for campaign in campaigns:
        chosen = winner is not None and campaign.option_id == winner
        record(
            CAMPAIGN_CHOICE_SETTLED,
            campaign,
            group_id=campaign.group_id,
            decision_id=decision.id,
            outcome=str(decision.outcome),
            chosen=chosen,
        )
        if chosen:
            start_uncommitted(campaign, chosen_by=decision.id)

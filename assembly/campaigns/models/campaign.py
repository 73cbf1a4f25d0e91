"""A campaign, the needs it grew from, the residents' words the team chose to quote, and
the issue-choice grid (each team member's score on each criterion)."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, and_, func, true
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.needs.models import Need


class Stage(Labelled, StrEnum):
    """Where a campaign stands: weighed as a candidate issue, run, then ended one way."""

    __labels__ = {
        "candidate": _l("candidate issue"),
        "active": _l("under way"),
        "won": _l("won"),
        "partly_won": _l("partly won"),
        "lost": _l("lost"),
        "dropped": _l("dropped"),
    }

    CANDIDATE = "candidate"
    ACTIVE = "active"
    WON = "won"
    PARTLY_WON = "partly_won"
    LOST = "lost"
    DROPPED = "dropped"

    @property
    def ended(self) -> bool:
        return self in ENDED

    @property
    def victory(self) -> bool:
        """Something was won: the group's public timeline of victories shows it."""
        return self in (Stage.WON, Stage.PARTLY_WON)


ENDED = (Stage.WON, Stage.PARTLY_WON, Stage.LOST, Stage.DROPPED)


class Criterion(Labelled, StrEnum):
    """The issue-choice grid (Midwest Academy, *Organizing for Social Change*), in its order."""

    __labels__ = {
        "improvement": _l("Results in a real improvement in people's lives"),
        "own_power": _l("Gives people a sense of their own power"),
        "power_relations": _l("Alters the relations of power"),
        "worthwhile": _l("Is worthwhile"),
        "winnable": _l("Is winnable"),
        "widely_felt": _l("Is widely felt"),
        "deeply_felt": _l("Is deeply felt"),
        "easy": _l("Is easy to understand"),
        "clear_target": _l("Has a clear target"),
        "time_frame": _l("Has a clear time frame"),
        "non_divisive": _l("Is non-divisive"),
        "leadership": _l("Builds leadership"),
        "next_campaign": _l("Sets the group up for the next campaign"),
        "pocketbook": _l("Has a pocketbook angle"),
        "money": _l("Raises money"),
        "values": _l("Is consistent with the group's values"),
    }

    IMPROVEMENT = "improvement"
    OWN_POWER = "own_power"
    POWER_RELATIONS = "power_relations"
    WORTHWHILE = "worthwhile"
    WINNABLE = "winnable"
    WIDELY_FELT = "widely_felt"
    DEEPLY_FELT = "deeply_felt"
    EASY = "easy"
    CLEAR_TARGET = "clear_target"
    TIME_FRAME = "time_frame"
    NON_DIVISIVE = "non_divisive"
    LEADERSHIP = "leadership"
    NEXT_CAMPAIGN = "next_campaign"
    POCKETBOOK = "pocketbook"
    MONEY = "money"
    VALUES = "values"


class Score(Labelled, StrEnum):
    """One team member's answer to one criterion."""

    __labels__ = {"yes": _l("yes"), "partly": _l("partly"), "no": _l("no")}

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


campaign_needs = Table(
    "campaign_needs",
    db.metadata,
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Campaign(db.Model):
    """An issue the group takes on: a candidate first, then a campaign under way, then ended.

    Who sees what is said once, here: the public reads a campaign under way or ended (its
    summary, its victories) when the team leaves it public (`visible_to`); members read the
    plan (`plan_shown_to`); the team reads the power map and its notes on targets
    (`strategy_shown_to`). Candidate issues are the members' to weigh.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    problem: Mapped[str] = mapped_column(Text, default="")  # the issue, in a few lines
    stage: Mapped[Stage] = mapped_column(enum_text(Stage, 16), default=Stage.CANDIDATE)
    public: Mapped[bool] = mapped_column(default=True)  # under way or ended: the public reads it
    summary: Mapped[str] = mapped_column(Text, default="")  # what the public reads
    # Goals (the strategy chart's first column).
    goal_long: Mapped[str] = mapped_column(Text, default="")
    goal_intermediate: Mapped[str] = mapped_column(Text, default="")  # this campaign's win
    goal_short: Mapped[str] = mapped_column(Text, default="")  # the steps towards it
    victory: Mapped[str] = mapped_column(String(300), default="")  # "what victory looks like"
    # Organizational considerations.
    resources: Mapped[str] = mapped_column(Text, default="")  # what the group puts in
    gains: Mapped[str] = mapped_column(Text, default="")  # members, leaders, visibility, money
    problems: Mapped[str] = mapped_column(Text, default="")  # internal problems to solve
    # The decision that chose among the candidates, and this candidate's option in it.
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision_options.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime | None]  # became a campaign under way
    # The outcome: what changed, in words, when it ended.
    outcome: Mapped[str] = mapped_column(Text, default="")
    ended_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=campaign_needs, order_by=Need.number)
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Campaign {self.id} {self.title!r} {self.stage}>"

    @property
    def candidate(self) -> bool:
        return self.stage == Stage.CANDIDATE

    @property
    def ended(self) -> bool:
        return self.stage in ENDED

    @hybrid_method
    def visible_to(self, viewer: Viewer) -> bool:
        """Whether `viewer` may open the campaign at all: members always; the public once
        it is under way or ended, unless the team keeps it to members. On the class, the
        same rule as an SQL condition for lists."""
        return viewer.is_member or (self.public and self.stage != Stage.CANDIDATE)

    @visible_to.inplace.expression
    @classmethod
    def _visible_to_expression(cls, viewer: Viewer):
        if viewer.is_member:
            return true()
        return and_(cls.public.is_(True), cls.stage != Stage.CANDIDATE)

    @staticmethod
    def plan_shown_to(viewer: Viewer) -> bool:
        """The plan (goals, considerations, demands, commitments, tactics): members."""
        return viewer.is_member

    @staticmethod
    def strategy_shown_to(viewer: Viewer) -> bool:
        """The power map, the stakeholders' stakes and the notes on targets: the team."""
        return viewer.is_team

    @staticmethod
    def editable_by(viewer: Viewer) -> bool:
        """Who writes the chart, the demands, the actions and the outcome: organizers."""
        return viewer.is_organizer


class Quote(db.Model):
    """Residents' own words the team chose to show on a candidate's page: a need's text or
    what was said at a door. Only a pointer: the words stay where they were said (and go
    when those are erased or purged)."""

    __tablename__ = "campaign_quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("canvass_visits.id", ondelete="CASCADE")
    )
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CriterionScore(db.Model):
    """One team member's score of one candidate on one criterion, with a note."""

    __tablename__ = "campaign_scores"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    criterion: Mapped[Criterion] = mapped_column(enum_text(Criterion, 32))
    score: Mapped[Score] = mapped_column(enum_text(Score, 8))
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())

    user: Mapped[User | None] = relationship()

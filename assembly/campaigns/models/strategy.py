"""Who is around a campaign: constituents, allies and opponents (the power map), and the
targets, the people who can give the group what it asks."""

from datetime import datetime
from enum import IntEnum, StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, SmallInteger, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from assembly.enums import Labelled, enum_text
from assembly.extensions import db

# The power map's scales: influence on the target, and where they stand.
INFLUENCE = range(1, 6)  # 1 little … 5 decisive
STANCE = range(-2, 3)  # -2 strongly against … 0 undecided … +2 strongly for


class StakeholderInfluence(Labelled, IntEnum):
    """How much weight someone has with the target: the power map's height."""

    __labels__ = {
        1: _l("1 · little"),
        2: _l("2 · some"),
        3: _l("3 · real"),
        4: _l("4 · strong"),
        5: _l("5 · decisive"),
    }

    LITTLE = 1
    SOME = 2
    REAL = 3
    STRONG = 4
    DECISIVE = 5


class StakeholderStance(Labelled, IntEnum):
    """Where someone stands on the group's demand: the power map's width."""

    __labels__ = {
        -2: _l("strongly against"),
        -1: _l("rather against"),
        0: _l("undecided"),
        1: _l("rather for"),
        2: _l("strongly for"),
    }

    STRONGLY_AGAINST = -2
    AGAINST = -1
    UNDECIDED = 0
    FOR = 1
    STRONGLY_FOR = 2


class StakeholderKind(Labelled, StrEnum):
    __labels__ = {
        "constituent": _l("constituent"),
        "ally": _l("ally"),
        "opponent": _l("opponent"),
    }

    CONSTITUENT = "constituent"  # those who have the problem, whom the group organizes
    ALLY = "ally"  # those who gain by the win or side with the group
    OPPONENT = "opponent"  # those who lose by it or oppose it


class Stakeholder(db.Model):
    """An organisation or a person with a stake in the campaign, placed on the power map."""

    __tablename__ = "campaign_stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StakeholderKind] = mapped_column(enum_text(StakeholderKind, 16))
    name: Mapped[str] = mapped_column(String(140))
    stake: Mapped[str] = mapped_column(Text, default="")  # what they win or lose
    influence: Mapped[int] = mapped_column(SmallInteger, default=3)  # INFLUENCE
    stance: Mapped[int] = mapped_column(SmallInteger, default=0)  # STANCE
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @property
    def side(self) -> StakeholderStance:
        """Where they stand, in words (`side.label`)."""
        return StakeholderStance(self.stance)

    @property
    def weight(self) -> StakeholderInfluence:
        """Their influence on the target, in words (`weight.label`)."""
        return StakeholderInfluence(self.influence)


class Target(db.Model):
    """Someone who can give the group what it asks: a person with a role in an organisation
    ("the director of the landlord's local agency"). Primary, or secondary (who has power
    over the primary target)."""

    __tablename__ = "campaign_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    primary: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str] = mapped_column(String(140), default="")  # the person, when known
    role: Mapped[str] = mapped_column(String(140))  # "directrice de l'agence"
    organisation: Mapped[str] = mapped_column(String(140), default="")
    power: Mapped[str] = mapped_column(Text, default="")  # what power they have over the issue
    cares: Mapped[str] = mapped_column(Text, default="")  # what they care about
    notes: Mapped[str] = mapped_column(Text, default="")  # the team's only
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @property
    def label(self) -> str:
        """ "Mme Durand, directrice d'agence (Habitat 38)": what lists and letters show."""
        who = ", ".join(part for part in (self.name, self.role) if part)
        return f"{who} ({self.organisation})" if self.organisation else who

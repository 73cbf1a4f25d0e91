"""A campaign's actions: a delegation, a rally, a petition handed over… Each is held as a
meeting of kind "action", so that it has the meetings' RSVP without an account, reminders,
sign-in sheet, check-in from phones and first-timers; the action adds what only a
campaign has: its type, its target, its place in the escalation, its turnout goal and its
debrief."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.campaigns.models.strategy import Target
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.meetings.models import Meeting


class ActionKind(Labelled, StrEnum):
    __labels__ = {
        "delegation": _l("delegation"),
        "rally": _l("rally"),
        "petition": _l("petition handover"),
        "public_meeting": _l("public meeting"),
        "symbolic": _l("symbolic action"),
        "door_knocking": _l("door-knocking"),
        "other": _l("other action"),
    }

    DELEGATION = "delegation"
    RALLY = "rally"
    PETITION = "petition"
    PUBLIC_MEETING = "public_meeting"
    SYMBOLIC = "symbolic"
    DOOR_KNOCKING = "door_knocking"
    OTHER = "other"


class Action(db.Model):
    """One action of a campaign; its date, place, title, RSVPs and presence are its meeting's."""

    __tablename__ = "campaign_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[ActionKind] = mapped_column(enum_text(ActionKind, 16))
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_targets.id", ondelete="SET NULL")
    )
    escalation: Mapped[int] = mapped_column(default=1)  # its step in the escalation, 1 first
    turnout_goal: Mapped[int | None]
    # A petition handed over: which, and how many signatures it carried that day.
    petition_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id", ondelete="SET NULL"))
    delivered_count: Mapped[int | None]
    # The debrief, written after.
    worked: Mapped[str] = mapped_column(Text, default="")
    did_not_work: Mapped[str] = mapped_column(Text, default="")
    target_reaction: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    debriefed_at: Mapped[datetime | None]
    debriefed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    meeting: Mapped[Meeting] = relationship()
    target: Mapped[Target | None] = relationship()

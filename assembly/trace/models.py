"""The journal's single table."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from assembly.clock import years_before
from assembly.extensions import db
from assembly.web.personal_data import Drop, Erase, Keep, Kept, Purge, Refers, declare


class Event(db.Model):
    """One change of state: who did what to which record, when.

    `actor_id` is empty for anonymous visitors and for the system; `group_id` is empty
    for changes that belong to the instance (a new account, a new group's creation is
    recorded on the group itself). The payload stays small: ids, names, old and new values.
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)

    def __repr__(self) -> str:
        return f"<Event {self.verb} {self.subject_type}:{self.subject_id}>"


# After a year, the journal forgets who did what; what changed stays, for the evaluation.
JOURNAL_NAMES_YEARS = 1
# The payload keys that name someone (an account, a canvass's team, a contact given).
PERSONAL_PAYLOAD = ("user_id", "team", "contact")

declare(
    "trace",
    _l("The journal"),
    Kept(
        what=_l(
            "What changes in a group and who changed it (who joined, who changed a role, what "
            "became of each need)."
        ),
        why=_l("So that the group can see afterwards who took part and what came of it."),
        how_long=_l(
            "Who did it: a year, then the daily clean-up removes it. What changed stays as long "
            "as the group exists."
        ),
        seen_by=_l(
            "Nobody reads it whole: a need's page tells what became of the need, without saying "
            "who did it."
        ),
        columns=("events.actor_id", "events.payload"),
    ),
    refers=(
        Refers(
            "events", by=("actor_id",), acted=True, shows=("verb", "subject_type", "created_at")
        ),
        # The story of a person, or of an account: it goes with them.
        Refers("events", by=("subject_id",), to="people", where={"subject_type": "people"}),
        Refers("events", by=("subject_id",), to="users", where={"subject_type": "users"}),
    ),
    purge=(
        Purge(
            "events",
            "names in journal entries a year old",
            due=lambda now: Event.created_at <= years_before(now, JOURNAL_NAMES_YEARS),
            erase=Keep(actor_id=Erase.NULL, payload=Drop(*PERSONAL_PAYLOAD)),
        ),
    ),
)

"""A task: who does what by when, and where it was decided."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.extensions import db
from assembly.web.personal_data import Erase, Keep, Kept, Refers, declare


class Task(db.Model):
    """Something someone said they would do. Open until marked done.

    The person is a member (`assignee`) or, for someone without an account, a name.
    """

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assignee_name: Mapped[str] = mapped_column(String(80), default="")
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])

    @property
    def who(self) -> str:
        """The name to show: the member's, or the one written by hand."""
        return self.assignee.display_name if self.assignee else self.assignee_name

    @property
    def done(self) -> bool:
        return self.done_at is not None


declare(
    "tasks",
    _l("Tasks"),
    Kept(
        what=_l("Who said they would do something: a member, or a name."),
        why=_l("So that the group remembers who does what."),
        how_long=_l("As long as the group keeps the task."),
        seen_by=_l("The members of the group."),
        columns=("tasks.assignee_id", "tasks.assignee_name"),
    ),
    refers=(
        Refers("tasks", by=("assignee_id",), erase=Keep(assignee_name=Erase.BLANK)),
        Refers("tasks", by=("created_by_id",), acted=True, shows=("title", "created_at")),
    ),
)

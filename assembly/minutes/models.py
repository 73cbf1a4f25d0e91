"""The minutes of a meeting: Markdown the app drafts and the secretary edits."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db
from assembly.web.personal_data import Kept, Refers, declare


class Minutes(db.Model):
    """One meeting's compte rendu. Seen by the team until published; then as the meeting is."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered safely
    published_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    @property
    def published(self) -> bool:
        return self.published_at is not None


declare(
    "minutes",
    _l("Minutes"),
    Kept(
        what=_l("The minutes of a meeting: they name only those who agreed to appear by name."),
        why=_l("So that the group keeps a record of what was said and decided."),
        how_long=_l("As long as the group keeps the meeting."),
        seen_by=_l(
            "Once published, whoever may see the meeting; drafts only those who write them."
        ),
        columns=("minutes.body",),
    ),
    refers=(
        Refers("minutes", by=("updated_by_id",), acted=True, shows=("meeting_id", "updated_at")),
    ),
)

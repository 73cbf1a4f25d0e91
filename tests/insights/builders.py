"""Records of a constructed period, written straight to the tables with the times the
tests need (the journal and the needs take their times from the database otherwise)."""

from datetime import datetime, timedelta

from assembly.extensions import db
from assembly.needs.models import Moderation, Need, NeedStatus, Support, Theme
from assembly.trace.models import Event


class Builder:
    """Needs, supports, journal events, meetings and tasks of one group, with known times."""

    def __init__(self, group_id: int):
        self.group_id = group_id
        self.numbers = iter(range(1, 10_000))
        self.keys = iter(range(1, 100_000))

    def theme(self, name: str) -> Theme:
        theme = Theme(group_id=self.group_id, name=name)
        db.session.add(theme)
        db.session.flush()
        return theme

    def need(self, theme=None, *, at: datetime, supporters=1, **fields) -> Need:
        """A need raised at `at`, said "moi aussi" to by `supporters` distinct browsers."""
        need = Need(
            group_id=self.group_id,
            number=next(self.numbers),
            title=fields.pop("title", "Un besoin"),
            theme_id=theme.id if theme else None,
            moderation=fields.pop("moderation", Moderation.APPROVED),
            created_at=at,
            **fields,
        )
        db.session.add(need)
        db.session.flush()
        for _ in range(supporters):
            db.session.add(Support(need_id=need.id, anonymous_key=f"k{next(self.keys)}"))
        return need

    def event(self, verb: str, need: Need, at: datetime, **payload) -> None:
        db.session.add(
            Event(
                verb=verb,
                subject_type="needs",
                subject_id=need.id,
                group_id=self.group_id,
                payload=payload,
                created_at=at,
            )
        )

    def status(self, need: Need, status: NeedStatus, *, days: float) -> None:
        """The need moved to `status` `days` after it was raised."""
        need.status = status
        at = need.created_at + timedelta(days=days)
        self.event("need.status_changed", need, at, old="new", new=str(status))

"""The report's settings, the team's edited bilans and the computed figures kept a while."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.web.personal_data import Kept, Refers, declare

# The licences a group may choose for its open data (SPDX identifiers), ODbL first.
LICENCES = {
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "etalab-2.0": (
        "Licence Ouverte / Open Licence 2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
NO_RESALE = _l("These data may not be sold, alone or as part of another product.")


class ReportSettings(db.Model):
    """Whether the public may read the group's report, and the terms of its open data."""

    __tablename__ = "report_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    public: Mapped[bool] = mapped_column(default=False)
    licence: Mapped[str] = mapped_column(String(32), default="ODbL-1.0")
    no_resale: Mapped[bool] = mapped_column(default=False)
    # The group's own words to leave out of the lexical analysis, one per line.
    stop_words: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @classmethod
    def of(cls, group_id: int) -> "ReportSettings":
        """The group's settings, or the defaults (members only, ODbL) when none were saved."""
        found = db.session.get(cls, group_id)
        if found is None:
            found = cls(group_id=group_id, public=False, licence="ODbL-1.0", no_resale=False)
            found.stop_words = ""
        return found

    def shown_to(self, viewer: Viewer) -> bool:
        """Who reads the report, the lexical analysis and the open data: the group's members
        and observers, and everyone when the group publishes them."""
        return self.public or viewer.is_member or viewer.is_observer


class Bilan(db.Model):
    """The team's text for a period's bilan, edited from the generated one."""

    __tablename__ = "bilans"
    __table_args__ = (UniqueConstraint("group_id", "starts_on", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Snapshot(db.Model):
    """Figures computed for a period, kept a while so that reading them costs the same at
    a thousand contributions or a hundred thousand (`insights.snapshots`).

    Derived data only: dropping every row loses nothing.
    """

    __tablename__ = "report_snapshots"
    __table_args__ = (UniqueConstraint("group_id", "name", "starts_on", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))  # "report", "words:member"…
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    payload: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


declare(
    "insights",
    _l("Report"),
    Kept(
        what=_l("Who last edited the text of a period's summary, and when."),
        why=_l(
            "So that the team knows who wrote what it hands to a funder or an elected official."
        ),
        how_long=_l("As long as the group keeps the summary."),
        seen_by=_l("The group's team."),
        columns=("bilans.updated_by_id",),
    ),
    refers=(Refers("bilans", by=("updated_by_id",), acted=True, shows=("starts_on", "ends_on")),),
)

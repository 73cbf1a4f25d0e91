"""Door-knocking rounds (canvasses), their team, and the doors knocked."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, false, func, select, true
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.clock import years_before
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.needs.models import Need, Theme
from assembly.people.followup import met_in
from assembly.people.models import ConsentPurpose, Person
from assembly.web.contact import shown_reach
from assembly.web.languages import Written
from assembly.web.personal_data import Erase, Keep, Kept, Purge, Refers, declare


class VisitOutcome(Labelled, StrEnum):
    """What happened at a door, in the order the visit form offers it."""

    __labels__ = {
        "talked": _l("We talked"),
        "absent": _l("Nobody home"),
        "later": _l("Come back later"),
        "refused": _l("Did not want to talk"),
    }
    TALKED = "talked"
    ABSENT = "absent"
    LATER = "later"
    REFUSED = "refused"


# Who may log visits for a canvass, besides the group's organizers.
canvass_team = Table(
    "canvass_team",
    db.metadata,
    Column("canvass_id", ForeignKey("canvasses.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

# The group's themes that came up at a door.
visit_themes = Table(
    "canvass_visit_themes",
    db.metadata,
    Column("visit_id", ForeignKey("canvass_visits.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)

# Needs raised at a door. It lives here, not in needs/, so needs never depends on canvassing.
visit_needs = Table(
    "visit_needs",
    db.metadata,
    Column("visit_id", ForeignKey("canvass_visits.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class Canvass(db.Model):
    """A door-knocking round (tournée): some days of listening at the doors of a list of places."""

    __tablename__ = "canvasses"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # The buildings or streets to cover, one per line, in the order the team walks them.
    places: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship()
    team: Mapped[list[User]] = relationship(secondary=canvass_team, order_by=User.display_name)

    def __repr__(self) -> str:
        return f"<Canvass {self.id} {self.name!r}>"

    @property
    def place_list(self) -> list[str]:
        """The places to cover, without blank lines."""
        return [line.strip() for line in self.places.splitlines() if line.strip()]

    def has_in_team(self, user: User) -> bool:
        """Whether `user` (possibly anonymous) is one of the canvass's team."""
        return user.is_authenticated and any(member.id == user.id for member in self.team)

    @hybrid_method
    def words_read_by(self, viewer: Viewer) -> bool:
        """Whether `viewer` reads what residents said at this round's doors, and who they
        are (and logs doors): the group's organizers, and the round's team. Elsewhere
        (a campaign's quotes) the words show only once the team chose to quote them,
        without names. On the class, the same rule as an SQL condition."""
        return viewer.is_organizer or (
            viewer.user_id is not None and any(member.id == viewer.user_id for member in self.team)
        )

    @words_read_by.inplace.expression
    @classmethod
    def _words_read_by_expression(cls, viewer: Viewer):
        if viewer.is_organizer:
            return true()
        if viewer.user_id is None:
            return false()
        team = select(canvass_team.c.canvass_id).where(canvass_team.c.user_id == viewer.user_id)
        return cls.id.in_(team)


class Visit(Written, db.Model):
    """One door knocked, and what was heard there.

    `words` and the person met are personal data: only the group's organizers and the
    canvass's team see them. The person (`person_id`, in the contact book) holds the
    phone or e-mail, kept only with their consent, which runs out a year after the round.
    """

    __tablename__ = "canvass_visits"
    __table_args__ = (Index("ix_canvass_visits_canvass", "canvass_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    canvass_id: Mapped[int] = mapped_column(ForeignKey("canvasses.id", ondelete="CASCADE"))
    building: Mapped[str] = mapped_column(String(140))
    floor: Mapped[str] = mapped_column(String(60), default="")  # staircase, floor, door
    # Stored as its value ("talked"), read back as the enum, so `visit.outcome.label` works.
    outcome: Mapped[VisitOutcome] = mapped_column(enum_text(VisitOutcome, 16))
    words: Mapped[str] = mapped_column(Text, default="")
    wants_involvement: Mapped[bool] = mapped_column(default=False)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    knocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    canvass: Mapped[Canvass] = relationship()
    knocked_by: Mapped[User | None] = relationship()
    person: Mapped[Person | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=visit_themes, order_by=Theme.name)
    needs: Mapped[list[Need]] = relationship(secondary=visit_needs, order_by=Need.number)

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.building!r} {self.outcome}>"

    @property
    def contact(self) -> str:
        """How to get back to the person met here ("06 12 34 56 78 · awa@example.org"):
        only under their live consent to be contacted about the group's actions."""
        if self.person is None:
            return ""
        return shown_reach(self.person.reach(ConsentPurpose.GROUP_ACTIONS))


# What a person said at the door is kept this long after the round ends, unless they have
# since agreed to be contacted about the group's actions (then, while they are in its book).
DOOR_NOTES_YEARS = 1


def _door_notes_due(now: datetime):
    """SQL: visits of rounds that ended over DOOR_NOTES_YEARS ago, whose person (if any)
    holds no consent in force to hear from the group (`assembly purge` erases the words)."""
    from assembly.people.models import ConsentPurpose, consent_in_force

    ended = select(Canvass.id).where(Canvass.ends_on < years_before(now.date(), DOOR_NOTES_YEARS))
    stays = consent_in_force(Visit.person_id, (ConsentPurpose.GROUP_ACTIONS,), now)
    return Visit.canvass_id.in_(ended) & ~stays


declare(
    "canvassing",
    _l("Door-knocking"),
    Kept(
        what=_l(
            "For each door: the building and floor, what the person said, and the themes and "
            "needs heard."
        ),
        why=_l("So that the group knows what the neighbourhood needs and where it has been."),
        how_long=_l(
            "What the person said: erased a year after the end of the round by the daily "
            "clean-up, unless they have since agreed to hear about the group's actions. The "
            "building, floor, themes and needs: as long as the group keeps the round."
        ),
        seen_by=_l(
            "The organizers and the round's team. Other members see only counts per building and "
            "theme."
        ),
        columns=("canvass_visits.building", "canvass_visits.floor", "canvass_visits.words"),
    ),
    Kept(
        what=_l(
            "The person met at a door, in the group's contact book with the building and floor, "
            "when they left a contact or want to get involved; a phone or e-mail only if they "
            "agreed at the door."
        ),
        why=_l("So that the group can invite them or tell them what became of what they said."),
        how_long=_l(
            "The contact is used for a year after the round ends, as the person agreed; the "
            "daily clean-up then erases it, unless they agreed to another use."
        ),
        seen_by=_l("The organizers and the round's team."),
        columns=("canvass_visits.person_id",),
    ),
    refers=(
        # Erased, a door still counts for its building, themes and needs; not who lives there.
        Refers(
            "canvass_visits",
            by=("person_id",),
            erase=Keep(words=Erase.BLANK, floor=Erase.BLANK),
        ),
        Refers(
            "canvass_visits", by=("knocked_by_id",), acted=True, shows=("canvass_id", "created_at")
        ),
        Refers("canvasses", by=("created_by_id",), acted=True, shows=("name", "created_at")),
        Refers("canvass_team", by=("user_id",)),
    ),
    purge=(
        Purge("canvass_visits", "door notes", due=_door_notes_due, erase=Keep(words=Erase.BLANK)),
    ),
)

# A door where the group learnt who lives there is a time it met them (people's follow-up).
met_in(Visit.person_id, Visit.created_at)

"""Groups, their members and the invite links that bring residents in."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.enums import Labelled, enum_text
from assembly.extensions import db
from assembly.web.personal_data import Kept, Refers, declare


class Role(Labelled, StrEnum):
    """A member's role in a group, from least to most trusted.

    An observer holds a membership but is not a member: `Viewer.is_member` is false for
    them, so every page for members stays closed to them.
    """

    __labels__ = {
        "observer": _l("Observer"),
        "member": _l("Member"),
        "facilitator": _l("Facilitator"),
        "organizer": _l("Organizer"),
        "admin": _l("Administrator"),
    }

    # A researcher: reads the report, the lexical analysis and the open data; below members.
    OBSERVER = "observer"
    MEMBER = "member"
    FACILITATOR = "facilitator"
    ORGANIZER = "organizer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: "Role") -> bool:
        return self.rank >= other.rank

    @property
    def makes_member(self) -> bool:
        """Whether the role makes its holder one of the group's members: every role but
        the observer's. THE rule: `Viewer.is_member` and `Membership.of_member` read it."""
        return self.at_least(Role.MEMBER)


class Group(db.Model):
    """A neighbourhood group (collectif). Every record of a feature belongs to one."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Whom residents ask about their data: an e-mail, a phone or a place (shown publicly).
    contact: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # People without activity for this long are deleted by `assembly purge` (CNIL: 3 years).
    retention_years: Mapped[int] = mapped_column(default=3, server_default="3")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Group {self.slug}>"

    def members_by_name(self) -> list[User]:
        """The group's members, by name: the people roles and teams are chosen from
        (observers are none of them)."""
        query = (
            db.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.group_id == self.id, Membership.of_member)
            .order_by(db.func.lower(User.display_name))
        )
        return list(db.session.scalars(query))

    def membership_of(self, user: User) -> "Membership | None":
        """Return `user`'s membership here, or None."""
        if not user.is_authenticated:
            return None
        return db.session.scalar(db.select(Membership).filter_by(group_id=self.id, user_id=user.id))


class Membership(db.Model):
    """A user's place in a group."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_text(Role, 16), default=Role.MEMBER)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.group_id} {self.role}>"

    @hybrid_property
    def of_member(self) -> bool:
        """Whether it makes its holder a member (`Role.makes_member`): an observer's does
        not. On the class, the same rule as an SQL condition, for every query that looks
        for a group's members (their messages, the people chosen for a role, the counts)."""
        return Role(self.role).makes_member

    @of_member.inplace.expression
    @classmethod
    def _of_member_expression(cls):
        return cls.role.in_([role for role in Role if role.makes_member])

    @classmethod
    def member_accounts(cls, group_id: int):
        """SQL: the accounts of the group's members (a subquery for `.in_`), observers left out."""
        return db.select(cls.user_id).where(cls.group_id == group_id, cls.of_member)


class Invite(db.Model):
    """A link that lets someone join a group without e-mail.

    Single-use links are for one person; multi-use ones go on a poster or are read
    out at an assembly. Every link expires.
    """

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(enum_text(Role, 16), default=Role.MEMBER)
    single_use: Mapped[bool] = mapped_column(default=True)
    uses: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship()

    def __repr__(self) -> str:
        return f"<Invite {self.id} for {self.group_id}>"

    @property
    def expired(self) -> bool:
        return self.expires_at <= utcnow()

    @property
    def usable(self) -> bool:
        """Whether the link still lets someone in."""
        return not (self.revoked or self.expired or (self.single_use and self.uses > 0))


declare(
    "groups",
    _l("Groups"),
    Kept(
        what=_l("Your groups and your role in each."),
        why=_l("So that the site knows what you may do."),
        how_long=_l("Until you leave the group or an administrator removes you."),
        seen_by=_l("The members of the group."),
        columns=("memberships.user_id", "memberships.role"),
    ),
    Kept(
        what=_l("The contact a group gives for questions about data, if it gives one."),
        why=_l("So that residents know whom to ask."),
        how_long=_l("Until the group's administrators change it."),
        seen_by=_l("Anyone, on the group's home page."),
        columns=("groups.contact",),
    ),
    refers=(
        Refers("memberships", by=("user_id",)),
        Refers("invites", by=("created_by_id",), acted=True, shows=("role", "created_at")),
    ),
)

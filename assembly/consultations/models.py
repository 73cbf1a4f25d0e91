"""A consultation on a text: the text in paragraphs, what residents said of each, the team's
answers, and the final version linked to the contributions that changed it.

Two versions at most: the text consulted (number 1, frozen once open) and the final text
(number 2), which the team writes from the first and publishes. A final paragraph keeps
the consulted paragraph it comes from (`origin`) and the contributions behind its change
(`sources`); an empty final paragraph is one the team took out.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.consultations.kinds import (  # noqa: F401  (the models' words, re-exported)
    COMMENT_KINDS,
    Audience,
    ConsultationPhase,
    ConsultationStage,
    ContributionType,
    Position,
    TeamAnswer,
)
from assembly.enums import enum_text
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.needs.models import Channel, Moderation
from assembly.people.followup import met_in
from assembly.web.personal_data import Erase, Keep, Kept, Refers, declare


class Consultation(db.Model):
    """A text opened to the residents, paragraph by paragraph, between two dates."""

    __tablename__ = "consultations"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 1, 2, 3… in the group: its address
    title: Mapped[str] = mapped_column(String(140))
    context: Mapped[str] = mapped_column(Text, default="")  # why, for whom, what happens next
    opens_on: Mapped[date]
    closes_on: Mapped[date]  # the last day contributions are taken
    audience: Mapped[Audience] = mapped_column(enum_text(Audience, 16), default=Audience.PUBLIC)
    # True: contributions from outside the team wait for its approval before anyone sees them.
    premoderation: Mapped[bool] = mapped_column(default=False)
    stage: Mapped[ConsultationStage] = mapped_column(
        enum_text(ConsultationStage, 16), default=ConsultationStage.DRAFT
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    opened_at: Mapped[datetime | None]
    final_at: Mapped[datetime | None]  # when the final text was published

    versions: Mapped[list["TextVersion"]] = relationship(
        back_populates="consultation",
        order_by="TextVersion.number",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Consultation {self.group_id}/{self.number}>"

    def shown_to(self, viewer: Viewer) -> bool:
        """Whether `viewer` may read the consultation, its text and what was said of it:
        the team always; once published, everyone or the members, as its audience says."""
        if viewer.is_team:
            return True
        if self.stage == ConsultationStage.DRAFT:
            return False
        return self.audience == Audience.PUBLIC or viewer.is_member

    def phase(self, today: date) -> ConsultationPhase:
        """Its stage, and for a published one whether `today` is before, in or after its dates."""
        if self.stage == ConsultationStage.DRAFT:
            return ConsultationPhase.DRAFT
        if self.stage == ConsultationStage.FINAL:
            return ConsultationPhase.FINAL
        if today < self.opens_on:
            return ConsultationPhase.UPCOMING
        return ConsultationPhase.OPEN if today <= self.closes_on else ConsultationPhase.CLOSED

    def open_to(self, viewer: Viewer, today: date) -> bool:
        """Whether `viewer` may contribute `today`: open, and of its audience."""
        return self.phase(today) == ConsultationPhase.OPEN and self.shown_to(viewer)

    @property
    def consulted(self) -> "TextVersion":
        """The text put to the residents (version 1)."""
        return self.versions[0]

    @property
    def final(self) -> "TextVersion | None":
        """The final text the team writes from the answers (version 2), once begun."""
        return self.versions[1] if len(self.versions) > 1 else None

    def account_shown_to(self, viewer: Viewer) -> bool:
        """Whether `viewer` may read what the consultation changed ("what we kept"): its
        readers once the final text is published; the team before, as a preview."""
        return self.shown_to(viewer) and (self.stage == ConsultationStage.FINAL or viewer.is_team)

    @property
    def published_final(self) -> "TextVersion | None":
        """The final text as everyone may read it: once published, never the team's draft."""
        return self.final if self.stage == ConsultationStage.FINAL else None


class TextVersion(db.Model):
    """One version of the text: the one consulted, or the final one."""

    __tablename__ = "consultation_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    consultation: Mapped[Consultation] = relationship(back_populates="versions")
    paragraphs: Mapped[list["Paragraph"]] = relationship(
        back_populates="version",
        order_by="Paragraph.position",
        cascade="all, delete-orphan",
        foreign_keys="Paragraph.version_id",
    )


# Which contributions a paragraph of the final text answers (the change they led to).
paragraph_sources = Table(
    "consultation_paragraph_sources",
    db.metadata,
    Column(
        "paragraph_id",
        ForeignKey("consultation_paragraphs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contribution_id",
        ForeignKey("consultation_contributions.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Paragraph(db.Model):
    """A paragraph of a version, or a heading (`level` 1–3) that opens a section.

    In the final text, `origin` is the consulted paragraph it comes from (None: added),
    and an empty body means the paragraph was taken out.
    """

    __tablename__ = "consultation_paragraphs"
    __table_args__ = (Index("ix_consultation_paragraphs_order", "version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_versions.id", ondelete="CASCADE")
    )
    position: Mapped[int]  # 1, 2, 3… in the version's order
    level: Mapped[int] = mapped_column(default=0)  # 0: a paragraph; 1–3: a heading
    body: Mapped[str] = mapped_column(Text, default="")
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_paragraphs.id", ondelete="SET NULL"), index=True
    )

    version: Mapped[TextVersion] = relationship(
        back_populates="paragraphs", foreign_keys=[version_id]
    )
    origin: Mapped["Paragraph | None"] = relationship(remote_side=[id])
    sources: Mapped[list["Contribution"]] = relationship(
        secondary=paragraph_sources, order_by="Contribution.id"
    )

    @property
    def heading(self) -> bool:
        return self.level > 0

    @property
    def removed(self) -> bool:
        """A final paragraph the team took out of the text."""
        return not self.body.strip()


class Contribution(db.Model):
    """A comment (for, against, a question) or an amendment on one paragraph, and the
    team's answer to it.

    Its author: an account, else the anonymous key of a browser (public consultations),
    and, with their consent, a person of the contact book to tell of the final text.
    """

    __tablename__ = "consultation_contributions"
    __table_args__ = (
        # Holds all that the counts read (`counts`): they never open the rows themselves.
        Index(
            "ix_consultation_contributions_counts",
            "paragraph_id", "moderation", "kind", "user_id", "anonymous_key", "person_id",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_paragraphs.id", ondelete="CASCADE")
    )
    kind: Mapped[ContributionType] = mapped_column(enum_text(ContributionType, 16))
    text: Mapped[str] = mapped_column(Text, default="")  # the comment, or why the amendment
    rewrite: Mapped[str | None] = mapped_column(Text)  # an amendment: the paragraph rewritten
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80), default="")
    anonymous_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # HMAC of the sender's address (web.visitor.address_key) for the per-address limit.
    address_key: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[Channel] = mapped_column(enum_text(Channel, 16), default=Channel.WEB)
    moderation: Mapped[Moderation] = mapped_column(
        enum_text(Moderation, 16), default=Moderation.APPROVED
    )
    answer: Mapped[TeamAnswer | None] = mapped_column(enum_text(TeamAnswer, 16))
    answer_reason: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    paragraph: Mapped[Paragraph] = relationship(foreign_keys=[paragraph_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def author(self) -> str:
        """The name it is signed with: the one given, else the account's; "" if none."""
        return self.author_name or (self.user.display_name if self.user else "")

    @property
    def public(self) -> bool:
        return self.moderation == Moderation.APPROVED

    def written_by(self, user_id: int | None, anonymous_key: str | None) -> bool:
        """Whether it is this person's own: their account's (`user_id`), or for a visitor
        without one, this browser's (`anonymous_key`)."""
        if user_id is not None:
            return self.user_id == user_id
        return anonymous_key is not None and self.anonymous_key == anonymous_key

    def shown_to(self, viewer: Viewer, anonymous_key: str | None = None) -> bool:
        """Whether `viewer` may read it (its consultation being shown to them): approved
        ones, all of them for the team, and one waiting for approval to its author
        (their account, or the browser `anonymous_key` it came from)."""
        if self.public or viewer.is_team:
            return True
        return self.moderation == Moderation.PENDING and self.written_by(
            viewer.user_id, anonymous_key
        )


class Stance(db.Model):
    """One reader's "I agree" or "I disagree" on a paragraph: one per account or browser."""

    __tablename__ = "consultation_stances"
    __table_args__ = (
        UniqueConstraint("paragraph_id", "user_id"),
        UniqueConstraint("paragraph_id", "anonymous_key"),
        Index(
            "ix_consultation_stances_counts",
            "paragraph_id", "position", "user_id", "anonymous_key", "person_id",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_paragraphs.id", ondelete="CASCADE")
    )
    position: Mapped[Position] = mapped_column(enum_text(Position, 16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    anonymous_key: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Endorsement(db.Model):
    """One reader's support of an amendment: one per account or browser."""

    __tablename__ = "consultation_endorsements"
    __table_args__ = (
        UniqueConstraint("contribution_id", "user_id"),
        UniqueConstraint("contribution_id", "anonymous_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_contributions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    anonymous_key: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


declare(
    "consultations",
    _l("Consultations"),
    Kept(
        what=_l(
            "Who wrote a comment or an amendment on a consulted text: the name they signed "
            "it with, if they gave one, their account, or for a visitor without one a random "
            "number kept in their browser; and the person in the group's contact book it is "
            "linked to."
        ),
        why=_l("So that the team can answer them and each person counts once."),
        how_long=_l(
            "As long as the group keeps the consultation. When the person is erased, what "
            "they wrote stays without their name."
        ),
        seen_by=_l("The name is shown with the contribution; the rest, the group's team."),
        columns=(
            "consultation_contributions.user_id",
            "consultation_contributions.author_name",
            "consultation_contributions.anonymous_key",
            "consultation_contributions.person_id",
        ),
    ),
    Kept(
        what=_l(
            'Who said "I agree" or "I disagree" with a paragraph, or supported an amendment: '
            "the account and its person in the contact book, or a random number kept in the "
            "browser, never the internet address."
        ),
        why=_l("So that each person counts once."),
        how_long=_l("As long as the group keeps the consultation."),
        seen_by=_l("Only the counts are shown."),
        columns=(
            "consultation_stances.user_id",
            "consultation_stances.anonymous_key",
            "consultation_stances.person_id",
            "consultation_endorsements.user_id",
            "consultation_endorsements.anonymous_key",
            "consultation_endorsements.person_id",
        ),
    ),
    Kept(
        what=_l(
            "For a contribution without an account, the internet address it came from, "
            "scrambled with the site's secret key so that nobody can read it back."
        ),
        why=_l("So that one connection cannot flood a consultation."),
        how_long=_l("As long as the group keeps the consultation."),
        seen_by=_l("Nobody: the site only compares it with the others."),
        columns=("consultation_contributions.address_key",),
    ),
    refers=(
        Refers(
            "consultation_contributions",
            by=("person_id", "user_id"),
            erase=Keep(author_name=Erase.BLANK, anonymous_key=Erase.NULL, address_key=Erase.NULL),
            withheld=("anonymous_key", "address_key"),
        ),
        # Erased, a position still counts, and no browser can take it back any more.
        Refers(
            "consultation_stances",
            by=("person_id", "user_id"),
            erase=Keep(anonymous_key=Erase.NULL),
            withheld=("anonymous_key",),
        ),
        Refers(
            "consultation_endorsements",
            by=("person_id", "user_id"),
            erase=Keep(anonymous_key=Erase.NULL),
            withheld=("anonymous_key",),
        ),
        Refers(
            "consultation_contributions",
            by=("answered_by_id",),
            acted=True,
            shows=("answer", "answered_at"),
        ),
        Refers("consultations", by=("created_by_id",), acted=True, shows=("title", "created_at")),
        Refers("consultation_versions", by=("created_by_id",), acted=True, shows=("number",)),
    ),
)

# Each contribution is a time the group met its person (people's follow-up).
met_in(Contribution.person_id, Contribution.created_at)

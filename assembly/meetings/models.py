"""Meetings, their agenda, who came, who asked to speak and who spoke.

The words they are described with (kind, state, turn kind…) are in `kinds.py`.
"""

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.enums import enum_text
from assembly.extensions import db
from assembly.groups.access import MembersUnlessPublic
from assembly.meetings.clocks import Countdown, countdown
from assembly.meetings.kinds import AgeBracket, Answer, Gender, Kind, OrderRule, State, TurnKind
from assembly.needs.models import Need
from assembly.people.followup import met_in
from assembly.people.models import ConsentPurpose, Person
from assembly.web.contact import shown_reach
from assembly.web.personal_data import Erase, Keep, Kept, Refers, declare

# No 0/O, 1/I/L, 5/S, 2/Z: a code read aloud or from a projector is typed right.
JOIN_CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
# A cancellation's reason is shown to residents and sent in their SMS: a line, not a letter.
CANCEL_REASON_LENGTH = 200


def new_join_code(length: int = 5) -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))


agenda_item_needs = Table(
    "agenda_item_needs",
    db.metadata,
    Column("item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(MembersUnlessPublic, db.Model):
    """An assembly, a neighbourhood meeting, a workshop…"""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    kind: Mapped[Kind] = mapped_column(enum_text(Kind, 16), default=Kind.ASSEMBLY)
    starts_at: Mapped[datetime]  # naive UTC, shown in the group's time zone by Babel
    duration_minutes: Mapped[int] = mapped_column(default=120)
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(default=True)
    # How many may come (a room, a bus, a delegation); past it, a "yes" waits its turn.
    capacity: Mapped[int | None]
    state: Mapped[State] = mapped_column(enum_text(State, 16), default=State.PLANNED)
    join_code: Mapped[str] = mapped_column(String(8), unique=True, default=new_join_code)
    order_rule: Mapped[OrderRule] = mapped_column(
        enum_text(OrderRule, 16), default=OrderRule.NEWCOMERS_FIRST
    )
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note_taker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    timekeeper_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    observer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Live state, kept on the server so a reload or a second laptop shows the same.
    # No foreign key: agenda items already point here, and a cycle of keys would need
    # ALTER TABLE, which SQLite lacks. `current_item` checks the id belongs to this meeting.
    current_item_id: Mapped[int | None]
    # The item's clock: started, minus the time spent paused (summed, and since
    # `item_paused_at` while paused), against its timebox plus the minutes added.
    item_started_at: Mapped[datetime | None]
    item_paused_at: Mapped[datetime | None]
    item_paused_seconds: Mapped[int] = mapped_column(default=0, server_default="0")
    item_extra_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    turn_minutes: Mapped[int] = mapped_column(default=0, server_default="0")  # 0: no limit
    notes: Mapped[str] = mapped_column(Text, default="")
    # Raised on every live change: the ETag of the phone and projector views.
    live_version: Mapped[int] = mapped_column(default=0)
    ended_at: Mapped[datetime | None]  # when the team ended it; cleared if it reopens
    # Cancelled before it started: when, by whom, and why in a line residents read.
    # Cleared when it is planned again; the journal keeps each cancellation.
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str] = mapped_column(
        String(CANCEL_REASON_LENGTH), default="", server_default=""
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
    )
    facilitator: Mapped[User | None] = relationship(foreign_keys=[facilitator_id])
    note_taker: Mapped[User | None] = relationship(foreign_keys=[note_taker_id])
    timekeeper: Mapped[User | None] = relationship(foreign_keys=[timekeeper_id])
    observer: Mapped[User | None] = relationship(foreign_keys=[observer_id])
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title}>"

    @property
    def current_item(self) -> "AgendaItem | None":
        return next((item for item in self.items if item.id == self.current_item_id), None)

    @property
    def ended(self) -> bool:
        """The team ended it: live actions are refused, phones and the wall say so."""
        return self.state == State.CLOSED

    @property
    def cancelled(self) -> bool:
        """Called off before it started: nobody answers, joins or starts it; pages say so."""
        return self.state == State.CANCELLED

    @property
    def begun(self) -> bool:
        """It took place (live or closed): it has minutes and an observer's report."""
        return self.state in (State.LIVE, State.CLOSED)

    def item_clock(self, now: datetime | None = None) -> Countdown | None:
        """The current item's time left at `now` (the server's clock), or None before an item."""
        item = self.current_item
        if item is None or self.item_started_at is None:
            return None
        now = now or utcnow()
        box = timedelta(minutes=item.timebox_minutes + self.item_extra_minutes)
        ends_at = self.item_started_at + timedelta(seconds=self.item_paused_seconds) + box
        if self.item_paused_at is None:
            return countdown(ends_at, now)
        # Paused: the time left stays what it was when the pause began.
        return countdown(ends_at + (now - self.item_paused_at), now, running=False)

    def turn_clock(
        self, turn: "SpeakerTurn | None", now: datetime | None = None
    ) -> Countdown | None:
        """The time left to the turn under way, when the meeting sets a time per turn."""
        if not self.turn_minutes or turn is None or turn.started_at is None or turn.ended_at:
            return None
        return countdown(turn.started_at + timedelta(minutes=self.turn_minutes), now or utcnow())

    def touch(self) -> None:
        """Mark a live change, so phones polling with the old ETag get the new state."""
        self.live_version = Meeting.live_version + 1


class AgendaItem(db.Model):
    """One point of the agenda, with its timebox and its popular-education method."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(140))
    description: Mapped[str] = mapped_column(Text, default="")
    timebox_minutes: Mapped[int] = mapped_column(default=15)
    method: Mapped[str] = mapped_column(String(32), default="")  # a key of methods.METHODS
    notes: Mapped[str] = mapped_column(Text, default="")  # the note-taker's, for the minutes

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    needs: Mapped[list[Need]] = relationship(secondary=agenda_item_needs)


class Attendance(db.Model):
    """Someone present: signed in from a phone with the join code, or added by the facilitator.

    The self-description (first time, age bracket, gender, lives here) is optional and
    only ever shown as anonymous shares.
    """

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(String(16), default="phone")  # phone, facilitator, paper
    first_time: Mapped[bool | None]
    age_bracket: Mapped[AgeBracket | None] = mapped_column(enum_text(AgeBracket, 16))
    gender: Mapped[Gender | None] = mapped_column(enum_text(Gender, 16))
    lives_here: Mapped[bool | None]
    named_in_minutes: Mapped[bool] = mapped_column(default=False)  # agreed to appear by name
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # Struck by the team as a duplicate (one person signed in twice): no longer counted
    # present, and votes no more. Kept, so that the journal and the speaking list hold.
    struck_at: Mapped[datetime | None]
    # Raised when what this person's phone alone shows changes (a vote they are now on the
    # roll of): with the meeting's `live_version`, the ETag of their phone's view.
    live_version: Mapped[int] = mapped_column(default=0, server_default="0")

    person: Mapped[Person | None] = relationship()

    @classmethod
    def counted(cls):
        """SQL: the attendances that count as present (not struck)."""
        return cls.struck_at.is_(None)

    def may_vote_since(self, opened_at: datetime | None) -> bool:
        """Whether this person is in the electorate of a vote of those present opened at
        `opened_at`: joined by then (the electorate is frozen when the vote opens), not struck.
        (A vote with no opening time, made by hand, is not frozen.)"""
        if self.struck_at is not None:
            return False
        return opened_at is None or self.created_at <= opened_at


class SpeakerTurn(db.Model):
    """A request to speak, and once given the floor, the turn with its times."""

    __tablename__ = "speaker_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendances.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    kind: Mapped[TurnKind] = mapped_column(enum_text(TurnKind, 16), default=TurnKind.NORMAL)
    asked_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    withdrawn: Mapped[bool] = mapped_column(default=False)

    attendance: Mapped[Attendance] = relationship()


class Rsvp(db.Model):
    """An answer to an invitation, from anyone: oui, peut-être, non.

    `name` is the name as given with this answer; the person it points to (`person_id`,
    in the contact book) holds the phone or e-mail, only under their consent.
    """

    __tablename__ = "rsvps"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    answer: Mapped[Answer] = mapped_column(enum_text(Answer, 8))
    waitlisted: Mapped[bool] = mapped_column(default=False)  # a "yes" past capacity, waiting
    named_in_minutes: Mapped[bool] = mapped_column(default=False)  # apologies, by name if agreed
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person | None] = relationship()

    @property
    def contact(self) -> str:
        """How to tell them of a change to the meeting ("06 12 34 56 78 · awa@example.org"):
        only under their live consent for that, which runs out a month after it."""
        if self.person is None:
            return ""
        return shown_reach(self.person.reach(ConsentPurpose.MEETING_NEWS))


declare(
    "meetings",
    _l("Meetings"),
    Kept(
        what=_l(
            "An answer to an invitation: a name, yes, maybe or no, and the person in the "
            "group's contact book it is linked to, with a contact if they agreed to leave one."
        ),
        why=_l(
            "So that the team knows who is coming, and can remind them of the meeting and "
            "tell them of a change."
        ),
        how_long=_l(
            "The contact is used until a month after the meeting, then the daily clean-up "
            "erases it, unless the person agreed to another use; the answer stays with the "
            "meeting, and the name until the person is erased."
        ),
        seen_by=_l("The group's team (facilitators, organizers, administrators)."),
        columns=(
            "rsvps.name",
            "rsvps.answer",
            "rsvps.person_id",
            "rsvps.named_in_minutes",
        ),
    ),
    Kept(
        what=_l(
            "Who came: the name given when joining, the person in the group's contact book it "
            "is linked to, and whether the name may appear in the minutes."
        ),
        why=_l("To run the speaking list and the votes, and to count who takes part."),
        how_long=_l(
            "As long as the group keeps the meeting. When the person is erased (at their request, "
            "or after the group's retention period without contact), the presence stays counted "
            "without the name."
        ),
        seen_by=_l(
            "The facilitators and those present; the minutes name only those who agreed; the "
            "organizers also see it in the group's contact book."
        ),
        columns=(
            "attendances.name",
            "attendances.person_id",
            "attendances.named_in_minutes",
            "speaker_turns.attendance_id",
        ),
    ),
    Kept(
        what=_l(
            "If you choose to say so when joining: your age bracket, gender, whether it is your "
            "first time and whether you live here."
        ),
        why=_l("So that the group can see whether its meetings reach everyone."),
        how_long=_l("As long as the group keeps the meeting."),
        seen_by=_l(
            "Nobody one by one: these answers are only counted, as shares of those present."
        ),
        columns=(
            "attendances.age_bracket",
            "attendances.gender",
            "attendances.first_time",
            "attendances.lives_here",
        ),
    ),
    refers=(
        # Erased, an answer and a presence still count; the name reads as a dash.
        Refers(
            "rsvps",
            by=("person_id", "user_id"),
            erase=Keep(name=Erase.NEUTRAL, named_in_minutes=Erase.BLANK),
        ),
        Refers(
            "attendances",
            by=("person_id", "user_id"),
            erase=Keep(name=Erase.NEUTRAL, named_in_minutes=Erase.BLANK),
        ),
        Refers("speaker_turns", by=("attendance_id",), erase=Keep()),  # their anonymised turns
        Refers(
            "meetings",
            by=(
                "facilitator_id",
                "note_taker_id",
                "timekeeper_id",
                "observer_id",
                "cancelled_by_id",
            ),
            acted=True,
            shows=("title", "starts_at"),
        ),
    ),
)

# Coming to a meeting (a duplicate struck aside) and answering an invitation are each a time
# the group met the person (people's follow-up).
met_in(Attendance.person_id, Attendance.created_at, Attendance.counted())
met_in(Rsvp.person_id, Rsvp.created_at)

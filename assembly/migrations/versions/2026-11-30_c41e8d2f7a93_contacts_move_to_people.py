"""Needs, door visits and RSVPs keep no contact of their own: their person does.

Data: every non-empty `needs.contact`, `canvass_visits.contact` and `rsvps.contact`
becomes a person of the group (or goes to the one the row already points to; for a
need or an RSVP sent from an account, the group's one person of that account), with
the phone in E.164 or the e-mail checked (`assembly.web.contact`), and one consent
per purpose, in the French words the form showed then (version 1), given when the
old `contact_consent_at` says:

- a need: to hear about it (`need_followup`), from the need's channel; it runs while
  the need is open (one already closed or not published gets it run out today);
  a need raised at a door points to the person of that door;
- a door: to be contacted about the group's actions (`group_actions`), and about the
  need raised or shared there (`need_followup`), at the door, written down by whoever
  knocked, until the end of the day a year after the round ended, as promised;
- an RSVP: to hear about the meeting (`meeting_news`), on the web, until a week after
  the meeting started: what the form promised then (new answers are told a month).

A value that reads as neither a phone number nor an e-mail address (`06 12 34`,
`fatou chez gmail`) cannot be used to reach anyone, and the app keeps no contact it
cannot read: it is dropped, and the upgrade prints how many, with the ids of their
rows (not the values), so that whoever migrates can look them up in the backup taken
before. Then the six old columns go.

Downgrade puts the columns back and copies into them, from each row's person, the
phone (as people write it) and e-mail still held under a live consent for the row's
purpose (for a need, only while it is open), with the consent's date. People and
consents stay (the previous revision's downgrade drops them); an upgrade after a
downgrade finds them again and adds no second consent.

Revision: c41e8d2f7a93
Revises: b7e2c94d1a58
Created: 2026-11-30 16:00:00
"""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

from assembly.clock import utcnow
from assembly.web.contact import parse_email, parse_phone, shown_phone

revision = "c41e8d2f7a93"
down_revision = "b7e2c94d1a58"
branch_labels = None
depends_on = None

# The French words of each form's consent box until this revision.
NEED_WORDING = (
    "J’accepte que le groupe garde ce téléphone ou cet e-mail pour me recontacter au sujet de "
    "ce besoin, jusqu’à ce qu’il soit clos. Seule l’équipe du groupe peut le voir."
)
DOOR_WORDING = (
    "La personne accepte que le groupe garde ce téléphone ou cet e-mail pour la recontacter, "
    "pendant un an après la fin de cette tournée de porte-à-porte. Seuls les organisateur·rices "
    "et l’équipe de cette tournée peuvent le voir."
)
RSVP_WORDING = (
    "J’accepte que le groupe garde ce téléphone ou cet e-mail pour me prévenir au sujet de cette "
    "réunion, jusqu’à une semaine après. Seule l’équipe du groupe peut le voir."
)
RSVP_KEPT = timedelta(days=7)  # "jusqu'à une semaine après"
CHANNELS = {"web", "door", "meeting", "paper", "phone"}  # a need's channel is a consent source
CLOSED_STATUSES = ("resolved", "declined")
FOLLOWED_MODERATION = ("pending", "approved")
FLOOR_LENGTH = 40  # people.floor

people = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("phone", sa.String),
    sa.column("email", sa.String),
    sa.column("address", sa.String),
    sa.column("building", sa.String),
    sa.column("staircase", sa.String),
    sa.column("floor", sa.String),
    sa.column("language", sa.String),
    sa.column("languages", sa.String),
    sa.column("sensitive", sa.Text),
    sa.column("user_id", sa.Integer),
    sa.column("ladder_rank", sa.Integer),
    sa.column("last_contact_at", sa.DateTime),
    sa.column("created_at", sa.DateTime),
)
consents = sa.table(
    "consents",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("purpose", sa.String),
    sa.column("wording", sa.Text),
    sa.column("version", sa.Integer),
    sa.column("source", sa.String),
    sa.column("given_at", sa.DateTime),
    sa.column("expires_at", sa.DateTime),
    sa.column("recorded_by_id", sa.Integer),
    sa.column("withdrawn_at", sa.DateTime),
)
needs = sa.table(
    "needs",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("author_id", sa.Integer),
    sa.column("author_name", sa.String),
    sa.column("person_id", sa.Integer),
    sa.column("contact", sa.String),
    sa.column("contact_consent_at", sa.DateTime),
    sa.column("channel", sa.String),
    sa.column("status", sa.String),
    sa.column("moderation", sa.String),
    sa.column("merged_into_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
)
visits = sa.table(
    "canvass_visits",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("canvass_id", sa.Integer),
    sa.column("building", sa.String),
    sa.column("floor", sa.String),
    sa.column("person_id", sa.Integer),
    sa.column("contact", sa.String),
    sa.column("contact_consent_at", sa.DateTime),
    sa.column("knocked_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
)
canvasses = sa.table("canvasses", sa.column("id", sa.Integer), sa.column("ends_on", sa.Date))
visit_needs = sa.table(
    "visit_needs", sa.column("visit_id", sa.Integer), sa.column("need_id", sa.Integer)
)
rsvps = sa.table(
    "rsvps",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("person_id", sa.Integer),
    sa.column("contact", sa.String),
    sa.column("contact_consent_at", sa.DateTime),
    sa.column("created_at", sa.DateTime),
)
meetings = sa.table(
    "meetings",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("starts_at", sa.DateTime),
)


def read_contact(text: str) -> tuple[str, str] | None:
    """(E.164 phone, e-mail) read from what was typed, or None when neither can be read.

    A value that is not one phone or one e-mail as a whole is read piece by piece
    ("06 12 34 56 78 / awa@example.org"): the first phone and first e-mail found.
    """
    text = text.strip()
    pieces = [text] + [
        piece.strip() for piece in text.replace(";", ",").replace("/", ",").split(",")
    ]
    pieces += text.split()
    phone = email = ""
    for piece in pieces:
        if not piece:
            continue
        try:
            if "@" in piece:
                email = email or parse_email(piece)
            else:
                phone = phone or parse_phone(piece)
        except ValueError:
            continue
    return (phone, email) if phone or email else None


def door_expiry(ends_on: date) -> datetime:
    """The end of the day a year after the round's last day (28 February for the 29th)."""
    try:
        anniversary = ends_on.replace(year=ends_on.year + 1)
    except ValueError:
        anniversary = ends_on.replace(year=ends_on.year + 1, day=28)
    return datetime.combine(anniversary + timedelta(days=1), time())


class Book:
    """The people the upgrade finds or adds, and the unreadable values it drops."""

    def __init__(self, bind):
        self.bind = bind
        self.dropped: dict[str, list[int]] = {}

    def person(
        self,
        *,
        group_id: int,
        found: int | None,
        user_id: int | None,
        name: str,
        contact: tuple[str, str],
        seen_at: datetime,
        building: str = "",
        floor: str = "",
    ) -> int:
        """The row's person (`found`), the group's person of `user_id`, or a new one;
        it takes the phone or e-mail it lacks."""
        phone, email = contact
        if found is None and user_id is not None:
            found = self.bind.scalar(
                sa.select(people.c.id)
                .where(people.c.group_id == group_id, people.c.user_id == user_id)
                .order_by(people.c.id)
                .limit(1)
            )
        if found is None:
            return self.bind.scalar(
                people.insert()
                .returning(people.c.id)
                .values(
                    group_id=group_id,
                    name=(name or "").strip()[:80],
                    phone=phone,
                    email=email,
                    address="",
                    building=(building or "").strip(),
                    staircase="",
                    floor=(floor or "").strip()[:FLOOR_LENGTH],
                    language="",
                    languages="",
                    sensitive="",
                    user_id=user_id,
                    ladder_rank=0,
                    last_contact_at=seen_at,
                    created_at=seen_at,
                )
            )
        row = self.bind.execute(
            sa.select(people.c.phone, people.c.email).where(people.c.id == found)
        ).one()
        self.bind.execute(
            people.update()
            .where(people.c.id == found)
            .values(phone=row.phone or phone, email=row.email or email)
        )
        return found

    def consent(self, person_id: int, purpose: str, **values) -> None:
        """One consent, unless the person already holds this one (an upgrade run again)."""
        already = self.bind.scalar(
            sa.select(sa.func.count())
            .select_from(consents)
            .where(
                consents.c.person_id == person_id,
                consents.c.purpose == purpose,
                consents.c.given_at == values["given_at"],
            )
        )
        if not already:
            self.bind.execute(
                consents.insert().values(person_id=person_id, purpose=purpose, version=1, **values)
            )

    def read(self, table: str, row_id: int, text: str) -> tuple[str, str] | None:
        contact = read_contact(text)
        if contact is None:
            self.dropped.setdefault(table, []).append(row_id)
        return contact

    def report(self) -> None:
        for table, ids in self.dropped.items():
            shown = ", ".join(str(i) for i in ids)
            print(  # whoever migrates must know what was not kept
                f"{table}: {len(ids)} contact(s) neither a phone number nor an e-mail address, "
                f"not kept (rows {shown})"
            )


def upgrade():
    bind = op.get_bind()
    book = Book(bind)
    now = utcnow()
    move_visits(book)
    move_needs(book, now)
    move_rsvps(book)
    book.report()
    for table in ("needs", "canvass_visits", "rsvps"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("contact_consent_at")
            batch_op.drop_column("contact")


def move_visits(book: Book) -> None:
    """Each door's contact: a person at that building and floor, two purposes at most."""
    rows = book.bind.execute(
        sa.select(visits, canvasses.c.ends_on)
        .join(canvasses, canvasses.c.id == visits.c.canvass_id)
        .where(visits.c.contact.is_not(None), visits.c.contact != "")
        .order_by(visits.c.id)
    ).all()
    for row in rows:
        contact = book.read("canvass_visits", row.id, row.contact)
        if contact is None:
            continue
        given_at = row.contact_consent_at or row.created_at or utcnow()
        person_id = book.person(
            group_id=row.group_id,
            found=row.person_id,
            user_id=None,
            name="",
            contact=contact,
            seen_at=given_at,
            building=row.building,
            floor=row.floor,
        )
        raised = book.bind.scalar(
            sa.select(sa.func.count()).select_from(visit_needs).where(visit_needs.c.visit_id == row.id)
        )
        for purpose in ("group_actions",) + (("need_followup",) if raised else ()):
            book.consent(
                person_id,
                purpose,
                wording=DOOR_WORDING,
                source="door",
                given_at=given_at,
                expires_at=door_expiry(row.ends_on),
                recorded_by_id=row.knocked_by_id,
            )
        book.bind.execute(
            visits.update().where(visits.c.id == row.id).values(person_id=person_id)
        )


def move_needs(book: Book, now: datetime) -> None:
    """Each need's contact, then the needs raised at a door point to that door's person."""
    rows = book.bind.execute(
        sa.select(needs)
        .where(needs.c.contact.is_not(None), needs.c.contact != "")
        .order_by(needs.c.id)
    ).all()
    for row in rows:
        contact = book.read("needs", row.id, row.contact)
        if contact is None:
            continue
        given_at = row.contact_consent_at or row.created_at or now
        followed = (
            row.status not in CLOSED_STATUSES
            and row.merged_into_id is None
            and row.moderation in FOLLOWED_MODERATION
        )
        person_id = book.person(
            group_id=row.group_id,
            found=row.person_id,
            user_id=row.author_id,
            name=row.author_name,
            contact=contact,
            seen_at=given_at,
        )
        book.consent(
            person_id,
            "need_followup",
            wording=NEED_WORDING,
            source=row.channel if row.channel in CHANNELS else "web",
            given_at=given_at,
            expires_at=None if followed else now,
            recorded_by_id=None,
        )
        book.bind.execute(needs.update().where(needs.c.id == row.id).values(person_id=person_id))
    # A need raised at a door was linked to that door first (later doors only share it).
    first_door = (
        sa.select(visit_needs.c.need_id, sa.func.min(visit_needs.c.visit_id).label("visit_id"))
        .group_by(visit_needs.c.need_id)
        .subquery()
    )
    raised = book.bind.execute(
        sa.select(needs.c.id, visits.c.person_id)
        .join(first_door, first_door.c.need_id == needs.c.id)
        .join(visits, visits.c.id == first_door.c.visit_id)
        .where(
            needs.c.channel == "door",
            needs.c.person_id.is_(None),
            visits.c.person_id.is_not(None),
        )
    ).all()
    for need_id, person_id in raised:
        book.bind.execute(needs.update().where(needs.c.id == need_id).values(person_id=person_id))


def move_rsvps(book: Book) -> None:
    """Each RSVP's contact, told until a week after the meeting, as the form said then."""
    rows = book.bind.execute(
        sa.select(rsvps, meetings.c.group_id, meetings.c.starts_at)
        .join(meetings, meetings.c.id == rsvps.c.meeting_id)
        .where(rsvps.c.contact.is_not(None), rsvps.c.contact != "")
        .order_by(rsvps.c.id)
    ).all()
    for row in rows:
        contact = book.read("rsvps", row.id, row.contact)
        if contact is None:
            continue
        given_at = row.contact_consent_at or row.created_at or utcnow()
        person_id = book.person(
            group_id=row.group_id,
            found=row.person_id,
            user_id=row.user_id,
            name=row.name,
            contact=contact,
            seen_at=given_at,
        )
        book.consent(
            person_id,
            "meeting_news",
            wording=RSVP_WORDING,
            source="web",
            given_at=given_at,
            expires_at=row.starts_at + RSVP_KEPT,
            recorded_by_id=None,
        )
        book.bind.execute(rsvps.update().where(rsvps.c.id == row.id).values(person_id=person_id))


def downgrade():
    for table in ("needs", "canvass_visits", "rsvps"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("contact", sa.String(length=254), nullable=False, server_default="")
            )
            batch_op.add_column(sa.Column("contact_consent_at", sa.DateTime(), nullable=True))
    bind = op.get_bind()
    now = utcnow()
    live = sa.and_(
        consents.c.withdrawn_at.is_(None),
        sa.or_(consents.c.expires_at.is_(None), consents.c.expires_at > now),
    )
    followed = sa.and_(
        needs.c.status.not_in(CLOSED_STATUSES),
        needs.c.merged_into_id.is_(None),
        needs.c.moderation.in_(FOLLOWED_MODERATION),
    )
    for table, purpose, condition in (
        (needs, "need_followup", followed),
        (visits, "group_actions", sa.true()),
        (rsvps, "meeting_news", sa.true()),
    ):
        rows = bind.execute(
            sa.select(table.c.id, people.c.phone, people.c.email, consents.c.given_at)
            .join(people, people.c.id == table.c.person_id)
            .join(consents, consents.c.person_id == people.c.id)
            .where(consents.c.purpose == purpose, live, condition)
            .order_by(table.c.id, consents.c.given_at)
        ).all()
        for row in rows:  # the latest consent of a row is written last
            contact = " · ".join(part for part in (shown_phone(row.phone), row.email) if part)
            if contact:
                bind.execute(
                    table.update()
                    .where(table.c.id == row.id)
                    .values(contact=contact[:254], contact_consent_at=row.given_at)
                )

"""The texts a visitor may read, for the lexical analysis: one query per source.

Needs (title and text) as the needs feature shows them (`Need.shown_to`); door notes
of the rounds whose words the visitor reads (`Canvass.words_read_by`); the arguments
of the decisions they see (`Decision.visible_to`), for members only, as the decision's
page shows them (they are signed with the member's name); the note-taker's notes of the
meetings they see (`Meeting.visible_to`), once the minutes drawn from them are
published — until then only those who write the minutes read the notes; the approved
comments and amendments (the words an amendment adds to the paragraph, and why: the
paragraph's own words are the group's, not the resident's) of the consultations they may
read (`Consultation.shown_to`), once published. Each rule is the record's own; nothing
here says again who sees what.

The analysis counts French words: words written in another language (web/languages.py)
come through the team's French summary beside them, or not at all without one.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from assembly.canvassing.models import Canvass, Visit, visit_themes
from assembly.consultations.diff import diff
from assembly.consultations.models import (
    Consultation,
    ConsultationStage,
    Contribution,
    ContributionType,
    Paragraph,
)
from assembly.decisions.models import Argument, Decision
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group
from assembly.insights.period import Period
from assembly.meetings.models import AgendaItem, Meeting
from assembly.minutes.models import Minutes
from assembly.needs.models import Channel, Moderation, Need, Theme
from assembly.needs.search import search
from assembly.web.languages import FRENCH

# The parts of the texts, in the order the page names them.
SOURCES = ("need", "door", "argument", "notes", "consultation")
# Below the members, a term shows only when this many distinct contributions use it: a
# word one or two people wrote may name them (a family name, a flat number).
SHARED_BY = 3


@dataclass(frozen=True)
class Text:
    """One contribution's words, and what the analysis sorts it by.

    `id` is the record's (a need, a visit, an argument, a meeting, an agenda item or a
    consultation's contribution); `page` names the page that shows it (a need's number, a
    decision's or a meeting's id, a consultation's number, whose `paragraph` it is on),
    None for door notes, which have none.
    """

    source: str
    id: int
    page: int | None
    title: str
    words: str
    channel: str
    at: datetime
    place: str = ""
    themes: tuple[int, ...] = field(default=())
    paragraph: int | None = None


@dataclass(frozen=True)
class Reader:
    """What a visitor may read of the texts: their standing (the needs' rule tells the
    team apart, the decisions' and meetings' the members), the rounds whose door notes
    they read, and how many contributions a term needs before they see it."""

    viewer: Viewer
    rounds: tuple[int, ...]
    shared_by: int

    @property
    def kind(self) -> str:
        if self.viewer.is_team:
            return "team"
        return "member" if self.viewer.is_member else "public"

    def key(self, *parts) -> str:
        """A snapshot's name for what this reader reads, with `parts` (the filters, the
        group's stop words): "words:member:3f2a…". Readers who read the same share it."""
        data = json.dumps([self.rounds, self.shared_by, *parts], default=str)
        digest = hashlib.sha256(data.encode()).hexdigest()[:16]
        return f"words:{self.kind}:{digest}"


def reader_of(group: Group, viewer: Viewer) -> Reader:
    """The reader `viewer` is in `group`."""
    rounds = db.session.scalars(
        select(Canvass.id)
        .where(Canvass.group_id == group.id, Canvass.words_read_by(viewer))
        .order_by(Canvass.id)
    )
    return Reader(viewer, tuple(rounds), 1 if viewer.is_member else SHARED_BY)


@dataclass(frozen=True)
class Filters:
    """The theme and the channel the analysis is narrowed to (None: all)."""

    theme: int | None = None
    channel: str | None = None

    @classmethod
    def from_args(cls, args, themes: dict[int, str]) -> "Filters":
        """`?theme=<id>&channel=<key>`; an unknown theme or channel reads as all."""
        theme = args.get("theme", "")
        theme = int(theme) if theme.isascii() and theme.isdigit() else None
        channel = args.get("channel") or None
        return cls(
            theme if theme in themes else None,
            channel if channel in Channel._value2member_map_ else None,
        )

    def args(self) -> dict[str, str]:
        found = {"theme": str(self.theme) if self.theme else None, "channel": self.channel}
        return {key: value for key, value in found.items() if value}

    def allows(self, channel: str) -> bool:
        return self.channel in (None, channel)


def texts(
    group: Group, reader: Reader, period: Period, filters: Filters, matching: str = ""
) -> Iterator[Text]:
    """Every text `reader` may read in `period` under `filters`, source by source.

    `matching`: a word the texts must use — the needs' search index narrows the needs
    to those that may (the caller still checks each text)."""
    yield from _needs(group, reader, period, filters, matching)
    if filters.allows(Channel.DOOR):
        yield from _door_notes(group, reader, period, filters)
    if filters.theme is None:  # arguments and notes have no theme
        if Argument.read_by(reader.viewer):
            yield from _arguments(group, reader, period, filters)
        if filters.allows(Channel.MEETING):
            yield from _notes(group, reader, period)
        yield from _consultations(group, reader, period, filters)


def in_french(words: str, language: str, french_summary: str) -> str:
    """What the analysis reads of someone's words: them if French, else the team's summary."""
    return words if language == FRENCH else french_summary


def _needs(group, reader, period, filters, matching) -> Iterator[Text]:
    query = select(
        Need.id, Need.number, Need.title, Need.body, Need.channel, Need.place,
        Need.created_at, Need.theme_id, Need.language, Need.french_summary,
    ).where(
        Need.group_id == group.id,
        Need.shown_to(reader.viewer),
        # Refused texts and spam are nobody's contribution, even for the team.
        Need.moderation.not_in((Moderation.REJECTED, Moderation.SPAM)),
        Need.created_at >= period.since,
        Need.created_at < period.until,
    )  # fmt: skip
    if filters.theme:
        query = query.where(Need.theme_id == filters.theme)
    if filters.channel:
        query = query.where(Need.channel == filters.channel)
    if matching:
        query = search(query, text_query=matching)
    for (
        id_,
        number,
        title,
        body,
        channel,
        place,
        at,
        theme,
        language,
        summary,
    ) in db.session.execute(query):
        if words := in_french(f"{title}\n{body}", language, summary):
            yield Text(
                "need", id_, number, title, words, str(channel), at, place or "",
                (theme,) if theme else (),
            )  # fmt: skip


def _door_notes(group, reader, period, filters) -> Iterator[Text]:
    if not reader.rounds:
        return
    condition = (
        Visit.group_id == group.id,
        Visit.canvass_id.in_(reader.rounds),
        Visit.words != "",
        Visit.created_at >= period.since,
        Visit.created_at < period.until,
    )
    query = select(
        Visit.id, Visit.words, Visit.building, Visit.created_at, Visit.language,
        Visit.french_summary,
    ).where(*condition)  # fmt: skip
    themes: dict[int, list[int]] = {}
    for visit_id, theme_id in db.session.execute(
        select(visit_themes.c.visit_id, visit_themes.c.theme_id).where(
            visit_themes.c.visit_id.in_(select(Visit.id).where(*condition))
        )
    ):
        themes.setdefault(visit_id, []).append(theme_id)
    for id_, words, building, at, language, summary in db.session.execute(query):
        own = tuple(sorted(themes.get(id_, ())))
        if filters.theme and filters.theme not in own:
            continue
        if words := in_french(words, language, summary):
            yield Text("door", id_, None, "", words, Channel.DOOR.value, at, building or "", own)


def _arguments(group, reader, period, filters) -> Iterator[Text]:
    query = (
        select(
            Argument.id, Argument.body, Argument.created_at, Decision.id, Decision.question,
            Decision.meeting_id, Argument.language, Argument.french_summary,
        )
        .join(Decision, Decision.id == Argument.decision_id)
        .where(
            Decision.group_id == group.id,
            Decision.visible_to(reader.viewer),
            Argument.created_at >= period.since,
            Argument.created_at < period.until,
        )
    )  # fmt: skip
    for id_, body, at, decision_id, question, meeting_id, language, summary in db.session.execute(
        query
    ):
        # Put online, an argument came by the website; else in a meeting.
        channel = Channel.WEB if meeting_id is None else Channel.MEETING
        if filters.allows(channel) and (words := in_french(body, language, summary)):
            yield Text("argument", id_, decision_id, question, words, channel.value, at)


def _notes(group, reader, period) -> Iterator[Text]:
    published = select(Minutes.meeting_id).where(Minutes.published_at.is_not(None))
    meetings = (
        Meeting.group_id == group.id,
        Meeting.visible_to(reader.viewer),
        Meeting.id.in_(published),
        Meeting.starts_at >= period.since,
        Meeting.starts_at < period.until,
    )
    query = select(Meeting.id, Meeting.title, Meeting.notes, Meeting.starts_at).where(
        *meetings, Meeting.notes != ""
    )
    for id_, title, notes, at in db.session.execute(query):
        yield Text("notes", id_, id_, title, notes, Channel.MEETING.value, at)
    query = (
        select(AgendaItem.id, AgendaItem.title, AgendaItem.notes, Meeting.id, Meeting.title)
        .add_columns(Meeting.starts_at)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(*meetings, AgendaItem.notes != "")
    )
    for id_, item, notes, meeting_id, title, at in db.session.execute(query):
        yield Text("notes", id_, meeting_id, f"{title} · {item}", notes, Channel.MEETING.value, at)


def _consultations(group, reader, period, filters) -> Iterator[Text]:
    consultations = db.session.scalars(
        select(Consultation).where(
            Consultation.group_id == group.id, Consultation.stage != ConsultationStage.DRAFT
        )
    )
    titles = {c.id: (c.number, c.title) for c in consultations if c.shown_to(reader.viewer)}
    if not titles:
        return
    query = select(
        Contribution.id, Contribution.consultation_id, Contribution.paragraph_id,
        Contribution.kind, Contribution.text, Contribution.rewrite, Contribution.channel,
        Contribution.created_at, Paragraph.body,
    ).join(Paragraph, Paragraph.id == Contribution.paragraph_id).where(
        Contribution.consultation_id.in_(titles),
        # What the public may trust: the team's approval, whoever reads.
        Contribution.moderation == Moderation.APPROVED,
        Contribution.created_at >= period.since,
        Contribution.created_at < period.until,
    )  # fmt: skip
    if filters.channel:
        query = query.where(Contribution.channel == filters.channel)
    rows = db.session.execute(query)
    for id_, consultation_id, paragraph_id, kind, text, rewrite, channel, at, body in rows:
        number, title = titles[consultation_id]
        words = text
        if kind == ContributionType.AMENDMENT:  # its own words: what it adds, and why
            added = " ".join(s.text for s in diff(body, rewrite or "") if s.op == "inserted")
            words = f"{added}\n{text}"
        yield Text(
            "consultation", id_, number, title, words.strip(), str(channel), at,
            paragraph=paragraph_id,
        )  # fmt: skip


def theme_names(group: Group) -> dict[int, str]:
    """The group's themes by id, by name."""
    rows = db.session.execute(
        select(Theme.id, Theme.name).where(Theme.group_id == group.id).order_by(Theme.name)
    )
    return dict(rows.all())

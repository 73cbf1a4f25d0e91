"""How widely and how deeply a candidate issue is felt: the people behind its needs, and
their own words the team chose to quote.

Widely: distinct people of the group's People register, each counted once, whatever the
number of ways they showed up (raised one of the needs, said "moi aussi", spoke of it at
their door, were present at a meeting whose agenda held it). Supports without a known
person (an anonymous "moi aussi", people counted at a meeting or a door) are told apart:
nobody knows whether they are the same people.

Deeply: the needs' texts and what residents said at their doors. Door words are
personal: unselected, only those who read the round's doors see them
(`Canvass.words_read_by`); once the team quotes them, members read them without names.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from assembly.auth.models import User
from assembly.campaigns.events import CAMPAIGN_QUOTED
from assembly.campaigns.models import Campaign, Quote, campaign_needs
from assembly.canvassing.models import Canvass, Visit, visit_needs
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.meetings.models import AgendaItem, Attendance, agenda_item_needs
from assembly.needs.models import CountedSupport, Need, Support
from assembly.trace.operations import record

MAX_QUOTES = 6  # the strongest few: the campaign page stays light and every word counts
DOOR_WORDS_LISTED = 60  # the most recent doors offered to quote (and any already quoted)


@dataclass(frozen=True)
class Reach:
    """The people behind a campaign's needs, by where they showed up (person ids)."""

    authors: frozenset[int]
    supporters: frozenset[int]
    doors: frozenset[int]
    meetings: frozenset[int]
    unknown: int  # supports without a known person: never added to `people`

    @property
    def people(self) -> int:
        """Distinct people, each once though they showed up in several ways."""
        return len(self.authors | self.supporters | self.doors | self.meetings)

    def by_source(self) -> dict[str, int]:
        return {
            "authors": len(self.authors),
            "supporters": len(self.supporters),
            "doors": len(self.doors),
            "meetings": len(self.meetings),
        }


def _needs_of(campaign: Campaign):
    return select(campaign_needs.c.need_id).where(campaign_needs.c.campaign_id == campaign.id)


def _people(query) -> frozenset[int]:
    return frozenset(db.session.scalars(query.distinct()))


def widely_felt(campaign: Campaign) -> Reach:
    """Who is behind the campaign's needs: one query per source, and one for the supports
    without a known person. Meeting mentions are the people present (not struck as
    duplicates) at a meeting whose agenda held one of the needs."""
    needs = _needs_of(campaign)
    authors = select(Need.person_id).where(Need.id.in_(needs), Need.person_id.is_not(None))
    supporters = select(Support.person_id).where(
        Support.need_id.in_(needs), Support.held.is_(False), Support.person_id.is_not(None)
    )
    doors = (
        select(Visit.person_id)
        .join(visit_needs, visit_needs.c.visit_id == Visit.id)
        .where(visit_needs.c.need_id.in_(needs), Visit.person_id.is_not(None))
    )
    meetings = (
        select(Attendance.person_id)
        .join(AgendaItem, AgendaItem.meeting_id == Attendance.meeting_id)
        .join(agenda_item_needs, agenda_item_needs.c.item_id == AgendaItem.id)
        .where(
            agenda_item_needs.c.need_id.in_(needs),
            Attendance.counted(),
            Attendance.person_id.is_not(None),
        )
    )
    anonymous = (
        select(func.count(Support.id))
        .where(Support.need_id.in_(needs), Support.held.is_(False), Support.person_id.is_(None))
        .scalar_subquery()
    )
    counted = (
        select(func.coalesce(func.sum(CountedSupport.count), 0))
        .where(CountedSupport.need_id.in_(needs))
        .scalar_subquery()
    )
    return Reach(
        authors=_people(authors),
        supporters=_people(supporters),
        doors=_people(doors),
        meetings=_people(meetings),
        unknown=db.session.scalar(select(anonymous + counted)) or 0,
    )


# Deeply felt: the words


@dataclass(frozen=True)
class Words:
    """Words a resident said: a need's text (`need`) or what was said at a door (`visit`)."""

    text: str
    need: Need | None = None
    visit: Visit | None = None
    quoted: bool = False

    @property
    def key(self) -> str:
        return f"n{self.need.id}" if self.need is not None else f"v{self.visit.id}"


def _quotes(campaign: Campaign) -> list[Quote]:
    return list(
        db.session.scalars(select(Quote).where(Quote.campaign_id == campaign.id).order_by(Quote.id))
    )


def quoted(campaign: Campaign, viewer: Viewer) -> list[Words]:
    """The words the team chose, for members: a need's text while the viewer may read the
    need, a door's words without the door or the person (erased words are gone)."""
    quotes = _quotes(campaign)
    need_ids = [quote.need_id for quote in quotes if quote.need_id]
    visit_ids = [quote.visit_id for quote in quotes if quote.visit_id]
    needs = {
        need.id: need
        for need in db.session.scalars(
            select(Need).where(Need.id.in_(need_ids), Need.shown_to(viewer))
        )
    }
    doors = dict(
        db.session.execute(select(Visit.id, Visit.words).where(Visit.id.in_(visit_ids))).all()
    )
    words = []
    for quote in quotes:
        if quote.need_id in needs and needs[quote.need_id].body.strip():
            need = needs[quote.need_id]
            words.append(Words(need.body, need=need, quoted=True))
        elif (doors.get(quote.visit_id) or "").strip():
            words.append(Words(doors[quote.visit_id], quoted=True))
    return words


def quotable(campaign: Campaign, viewer: Viewer) -> list[Words]:
    """What the team may quote: the texts of the needs the viewer reads, then the words
    said at the doors of those needs that the viewer reads (`Canvass.words_read_by`),
    newest first, each with whether it is quoted. A door quoted already is listed for
    every team member, so that any of them may take it out."""
    chosen = _quotes(campaign)
    quoted_needs = {quote.need_id for quote in chosen if quote.need_id}
    quoted_doors = {quote.visit_id for quote in chosen if quote.visit_id}
    needs = db.session.scalars(
        select(Need)
        .where(Need.id.in_(_needs_of(campaign)), Need.shown_to(viewer), Need.body != "")
        .order_by(Need.number)
    )
    words = [Words(need.body, need=need, quoted=need.id in quoted_needs) for need in needs]
    heard = select(visit_needs.c.visit_id).where(visit_needs.c.need_id.in_(_needs_of(campaign)))
    readable = (
        select(Visit)
        .join(Canvass, Canvass.id == Visit.canvass_id)
        .where(Visit.id.in_(heard), Visit.words != "", Canvass.words_read_by(viewer))
        .order_by(Visit.created_at.desc(), Visit.id.desc())
        .limit(DOOR_WORDS_LISTED)
    )
    doors = {visit.id: visit for visit in db.session.scalars(readable)}
    missing = quoted_doors - set(doors)
    if missing:  # quoted, but older than the listed ones or of a round the viewer does not read
        doors.update(
            (visit.id, visit)
            for visit in db.session.scalars(
                select(Visit).where(Visit.id.in_(missing), Visit.words != "")
            )
        )
    words += [
        Words(visit.words, visit=visit, quoted=visit.id in quoted_doors) for visit in doors.values()
    ]
    return words


def choose_quotes(campaign: Campaign, keys: set[str], *, offered: list[Words], by: User) -> None:
    """Quote exactly the words of `offered` whose key is in `keys`; words not offered to this
    team member (a door they do not read) stay as they are. Sent twice, it changes nothing."""
    hold(Campaign, campaign.id)  # two team members at once: one after the other
    held = {
        (f"n{quote.need_id}" if quote.need_id else f"v{quote.visit_id}"): quote
        for quote in _quotes(campaign)
    }
    added = removed = 0
    for words in offered:
        if words.key in keys and words.key not in held:
            db.session.add(
                Quote(
                    campaign_id=campaign.id,
                    need_id=words.need.id if words.need else None,
                    visit_id=words.visit.id if words.visit else None,
                    chosen_by_id=by.id,
                )
            )
            added += 1
        elif words.key not in keys and words.key in held:
            db.session.delete(held[words.key])
            removed += 1
    if added or removed:
        record(CAMPAIGN_QUOTED, campaign, group_id=campaign.group_id, added=added, removed=removed)
    db.session.commit()

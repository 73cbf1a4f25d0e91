"""What can happen in a door-knocking round. Each function commits and writes the journal."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.canvassing.events import CANVASS_CREATED, CANVASS_EDITED, CANVASS_VISIT_LOGGED
from assembly.canvassing.models import Canvass, Visit, VisitOutcome, visit_needs, visit_themes
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Channel, Need, Theme
from assembly.needs.operations import count_support, submit_need
from assembly.people.models import Consent, ConsentPurpose, ConsentSource, Person
from assembly.people.operations import record_person
from assembly.trace.operations import record
from assembly.web.contact import NO_CONTACT, Contact
from assembly.web.languages import FRENCH

CONTACT_YEARS = 1  # what the consent at the door says: a year after the round ends


def _clean_places(places: str) -> str:
    """One place per line, trimmed, blank lines and repeats dropped."""
    kept: list[str] = []
    for line in places.splitlines():
        if line.strip() and line.strip() not in kept:
            kept.append(line.strip())
    return "\n".join(kept)


def open_canvass(
    group: Group,
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    places: str,
    team: list[User],
    by: User,
) -> Canvass:
    """Open a door-knocking round over `places` (one per line), knocked by `team`."""
    canvass = Canvass(
        group_id=group.id,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        places=_clean_places(places),
        team=team,
        created_by_id=by.id,
    )
    db.session.add(canvass)
    record(
        CANVASS_CREATED,
        canvass,
        group_id=group.id,
        name=canvass.name,
        places=len(canvass.place_list),
        team=[user.id for user in team],
    )
    db.session.commit()
    return canvass


def edit_canvass(
    canvass: Canvass,
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    places: str,
    team: list[User],
) -> None:
    """Change a canvass's name, dates, places or team; visits already logged stay."""
    new = {
        "name": name.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "places": _clean_places(places),
    }
    changed = sorted(field for field, value in new.items() if getattr(canvass, field) != value)
    for field in changed:
        setattr(canvass, field, new[field])
    if {user.id for user in team} != {user.id for user in canvass.team}:
        canvass.team = team
        changed.append("team")
    if changed:
        record(
            CANVASS_EDITED,
            canvass,
            group_id=canvass.group_id,
            fields=changed,
            team=[user.id for user in canvass.team],
        )
    db.session.commit()


def shared_need(group_id: int | None, number: int) -> Need | None:
    """The group's need B-`number` if anyone may see it and it still gathers supports."""
    need = db.session.scalar(db.select(Need).filter_by(group_id=group_id, number=number))
    if need is None or not need.public or need.closed:
        return None
    return need


def contact_expiry(canvass: Canvass) -> datetime:
    """When a contact given at the canvass's doors runs out: the end of the day a year
    after its last day ("for one year after the end of this door-knocking round")."""
    last = canvass.ends_on
    try:
        anniversary = last.replace(year=last.year + CONTACT_YEARS)
    except ValueError:  # 29 February, in a common year: 28 February
        anniversary = last.replace(year=last.year + CONTACT_YEARS, day=28)
    return datetime.combine(anniversary + timedelta(days=1), time())


def log_visit(
    canvass: Canvass,
    *,
    by: User,
    building: str,
    floor: str = "",
    outcome: VisitOutcome,
    words: str = "",
    language: str = FRENCH,
    themes: Sequence[Theme] = (),
    wants_involvement: bool = False,
    contact: Contact = NO_CONTACT,
    wording: str = "",
    need_title: str = "",
    need_body: str = "",
    shares: Need | None = None,
) -> Visit:
    """Record one door; a need raised there becomes a need of the group, linked to the visit.
    The words heard, and the need, keep the `language` they were said in.

    Someone who left a contact or wants to get involved goes in the contact book, with
    the building and floor so that the team can go back (`record_person`). `contact`
    must only be passed with their consent, in the words `wording` (the form's box): to
    be contacted about the group's actions and, when they raised or share a need, about
    it, until a year after the round. The need is submitted first, by the needs feature,
    which commits on its own: the visit, its link to the need and its journal event then
    land together. With `shares`, the person is counted among those who share an existing
    need instead.
    """
    themes = list(themes)
    person = None
    if contact or wants_involvement:
        purposes = [ConsentPurpose.GROUP_ACTIONS]
        if need_title.strip() or shares is not None:
            purposes.append(ConsentPurpose.NEED_FOLLOWUP)
        person = record_person(
            canvass.group,
            source=ConsentSource.DOOR,
            contact=contact,
            purposes=purposes,
            wording=wording,
            recorded_by=by,
            expires_at=contact_expiry(canvass),
            building=building.strip(),
            floor=floor.strip()[: Person.floor.type.length],
        )
    need = None
    if need_title.strip():
        need = submit_need(
            canvass.group,
            title=need_title,
            body=need_body,
            # One theme ticked at the door is clearly the need's; several leave it open.
            theme=themes[0] if len(themes) == 1 else None,
            place=building,
            language=language,
            channel=Channel.DOOR,
            person=person,
            trusted=True,  # the team heard it in person: no moderation queue
        )
    if shares is not None:
        count_support(shares, 1, Channel.DOOR, note=building.strip()[:200], by=by)
        need = shares
    visit = Visit(
        group_id=canvass.group_id,
        canvass_id=canvass.id,
        building=building.strip(),
        floor=floor.strip(),
        outcome=outcome,
        words=words.strip(),
        language=language,
        themes=themes,
        wants_involvement=wants_involvement,
        person_id=person.id if person else None,
        knocked_by_id=by.id,
        needs=[need] if need else [],
    )
    db.session.add(visit)
    record(
        CANVASS_VISIT_LOGGED,
        visit,
        group_id=canvass.group_id,
        canvass=canvass.id,
        outcome=outcome,
        need=need.number if need else None,
    )
    db.session.commit()
    return visit


# What the canvass page shows: read-only, one aggregated query each.


@dataclass
class PlaceProgress:
    """How far the canvass got in one building or street."""

    place: str
    doors: int = 0
    talks: int = 0
    interested: int = 0


def progress(canvass: Canvass) -> list[PlaceProgress]:
    """Doors knocked, conversations and people interested per place, in one query.

    Places of the canvass's list come first, in its order, even when nobody has
    knocked there yet; places logged as "other" follow, by name.
    """
    rows = db.session.execute(
        db.select(
            Visit.building,
            db.func.count(),
            db.func.sum(db.case((Visit.outcome == VisitOutcome.TALKED, 1), else_=0)),
            db.func.sum(db.case((Visit.wants_involvement, 1), else_=0)),
        )
        .where(Visit.canvass_id == canvass.id)
        .group_by(Visit.building)
    )
    counted = {
        place: PlaceProgress(place, doors, talks, interested)
        for place, doors, talks, interested in rows
    }
    listed = canvass.place_list
    return [counted.pop(place, PlaceProgress(place)) for place in listed] + sorted(
        counted.values(), key=lambda row: row.place.lower()
    )


def top_themes(canvass: Canvass) -> list[tuple[str, int]]:
    """(theme, number of doors where it came up), most frequent first, in one query."""
    count = db.func.count().label("doors")
    query = (
        db.select(Theme.name, count)
        .join(visit_themes, visit_themes.c.theme_id == Theme.id)
        .join(Visit, Visit.id == visit_themes.c.visit_id)
        .where(Visit.canvass_id == canvass.id)
        .group_by(Theme.id, Theme.name)
        .order_by(count.desc(), Theme.name)
    )
    return [(name, doors) for name, doors in db.session.execute(query)]


def needs_raised(canvass: Canvass) -> list[Need]:
    """The needs raised at the canvass's doors, by number."""
    query = (
        db.select(Need)
        .join(visit_needs, visit_needs.c.need_id == Need.id)
        .join(Visit, Visit.id == visit_needs.c.visit_id)
        .where(Visit.canvass_id == canvass.id)
        .order_by(Need.number)
        .distinct()
    )
    return list(db.session.scalars(query))


def call_backs(canvass: Canvass) -> list[Visit]:
    """The doors to go back to, newest first: people who want to get involved, or who
    left a contact the group may still use (their consent to be contacted about its
    actions is live: a year after the round, the door leaves the list)."""
    now = utcnow()
    reachable = (
        db.select(Consent.person_id)
        .join(Person, Person.id == Consent.person_id)
        .where(
            Consent.purpose == ConsentPurpose.GROUP_ACTIONS,
            Consent.withdrawn_at.is_(None),
            db.or_(Consent.expires_at.is_(None), Consent.expires_at > now),
            db.or_(Person.phone != "", Person.email != ""),
        )
    )
    query = (
        db.select(Visit)
        .where(
            Visit.canvass_id == canvass.id,
            db.or_(Visit.wants_involvement.is_(True), Visit.person_id.in_(reachable)),
        )
        .options(selectinload(Visit.person).selectinload(Person.consents))
        .order_by(Visit.created_at.desc(), Visit.id.desc())
    )
    return list(db.session.scalars(query))

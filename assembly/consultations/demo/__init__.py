"""The demo's consultations (`assembly demo`): the Glycines' letter of demands to Habitat
Isère, put to the residents six weeks ago, answered, its final text published three days
ago; and the collective's charter, open to the members now. Their words are in `texts`.

Preparing and opening go through the text's operations. What residents and the team did
next (contributions, positions, supports, moderation, answers, the final text) is written
with the models and its journal events, the verbs of `events.py`, each dated the day it
happened, as the operations that do it on the site write them.
"""

import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from assembly import clock
from assembly.auth.models import find_user
from assembly.consultations.demo import texts
from assembly.consultations.demo.texts import Said
from assembly.consultations.events import (
    CONSULTATION_FINAL,
    CONTRIBUTION_ANSWERED,
    CONTRIBUTION_MADE,
    CONTRIBUTION_MODERATED,
)
from assembly.consultations.messages import final_published
from assembly.consultations.models import (
    Audience,
    Consultation,
    ConsultationStage,
    Contribution,
    Endorsement,
    Paragraph,
    Position,
    Stance,
    TextVersion,
)
from assembly.consultations.operations.text import create_consultation, open_consultation
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Moderation
from assembly.people.models import Person
from assembly.trace.models import Event
from assembly.trace.operations import record

# Those who say whether they agree: the demo's accounts, then visitors without one.
ACCOUNTS = ("habitante", "mireille", "karim", "ines", "bernard", "animateur", "organisatrice")
BROWSERS = 13


def load_demo_consultations(group: Group) -> None:
    """The letter consulted, answered and final; the charter open to the members."""
    now = clock.utcnow().replace(microsecond=0)
    letter = _consultation(
        group, texts.LETTER_TITLE, texts.LETTER, texts.LETTER_CONTEXT, now,
        created=50, opened=42, closes=14, audience=Audience.PUBLIC,
    )  # fmt: skip
    made = [_contribute(group, letter, said, now) for said in texts.LETTER_SAID]
    _refuse(group, letter, texts.REFUSED, now)
    _take_positions(letter, now, days=(41, 15), oppose={3: 3, 8: 4})
    for n, (said, contribution) in enumerate(zip(texts.LETTER_SAID, made, strict=True)):
        if said.answer is not None:  # over a few evenings once it closed
            _answer(group, contribution, said, days_ago(9 - n % 4, now, hour=20), n)
    _publish_final(group, letter, made, days_ago(3, now, hour=19))

    charter = _consultation(
        group, texts.CHARTER_TITLE, texts.CHARTER, texts.CHARTER_CONTEXT, now,
        created=8, opened=5, closes=-16, audience=Audience.MEMBERS,
    )  # fmt: skip
    for said in texts.CHARTER_SAID:
        _contribute(group, charter, said, now)
    _take_positions(charter, now, days=(5, 1), oppose={2: 1}, browsers=0)


def days_ago(days: int, now: datetime, hour: int = 18) -> datetime:
    return datetime.combine(now.date() - timedelta(days=days), time(hour))


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """The app's clock at `moment` for what runs inside, and the journal events it writes
    dated then (the database dates them itself)."""
    mark = db.session.scalar(db.select(db.func.max(Event.id))) or 0
    clock.freeze(moment)
    try:
        yield
    finally:
        clock.thaw()
    db.session.execute(db.update(Event).where(Event.id > mark).values(created_at=moment))
    db.session.commit()


def _consultation(group, title, text, context, now, *, created, opened, closes, audience):
    """Prepared `created` days ago, opened `opened` days ago, its last day `closes` days
    ago (negative: to come)."""
    today = clock.local_today(now)
    with at(days_ago(created, now, hour=9)):
        consultation = create_consultation(
            group,
            title=title,
            text=text,
            context=context,
            opens_on=today - timedelta(days=opened),
            closes_on=today - timedelta(days=closes),
            audience=audience,
            by=find_user("organisatrice"),
        )
    with at(days_ago(opened, now, hour=8)):
        open_consultation(consultation)
    return consultation


def _paragraphs(consultation: Consultation) -> list[Paragraph]:
    return [p for p in consultation.consulted.paragraphs if not p.heading]


def _browser_key(n: int) -> str:
    """A visitor's anonymous key, as the site keeps it (a hash, never the cookie)."""
    return hashlib.sha256(f"demo-browser-{n}".encode()).hexdigest()


def _author(group: Group, who: tuple) -> tuple[dict, int | None]:
    """A contribution's author columns, and who wrote it into the site (the journal's actor)."""
    if who[0] == "user":
        user = find_user(who[1])
        person = db.session.scalar(db.select(Person).filter_by(group_id=group.id, user_id=user.id))
        return {"user_id": user.id, "person_id": person.id if person else None}, user.id
    if who[0] == "browser":
        return {"anonymous_key": _browser_key(who[1])}, None
    _, name, channel = who  # typed in by the team: from an assembly, a door, a paper sheet
    person = db.session.scalar(db.select(Person).filter_by(group_id=group.id, name=name))
    columns = {"author_name": name, "person_id": person.id if person else None}
    return columns | {"channel": channel}, find_user("organisatrice").id


def _contribute(group: Group, consultation: Consultation, said: Said, now) -> Contribution:
    """A contribution and its event, then the supports of an amendment."""
    paragraph = _paragraphs(consultation)[said.index]
    columns, actor = _author(group, said.who)
    moment = days_ago(said.days, now, hour=12 + said.index % 9)
    with at(moment):
        contribution = Contribution(
            consultation_id=consultation.id, paragraph_id=paragraph.id, kind=said.kind,
            text=said.text, rewrite=said.rewrite, created_at=moment, **columns,
        )  # fmt: skip
        db.session.add(contribution)
        record(CONTRIBUTION_MADE, contribution, group_id=group.id, actor_id=actor,
               kind=said.kind.value, paragraph=paragraph.position)  # fmt: skip
    _support(contribution, said.supporters, now, said.days)
    return contribution


def _support(amendment: Contribution, count: int, now: datetime, days: int) -> None:
    """`count` people support the amendment in the days after it: accounts, then visitors."""
    backers = [{"user_id": find_user(name).id} for name in ACCOUNTS]
    backers += [{"anonymous_key": _browser_key(n)} for n in range(1, BROWSERS + 1)]
    backers = [b for b in backers if b.get("user_id", -1) != amendment.user_id]
    for k, backer in enumerate(backers[:count]):
        when = days_ago(max(days - 1 - k, 0), now)
        db.session.add(Endorsement(contribution_id=amendment.id, created_at=when, **backer))
    db.session.commit()


def _refuse(group: Group, consultation: Consultation, said: Said, now) -> None:
    """A contribution the team took down."""
    contribution = _contribute(group, consultation, said, now)
    facilitator = find_user("animateur")
    with at(days_ago(said.days - 1, now, hour=9)):
        contribution.moderation = Moderation.REJECTED
        record(CONTRIBUTION_MODERATED, contribution, group_id=group.id, actor_id=facilitator.id,
               moderation=Moderation.REJECTED.value)  # fmt: skip


def _take_positions(consultation, now, *, days, oppose, browsers=BROWSERS) -> None:
    """Members and visitors say whether they agree, paragraph by paragraph, between
    `days` (first, last) ago; on a paragraph of `oppose`, that many disagree."""
    people = [{"user_id": find_user(name).id} for name in ACCOUNTS]
    people += [{"anonymous_key": _browser_key(n)} for n in range(1, browsers + 1)]
    first, last = days
    opposed = Counter()
    for k, who in enumerate(people):
        for index, paragraph in enumerate(_paragraphs(consultation)):
            if (k * 7 + index * 3) % 5 >= 3:
                continue  # not everyone reads everything
            against = k % 3 == 2 and opposed[index] < oppose.get(index, 0)
            opposed[index] += against
            db.session.add(
                Stance(
                    consultation_id=consultation.id,
                    paragraph_id=paragraph.id,
                    position=Position.OPPOSE if against else Position.SUPPORT,
                    created_at=days_ago(first - (k + index) % (first - last + 1), now),
                    **who,
                )
            )
    db.session.commit()


def _answer(group: Group, contribution: Contribution, said: Said, moment, n: int) -> None:
    """The team's answer, by the organizer or the facilitator in turn."""
    by = find_user(("organisatrice", "animateur")[n % 2])
    with at(moment):
        contribution.answer, contribution.answer_reason = said.answer, said.reason
        contribution.answered_by_id, contribution.answered_at = by.id, moment
        record(CONTRIBUTION_ANSWERED, contribution, group_id=group.id, actor_id=by.id,
               answer=said.answer.value)  # fmt: skip


def _publish_final(group: Group, consultation: Consultation, made, moment: datetime) -> None:
    """The final text: each paragraph copied from the one consulted, those the answers
    changed rewritten and linked to their contributions, one taken out, one added."""
    organizer = find_user("organisatrice")
    index_of = {p.id: n for n, p in enumerate(_paragraphs(consultation))}
    after, added, added_from = texts.LETTER_ADDED
    final = TextVersion(number=2, created_by_id=organizer.id, created_at=moment)
    for p in consultation.consulted.paragraphs:
        body, sources = texts.LETTER_CHANGES.get(index_of.get(p.id), (p.body, ()))
        final.paragraphs.append(
            Paragraph(level=p.level, body=body, origin_id=p.id, sources=[made[s] for s in sources])
        )
        if index_of.get(p.id) == after:
            final.paragraphs.append(Paragraph(body=added, sources=[made[s] for s in added_from]))
    for position, paragraph in enumerate(final.paragraphs, start=1):
        paragraph.position = position
    with at(moment):
        consultation.versions.append(final)
        consultation.stage = ConsultationStage.FINAL
        consultation.final_at = moment
        record(CONSULTATION_FINAL, consultation, group_id=group.id, actor_id=organizer.id)
        final_published(consultation)

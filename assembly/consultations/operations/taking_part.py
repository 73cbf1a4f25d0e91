"""Residents taking part: a position on a paragraph, a comment, an amendment, the support
of someone else's amendment; and the team's moderation of what was said.

Each step holds the consultation's row and checks that it still takes contributions
today: two taps at midnight, or two tabs of one browser, cannot slip a second position or
a contribution past its closing day. One position per paragraph and one support per
amendment for each account, or for each browser without one (its anonymous key).
"""

from datetime import date

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.consultations.diff import changed
from assembly.consultations.events import CONTRIBUTION_MADE, CONTRIBUTION_MODERATED
from assembly.consultations.models import (
    Consultation,
    ConsultationPhase,
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
)
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Channel, Moderation
from assembly.people.models import ConsentPurpose, ConsentSource
from assembly.people.operations import person_of_user, record_person
from assembly.trace.operations import record
from assembly.web.contact import Contact

NO_CONTACT = Contact()


class NotOpen(Exception):
    """The consultation takes no contribution today (not yet, no longer), or the paragraph
    is not one of the text put to the residents."""


class SameText(ValueError):
    """An amendment that changes no word of its paragraph."""


class NotEndorsable(ValueError):
    """Not an amendment others may support: one's own, or one nobody else may read."""


def _hold_open(consultation: Consultation, paragraph: Paragraph, today: date) -> None:
    """Hold the consultation's row, then make sure it takes contributions on `paragraph`."""
    hold(Consultation, consultation.id)
    db.session.refresh(consultation)
    if (
        consultation.phase(today) != ConsultationPhase.OPEN
        or paragraph.version_id != consultation.consulted.id
    ):
        raise NotOpen


def _own(model, user: User | None, anonymous_key: str | None):
    """The condition that picks one person's row of `model` (Stance, Endorsement)."""
    if user is not None:
        return model.user_id == user.id
    return model.anonymous_key == anonymous_key


def own_stance(
    paragraph: Paragraph, *, user: User | None, anonymous_key: str | None
) -> Stance | None:
    """This person's position on the paragraph (by account, else by browser), if any."""
    if user is None and not anonymous_key:
        return None
    return db.session.scalar(
        db.select(Stance).where(
            Stance.paragraph_id == paragraph.id, _own(Stance, user, anonymous_key)
        )
    )


def take_position(
    group: Group,
    consultation: Consultation,
    paragraph: Paragraph,
    position: Position | None,
    *,
    user: User | None,
    anonymous_key: str | None,
    today: date,
) -> Position | None:
    """Say "I agree" or "I disagree" with a paragraph, or change one's mind; the same
    position again, or none (`position=None`), takes it back. Returns the position now held.
    """
    _hold_open(consultation, paragraph, today)
    if user is None and not anonymous_key:
        raise ValueError("a position needs an account or a browser's key")
    stance = own_stance(paragraph, user=user, anonymous_key=anonymous_key)
    if stance is not None and position in (None, stance.position):
        db.session.delete(stance)
        position = None
    elif stance is not None:
        stance.position = position
    elif position is not None:
        person = person_of_user(group, user) if user is not None else None
        db.session.add(
            Stance(
                consultation_id=consultation.id,
                paragraph_id=paragraph.id,
                position=position,
                user_id=user.id if user else None,
                anonymous_key=None if user else anonymous_key,
                person_id=person.id if person else None,
                created_at=utcnow(),
            )
        )
    db.session.commit()
    return position


def contribute(
    group: Group,
    consultation: Consultation,
    paragraph: Paragraph,
    *,
    kind: ContributionType,
    text: str = "",
    rewrite: str | None = None,
    user: User | None = None,
    author_name: str = "",
    contact: Contact = NO_CONTACT,
    wording: str = "",
    anonymous_key: str | None = None,
    address_key: str | None = None,
    trusted: bool = False,
    today: date,
) -> Contribution:
    """Record a comment (for, against, a question) or an amendment (`rewrite`, the
    paragraph as its author would write it; `text`, why).

    When the consultation is premoderated, what comes from outside the team (`trusted`
    false) waits for its approval. Its author goes in the contact book (`record_person`)
    as a need's does: a signed-in member always, a visitor when they give a name or a
    contact, and `contact` only with their consent to be told of the final text, in the
    words `wording`.
    """
    _hold_open(consultation, paragraph, today)
    if kind == ContributionType.AMENDMENT and not changed(paragraph.body, rewrite or ""):
        raise SameText
    person = record_person(
        group,
        source=ConsentSource.WEB,
        name=author_name,
        contact=contact,
        purposes=(ConsentPurpose.CONSULTATION_FOLLOWUP,),
        wording=wording,
        user=user,
    )
    premoderated = consultation.premoderation and not trusted
    contribution = Contribution(
        consultation_id=consultation.id,
        paragraph_id=paragraph.id,
        kind=kind,
        text=text.strip(),
        rewrite=rewrite.strip() if kind == ContributionType.AMENDMENT and rewrite else None,
        user_id=user.id if user else None,
        author_name=author_name.strip(),
        anonymous_key=None if user else anonymous_key,
        address_key=None if user else address_key,
        person_id=person.id if person else None,
        channel=Channel.WEB,
        moderation=Moderation.PENDING if premoderated else Moderation.APPROVED,
        created_at=utcnow(),
    )
    db.session.add(contribution)
    # What was said and who said it stay in their rows: the journal keeps what counts.
    record(
        CONTRIBUTION_MADE,
        contribution,
        group_id=group.id,
        kind=kind.value,
        paragraph=paragraph.id,
        channel=Channel.WEB.value,
    )
    db.session.commit()
    return contribution


def endorse(
    group: Group,
    consultation: Consultation,
    amendment: Contribution,
    *,
    user: User | None,
    anonymous_key: str | None,
    withdraw: bool = False,
    today: date,
) -> bool:
    """Support someone else's published amendment, once; or take one's support back
    (`withdraw`). Returns whether anything changed."""
    _hold_open(consultation, amendment.paragraph, today)
    if user is None and not anonymous_key:
        raise ValueError("a support needs an account or a browser's key")
    mine = db.session.scalar(
        db.select(Endorsement).where(
            Endorsement.contribution_id == amendment.id, _own(Endorsement, user, anonymous_key)
        )
    )
    if withdraw:
        if mine is None:
            return False
        db.session.delete(mine)
    else:
        if mine is not None:
            return False
        if (
            amendment.kind != ContributionType.AMENDMENT
            or not amendment.public
            or amendment.written_by(user.id if user else None, anonymous_key)
        ):
            raise NotEndorsable
        person = person_of_user(group, user) if user is not None else None
        db.session.add(
            Endorsement(
                contribution_id=amendment.id,
                user_id=user.id if user else None,
                anonymous_key=None if user else anonymous_key,
                person_id=person.id if person else None,
                created_at=utcnow(),
            )
        )
    db.session.commit()
    return True


def endorsements(contribution_ids: list[int]) -> dict[int, int]:
    """How many people support each of these amendments (those with none are left out)."""
    if not contribution_ids:
        return {}
    rows = db.session.execute(
        db.select(Endorsement.contribution_id, db.func.count())
        .where(Endorsement.contribution_id.in_(contribution_ids))
        .group_by(Endorsement.contribution_id)
    )
    return dict(rows.tuples().all())


def own_endorsements(
    contribution_ids: list[int], *, user: User | None, anonymous_key: str | None
) -> set[int]:
    """Which of these amendments this person supports."""
    if not contribution_ids or (user is None and not anonymous_key):
        return set()
    return set(
        db.session.scalars(
            db.select(Endorsement.contribution_id).where(
                Endorsement.contribution_id.in_(contribution_ids),
                _own(Endorsement, user, anonymous_key),
            )
        )
    )


def moderate(consultation: Consultation, contribution: Contribution, decision: Moderation) -> bool:
    """Approve, reject or mark as spam a contribution, waiting or already published.
    Returns whether its state changed."""
    hold(Contribution, contribution.id)
    db.session.refresh(contribution)
    if decision in (Moderation.PENDING, Moderation.MERGED):
        raise ValueError(f"not a moderation decision: {decision}")
    if contribution.moderation == decision:
        return False
    before = contribution.moderation
    contribution.moderation = decision
    record(
        CONTRIBUTION_MODERATED,
        contribution,
        group_id=consultation.group_id,
        decision=decision.value,
        was=before.value,
    )
    db.session.commit()
    return True


def waiting(consultation: Consultation):
    """The query of contributions that wait for the team's approval, oldest first."""
    return (
        db.select(Contribution)
        .where(
            Contribution.consultation_id == consultation.id,
            Contribution.moderation == Moderation.PENDING,
        )
        .order_by(Contribution.id)
    )


def waiting_count(consultation: Consultation) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(waiting(consultation).order_by(None).subquery())
    )

"""How much each paragraph was discussed: positions, comments, amendments and distinct
people, one person counted once per paragraph whatever they did there.

A person is their account, else their browser's anonymous key, else their card in the
contact book; a contribution the team typed in for someone unnamed counts as one person.
Only what everyone may read counts: contributions waiting for approval or refused do not.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from assembly.consultations.models import (
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
)
from assembly.extensions import db
from assembly.needs.models import Moderation


@dataclass
class Counts:
    support: int = 0
    oppose: int = 0
    comments: int = 0
    amendments: int = 0
    people: set = field(default_factory=set)

    @property
    def contributors(self) -> int:
        return len(self.people)

    @property
    def activity(self) -> int:
        """What "most discussed" sorts by: everything said or taken on the paragraph."""
        return self.support + self.oppose + self.comments + self.amendments


def who(user_id, anonymous_key, person_id, fallback) -> str:
    """One person's key, the same whatever they did."""
    if user_id is not None:
        return f"user:{user_id}"
    if anonymous_key:
        return f"browser:{anonymous_key}"
    if person_id is not None:
        return f"person:{person_id}"
    return fallback


def paragraph_counts(paragraph_ids: list[int]) -> dict[int, Counts]:
    """Counts for each of `paragraph_ids` (every id has one, zero if nothing was said)."""
    counts: dict[int, Counts] = defaultdict(Counts)
    if not paragraph_ids:
        return counts
    stances = db.session.execute(
        db.select(
            Stance.paragraph_id, Stance.position, Stance.user_id, Stance.anonymous_key,
            Stance.person_id,
        ).where(Stance.paragraph_id.in_(paragraph_ids))
    )  # fmt: skip
    for paragraph_id, position, user_id, key, person_id in stances:
        row = counts[paragraph_id]
        if position == Position.SUPPORT:
            row.support += 1
        else:
            row.oppose += 1
        row.people.add(who(user_id, key, person_id, None))
    said = db.session.execute(
        db.select(
            Contribution.id, Contribution.paragraph_id, Contribution.kind, Contribution.user_id,
            Contribution.anonymous_key, Contribution.person_id,
        ).where(
            Contribution.paragraph_id.in_(paragraph_ids),
            Contribution.moderation == Moderation.APPROVED,
        )
    )  # fmt: skip
    for contribution_id, paragraph_id, kind, user_id, key, person_id in said:
        row = counts[paragraph_id]
        if kind == ContributionType.AMENDMENT:
            row.amendments += 1
        else:
            row.comments += 1
        row.people.add(who(user_id, key, person_id, f"contribution:{contribution_id}"))
    endorsed = db.session.execute(
        db.select(
            Contribution.paragraph_id, Endorsement.user_id, Endorsement.anonymous_key,
            Endorsement.person_id,
        )
        .join(Contribution, Contribution.id == Endorsement.contribution_id)
        .where(
            Contribution.paragraph_id.in_(paragraph_ids),
            Contribution.moderation == Moderation.APPROVED,
        )
    )  # fmt: skip
    for paragraph_id, user_id, key, person_id in endorsed:
        counts[paragraph_id].people.add(who(user_id, key, person_id, None))
    return counts


def text_paragraph_ids(version_id: int) -> list[int]:
    """The ids of a version's paragraphs (headings aside), in order."""
    return list(
        db.session.scalars(
            db.select(Paragraph.id)
            .where(Paragraph.version_id == version_id, Paragraph.level == 0)
            .order_by(Paragraph.position)
        )
    )

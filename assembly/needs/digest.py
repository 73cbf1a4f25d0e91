"""What the needs tell the team's daily digest (messages.digest): how many wait for review.

The same count is the team's "To review (n)" in every page's menu.
"""

from collections.abc import Iterator

from flask_babel import ngettext

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.digest import Waiting, later, waits
from assembly.messages.outbox import absolute_url
from assembly.needs.models import Moderation, Need, Support


def to_review(group: Group) -> int:
    """How many needs wait for the team: for approval, or with supports held for review."""
    # Two indexed sets, counted once each (a pending need may also hold supports): an OR
    # of the two would read every need of the group.
    pending = db.select(Need.id).where(
        Need.group_id == group.id, Need.moderation == Moderation.PENDING
    )
    held = (
        db.select(Support.need_id)
        .join(Need, Need.id == Support.need_id)
        .where(Support.held.is_(True), Need.group_id == group.id)
    )
    waiting = db.union(pending, held).subquery()
    return db.session.scalar(db.select(db.func.count()).select_from(waiting))


@waits
def needs_to_review(group: Group) -> Iterator[Waiting]:
    count = to_review(group)
    if count:
        yield Waiting(
            count,
            later(lambda: ngettext("%(num)d need to review", "%(num)d needs to review", count)),
            absolute_url("needs.moderation", slug=group.slug),
        )

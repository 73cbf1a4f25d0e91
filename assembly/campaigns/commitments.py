"""Commitments held to their date: time turns a pending promise late, and the team hears it.

Pages never wait for this: `Commitment.effective_state(today)` shows a pending promise
past its date as late at once. What time must still do is write it down — the state
changes to late, journaled once, with no actor — and tell the team: a producer of the
message sender (`@timed`, every pass) does the first, and the team's morning digest
(`@waits`) lists the late promises of the campaigns under way.

"Past its date" is read in the group's time zone: a promise due on the 15th is late
from the 16th, at midnight in Paris.
"""

from collections.abc import Iterator
from datetime import datetime

from flask_babel import ngettext

from assembly.campaigns.models import Campaign, Commitment, CommitmentState
from assembly.campaigns.operations.demands import late_commitments, local_today, turn_late
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.digest import Waiting, later, waits
from assembly.messages.outbox import absolute_url
from assembly.messages.sender import timed


@timed
def overdue_commitments(now: datetime) -> int:
    """The sender's producer: every pending promise whose date has passed turns late,
    journaled once (a late one is no longer pending: the next pass finds nothing)."""
    today = local_today(now)
    overdue = db.session.scalars(
        db.select(Commitment)
        .where(
            Commitment.state == CommitmentState.PENDING,
            Commitment.due_on < today,
        )
        .order_by(Commitment.id)
    ).all()
    for commitment in overdue:
        turn_late(commitment, now)
    if overdue:
        db.session.commit()
    return len(overdue)


@waits
def commitments_late(group: Group) -> Iterator[Waiting]:
    """A line of the team's digest per campaign under way whose target is late on its word."""
    by_campaign: dict[int, int] = {}
    for commitment in late_commitments(group, local_today()):
        by_campaign[commitment.campaign_id] = by_campaign.get(commitment.campaign_id, 0) + 1
    for campaign_id, count in by_campaign.items():
        title = db.session.get(Campaign, campaign_id).title
        yield Waiting(
            count,
            later(
                lambda count=count, title=title: ngettext(
                    "%(num)d late commitment (campaign: %(title)s)",
                    "%(num)d late commitments (campaign: %(title)s)",
                    count,
                    title=title,
                )
            ),
            absolute_url("campaigns.demands", slug=group.slug, campaign_id=campaign_id),
        )

"""How a campaign ends, and the group's victories.

Ending it (won, partly won, lost, dropped) says what changed in words; every need of the
campaign says it on its trace ("Victoire : …"); the needs the team marks resolved are
resolved through the needs' own operation (which tells their followers); and whoever
raised them hears it once, in one message (campaigns/messages.py). An ended campaign
may be reopened (ended by mistake, or the target went back on its word): journaled on
the campaign and on its needs; the needs stay as the team left them.
"""

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from assembly.auth.models import User
from assembly.campaigns import messages
from assembly.campaigns.events import (
    CAMPAIGN_ENDED,
    CAMPAIGN_REOPENED,
    NEED_CAMPAIGN_ENDED,
    NEED_CAMPAIGN_REOPENED,
)
from assembly.campaigns.models import Campaign, Stage
from assembly.clock import utcnow
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.outbox import withdraw
from assembly.needs.models import Need, NeedStatus
from assembly.needs.operations import set_status
from assembly.trace.operations import record

ON_GROUP_HOME = 3  # the latest victories the group's home shows


class NotNow(Exception):
    """The campaign is not in the stage this step needs (another organizer was quicker)."""


def open_needs(campaign: Campaign) -> list[Need]:
    """The campaign's needs the team may still mark resolved."""
    return [need for need in campaign.needs if not need.closed]


def resolution(stage: Stage, outcome: str) -> str:
    """What a need resolved by the campaign gives as its reason, in the group's language:
    "Victoire : …" when something was won."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if stage.victory:
            return _("Victory: %(outcome)s", outcome=outcome)
        return _("Campaign %(stage)s: %(outcome)s", stage=stage.label, outcome=outcome)


def end_campaign(
    campaign: Campaign, *, stage: Stage, outcome: str, resolved: Iterable[Need], by: User | None
) -> int:
    """End a campaign under way as `stage`, with what changed in words; returns how many
    people who raised its needs are told. Raises NotNow unless it is under way."""
    hold(Campaign, campaign.id)
    db.session.refresh(campaign)
    if campaign.stage != Stage.ACTIVE or not stage.ended:
        raise NotNow
    resolved = [need for need in resolved if not need.closed]
    campaign.stage, campaign.outcome, campaign.ended_at = stage, outcome.strip(), utcnow()
    record(
        CAMPAIGN_ENDED,
        campaign,
        group_id=campaign.group_id,
        actor_id=by.id if by else None,
        stage=stage.value,
        outcome=campaign.outcome,
        resolved=[need.id for need in resolved],
    )
    for need in campaign.needs:
        record(
            NEED_CAMPAIGN_ENDED,
            need,
            group_id=campaign.group_id,
            campaign_id=campaign.id,
            title=campaign.title,
            stage=stage.value,
            outcome=campaign.outcome,
        )
    told = messages.campaign_ended(campaign, {need.id for need in resolved})
    # Each resolved need tells its own followers; who raised it already has the campaign's
    # one message: theirs is withdrawn, in the same transaction (the sender never sees it).
    reason = resolution(stage, campaign.outcome)
    for need in resolved:
        set_status(need, NeedStatus.RESOLVED, reason, commit=False)
    withdraw(
        (
            f"need:{need.id}:status:{NeedStatus.RESOLVED.value}:person:{message.person_id}"
            for message in told
            for need in resolved
        ),
        reason="told by the campaign's message",
    )
    db.session.commit()
    return len(told)


def reopen_campaign(campaign: Campaign, *, by: User | None) -> None:
    """An ended campaign goes on: under way again, its outcome cleared (the journal keeps
    it). Raises NotNow unless it had ended."""
    hold(Campaign, campaign.id)
    db.session.refresh(campaign)
    if not campaign.ended:
        raise NotNow
    record(
        CAMPAIGN_REOPENED,
        campaign,
        group_id=campaign.group_id,
        actor_id=by.id if by else None,
        stage=campaign.stage.value,
        outcome=campaign.outcome,
    )
    for need in campaign.needs:
        record(
            NEED_CAMPAIGN_REOPENED,
            need,
            group_id=campaign.group_id,
            campaign_id=campaign.id,
            title=campaign.title,
        )
    campaign.stage, campaign.outcome, campaign.ended_at = Stage.ACTIVE, "", None
    db.session.commit()


def victories(group: Group, viewer, limit: int | None = None) -> list[Campaign]:
    """The campaigns of `group` won or partly won that `viewer` may read, newest first."""
    query = (
        db.select(Campaign)
        .where(
            Campaign.group_id == group.id,
            Campaign.stage.in_([Stage.WON, Stage.PARTLY_WON]),
            Campaign.visible_to(viewer),
        )
        .order_by(Campaign.ended_at.desc(), Campaign.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))

"""What changes a campaign: opening a candidate issue, its words and needs, its chart.

Each verb writes its journal event in the same transaction and commits.
"""

from collections.abc import Iterable

from assembly.auth.models import User
from assembly.campaigns.events import (
    CAMPAIGN_CHARTED,
    CAMPAIGN_CREATED,
    CAMPAIGN_EDITED,
    CAMPAIGN_STARTED,
    NEED_IN_CAMPAIGN,
    NEED_OUT_OF_CAMPAIGN,
)
from assembly.campaigns.models import Campaign, Stage
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Need
from assembly.trace.operations import record

# The strategy chart's texts that `chart` writes: goals, then organizational considerations.
CHART_FIELDS = (
    "goal_long",
    "goal_intermediate",
    "goal_short",
    "victory",
    "resources",
    "gains",
    "problems",
)


def group_campaigns(group: Group, viewer) -> list[Campaign]:
    """The campaigns of `group` that `viewer` may see: candidates, under way, then ended,
    newest first in each."""
    rank = {stage: position for position, stage in enumerate(Stage)}
    campaigns = db.session.scalars(
        db.select(Campaign)
        .where(Campaign.group_id == group.id, Campaign.visible_to(viewer))
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return sorted(campaigns, key=lambda campaign: min(rank[campaign.stage], 2))


def create_campaign(
    group: Group, *, title: str, problem: str, needs: Iterable[Need], by: User | None
) -> Campaign:
    """Open a candidate issue grouping `needs`; each need's trace says so."""
    campaign = Campaign(group_id=group.id, title=title, problem=problem, created_by=by)
    db.session.add(campaign)
    record(CAMPAIGN_CREATED, campaign, group_id=group.id, title=title)
    _link_needs(campaign, needs)
    db.session.commit()
    return campaign


def edit_campaign(
    campaign: Campaign,
    *,
    title: str,
    problem: str,
    summary: str,
    public: bool,
    needs: Iterable[Need],
) -> None:
    """Change what the campaign says of itself, who reads it, and which needs it holds."""
    changed = {
        name: value
        for name, value in (
            ("title", title),
            ("problem", problem),
            ("summary", summary),
            ("public", public),
        )
        if getattr(campaign, name) != value
    }
    for name, value in changed.items():
        setattr(campaign, name, value)
    if changed:
        record(CAMPAIGN_EDITED, campaign, group_id=campaign.group_id, fields=sorted(changed))
    _link_needs(campaign, needs)
    db.session.commit()


def _link_needs(campaign: Campaign, needs: Iterable[Need]) -> None:
    """Make `needs` the campaign's needs; each need taken in or left out says so on its trace."""
    wanted = {need.id: need for need in needs}
    held = {need.id: need for need in campaign.needs}
    for need_id, need in wanted.items():
        if need_id not in held:
            campaign.needs.append(need)
            record(NEED_IN_CAMPAIGN, need, group_id=campaign.group_id, **_about(campaign))
    for need_id, need in held.items():
        if need_id not in wanted:
            campaign.needs.remove(need)
            record(NEED_OUT_OF_CAMPAIGN, need, group_id=campaign.group_id, **_about(campaign))


def _about(campaign: Campaign) -> dict:
    """What a need's event keeps of its campaign: enough to name and link it."""
    db.session.flush()
    return {"campaign_id": campaign.id, "title": campaign.title}


def chart(campaign: Campaign, **texts: str) -> None:
    """Write the chart's goals and organizational considerations (`CHART_FIELDS`)."""
    changed = sorted(name for name in CHART_FIELDS if getattr(campaign, name) != texts[name])
    for name in changed:
        setattr(campaign, name, texts[name])
    if changed:
        record(CAMPAIGN_CHARTED, campaign, group_id=campaign.group_id, fields=changed)
    db.session.commit()


def start_campaign(campaign: Campaign, *, chosen_by: int | None = None) -> None:
    """A candidate becomes a campaign under way: chosen by the decision `chosen_by`, or
    started by the team. Starting one that is not a candidate does nothing."""
    start_uncommitted(campaign, chosen_by=chosen_by)
    db.session.commit()


def start_uncommitted(campaign: Campaign, *, chosen_by: int | None = None) -> None:
    """`start_campaign` inside a transaction someone else commits (a decision closing)."""
    if campaign.stage != Stage.CANDIDATE:
        return
    campaign.stage = Stage.ACTIVE
    campaign.started_at = utcnow()
    record(CAMPAIGN_STARTED, campaign, group_id=campaign.group_id, decision_id=chosen_by)

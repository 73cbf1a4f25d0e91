"""Finding a campaign for the visitor: the one loader every campaign page uses.

Who may see a campaign is `Campaign.visible_to`; who may change it, `Campaign.editable_by`.
"""

from flask import abort, g

from assembly.campaigns.models import Campaign
from assembly.extensions import db
from assembly.groups.access import NOBODY, load_in_group
from assembly.groups.models import Group


def load_campaign(group: Group, campaign_id: int) -> Campaign:
    """A campaign of `group` the visitor may see (`Campaign.visible_to`), or 404."""
    campaign = load_in_group(Campaign, campaign_id, group)
    if not campaign.visible_to(g.viewer):
        abort(404)
    return campaign


def load_part(model, campaign: Campaign, record_id: int):
    """A record (a target, a demand, an action…) of `campaign`, or 404."""
    record = db.session.get(model, record_id)
    if record is None or record.campaign_id != campaign.id:
        abort(404)
    return record


def campaign_shown(campaign_id: int | None) -> Campaign | None:
    """The campaign, if the visitor may read it (a need's trace names it only then).

    Kept on `g` for the request: a trace names the same campaign in many events, and
    the session forgets a record nothing refers to, to fetch it again for the next.
    """
    kept = g.setdefault("campaigns_shown", {})
    if campaign_id and campaign_id not in kept:
        kept[campaign_id] = db.session.get(Campaign, campaign_id)
    campaign = kept.get(campaign_id) if campaign_id else None
    viewer = getattr(g, "viewer", NOBODY)
    return campaign if campaign is not None and campaign.visible_to(viewer) else None

"""Who is around a campaign: its targets and its stakeholders (constituents, allies,
opponents), added, corrected and taken off by the organizers, each change journaled on
the campaign (the row may go; its name stays in the event)."""

from assembly.campaigns.events import (
    STAKEHOLDER_ADDED,
    STAKEHOLDER_EDITED,
    STAKEHOLDER_REMOVED,
    TARGET_ADDED,
    TARGET_EDITED,
    TARGET_REMOVED,
)
from assembly.campaigns.models import Campaign, Stakeholder, StakeholderKind, Target
from assembly.extensions import db
from assembly.trace.operations import record

TARGET_FIELDS = ("primary", "name", "role", "organisation", "power", "cares", "notes")
STAKEHOLDER_FIELDS = ("kind", "name", "stake", "influence", "stance")


def targets_of(campaign: Campaign) -> list[Target]:
    """The campaign's targets: primary ones first, then in the order they were added."""
    return list(
        db.session.scalars(
            db.select(Target)
            .where(Target.campaign_id == campaign.id)
            .order_by(Target.primary.desc(), Target.position, Target.id)
        )
    )


def stakeholders_of(campaign: Campaign) -> list[Stakeholder]:
    """The campaign's stakeholders: constituents, allies, then opponents, each in the
    order they were added. Their place in this list is their number on the power map."""
    rank = {kind: position for position, kind in enumerate(StakeholderKind)}
    rows = db.session.scalars(
        db.select(Stakeholder)
        .where(Stakeholder.campaign_id == campaign.id)
        .order_by(Stakeholder.position, Stakeholder.id)
    )
    return sorted(rows, key=lambda row: rank[row.kind])


def _next_position(model, campaign: Campaign) -> int:
    last = db.session.scalar(
        db.select(db.func.max(model.position)).where(model.campaign_id == campaign.id)
    )
    return (last or 0) + 1


def _write(row, fields: tuple[str, ...], values: dict) -> list[str]:
    """Set the fields that changed; their names, sorted."""
    changed = sorted(name for name in fields if getattr(row, name) != values[name])
    for name in changed:
        setattr(row, name, values[name])
    return changed


def add_target(campaign: Campaign, **values) -> Target:
    """Name someone who can give the group what it asks (`TARGET_FIELDS`)."""
    target = Target(campaign_id=campaign.id, position=_next_position(Target, campaign))
    _write(target, TARGET_FIELDS, values)
    db.session.add(target)
    db.session.flush()
    record(TARGET_ADDED, campaign, group_id=campaign.group_id, **_about_target(target))
    db.session.commit()
    return target


def edit_target(target: Target, campaign: Campaign, **values) -> None:
    """Correct a target; the journal names the fields changed (not the team's notes)."""
    if changed := _write(target, TARGET_FIELDS, values):
        record(
            TARGET_EDITED,
            campaign,
            group_id=campaign.group_id,
            fields=changed,
            **_about_target(target),
        )
    db.session.commit()


def remove_target(target: Target, campaign: Campaign) -> None:
    """Take a target off the chart (the demands and actions aimed at it lose their aim)."""
    record(TARGET_REMOVED, campaign, group_id=campaign.group_id, **_about_target(target))
    db.session.delete(target)
    db.session.commit()


def _about_target(target: Target) -> dict:
    return {"target_id": target.id, "label": target.label}


def add_stakeholder(campaign: Campaign, **values) -> Stakeholder:
    """Place an organisation or a person on the power map (`STAKEHOLDER_FIELDS`)."""
    row = Stakeholder(campaign_id=campaign.id, position=_next_position(Stakeholder, campaign))
    _write(row, STAKEHOLDER_FIELDS, values)
    db.session.add(row)
    db.session.flush()
    record(STAKEHOLDER_ADDED, campaign, group_id=campaign.group_id, **_about_stakeholder(row))
    db.session.commit()
    return row


def edit_stakeholder(row: Stakeholder, campaign: Campaign, **values) -> None:
    """Correct a stakeholder, or move them on the map; the journal says what moved."""
    if changed := _write(row, STAKEHOLDER_FIELDS, values):
        record(
            STAKEHOLDER_EDITED,
            campaign,
            group_id=campaign.group_id,
            fields=changed,
            **_about_stakeholder(row),
        )
    db.session.commit()


def remove_stakeholder(row: Stakeholder, campaign: Campaign) -> None:
    """Take a stakeholder off the map."""
    record(STAKEHOLDER_REMOVED, campaign, group_id=campaign.group_id, **_about_stakeholder(row))
    db.session.delete(row)
    db.session.commit()


def _about_stakeholder(row: Stakeholder) -> dict:
    return {
        "stakeholder_id": row.id,
        "name": row.name,
        "kind": row.kind.value,
        "influence": row.influence,
        "stance": row.stance,
    }

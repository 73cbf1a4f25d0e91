"""The lifts campaign's actions: a delegation held and debriefed, a rally planned."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from assembly.auth.models import find_user
from assembly.campaigns.models import (
    ActionKind,
    Campaign,
    Target,
)
from assembly.campaigns.operations import (
    actions,
)
from assembly.extensions import db
from assembly.groups.models import Group


def load_demo_actions(group: Group, campaign: Campaign | None = None) -> None:
    """The lifts campaign's actions: a delegation to the agency twelve days ago (who came,
    a duplicate struck, its debrief) and a rally in front of the agency in ten days
    (turnout goal 40, no limit of places) with its first answers."""
    from assembly.meetings.models import Answer
    from assembly.meetings.operations import live
    from assembly.meetings.operations.planning import answer_invitation

    campaign = campaign or db.session.scalar(
        db.select(Campaign).where(
            Campaign.group_id == group.id, Campaign.title.contains("ascenseurs")
        )
    )
    target = db.session.scalar(
        db.select(Target)
        .filter_by(campaign_id=campaign.id)
        .order_by(Target.primary.desc(), Target.position, Target.id)
        .limit(1)
    )
    paris = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def at(days: int, hour: int) -> datetime:
        """`days` from today at `hour` in the group's time zone, as naive UTC."""
        day = date.today() + timedelta(days=days)
        moment = datetime.combine(day, time(hour), tzinfo=paris).astimezone(UTC)
        return moment.replace(tzinfo=None)

    agency = "Agence Habitat 93, 3 avenue Jean-Jaurès"
    delegation = actions.plan_action(
        campaign,
        kind=ActionKind.DELEGATION,
        title="Délégation à l'agence du bailleur",
        starts_at=at(-12, 10),
        duration_minutes=45,
        place=agency,
        description="Six locataires portent la lettre et demandent un rendez-vous.",
        target=target,
        escalation=1,
        turnout_goal=6,
        capacity=8,
    )
    held = delegation.meeting
    live.start_meeting(held)
    for name, first_time in (
        ("Awa", False),
        ("Chantal", False),
        ("Fatou Diallo", True),
        ("Rémi", True),
        ("Mme Benali", None),
    ):
        live.sign_in(held, name, source="paper", first_time=first_time)
    twice = live.sign_in(held, "Awa D.", source="phone")  # Awa again, from her phone
    live.strike_attendance(held, twice)
    live.close_meeting(held)
    actions.debrief_action(
        delegation,
        by=find_user("organisatrice"),
        worked="Cinq locataires, dont trois du bâtiment A ; la lettre a été remise en main propre.",
        did_not_work="Personne n'avait de quoi prendre des photos ; pas de témoignage écrit.",
        target_reaction="La directrice n'a pas reçu la délégation ; son adjoint a promis une "
        "réponse sous quinze jours, qui n'est pas venue.",
        next_step="Un rassemblement devant l'agence, avec la presse locale.",
    )
    rally = actions.plan_action(
        campaign,
        kind=ActionKind.RALLY,
        title="Rassemblement devant l'agence",
        starts_at=at(10, 17),
        duration_minutes=60,
        place=f"Devant l'agence, {agency.split(', ', 1)[1]}",
        description="Venez avec vos voisines et vos voisins : quarante personnes devant l'agence, "
        "pour que la directrice nous reçoive enfin.",
        target=target,
        escalation=2,
        turnout_goal=40,
    )
    for name, answer in (
        ("Awa", Answer.YES),
        ("Chantal", Answer.YES),
        ("Fatou Diallo", Answer.YES),
        ("Bruno", Answer.MAYBE),
        ("Rémi", Answer.YES),
        ("Driss", Answer.NO),
    ):
        answer_invitation(rally.meeting, name=name, answer=answer)


# The demo petition's signers: first names and family names met at the Glycines.

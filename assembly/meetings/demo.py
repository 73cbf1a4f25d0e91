"""Demo meeting: the next monthly assembly, its agenda on the group's needs."""

from assembly.extensions import db


def load_demo_meeting(group) -> None:
    """The next monthly assembly (first Thursday, 18:30 in Paris), with three agenda items."""
    from datetime import UTC, date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from flask import current_app

    from assembly.auth.models import find_user
    from assembly.meetings.models import Kind
    from assembly.meetings.operations import planning
    from assembly.needs.models import Need

    month = date.today().replace(day=1) + timedelta(days=32)
    first = month.replace(day=1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    paris = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    starts = datetime.combine(thursday, time(18, 30), tzinfo=paris).astimezone(UTC)
    meeting = planning.create_meeting(
        group,
        title="Assemblée mensuelle des Glycines",
        kind=Kind.ASSEMBLY,
        starts_at=starts.replace(tzinfo=None),
        duration_minutes=120,
        place="Maison de quartier, 12 rue des Lilas",
        description="Ouverte à toutes et à tous, habitantes et habitants du quartier. "
        "Garde d'enfants sur place.",
        public=True,
        facilitator_id=find_user("animateur").id,
        note_taker_id=find_user("organisatrice").id,
    )
    needs = {
        need.number: need
        for need in db.session.scalars(db.select(Need).filter_by(group_id=group.id))
    }
    planning.add_item(
        meeting, title="Accueil et tour de table", timebox_minutes=15, method="go_round"
    )
    planning.add_item(
        meeting,
        title="L'ascenseur du bâtiment C",
        description="Où en est-on avec le bailleur ? Quelle action pour la semaine prochaine ?",
        timebox_minutes=40,
        method="small_groups",
        needs=[needs[1]],
    )
    planning.add_item(
        meeting,
        title="Les charges de chauffage",
        timebox_minutes=30,
        method="moving_debate",
        needs=[needs[2]],
    )

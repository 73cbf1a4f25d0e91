"""Door-knocking pages: the canvasses, one canvass's progress, logging a door."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

import assembly.canvassing.activity  # noqa: F401  (what the contact book shows of a person)
from assembly.auth.models import User
from assembly.canvassing import operations
from assembly.canvassing.forms import OTHER, CanvassForm, VisitForm
from assembly.canvassing.models import Canvass, Visit, VisitOutcome, canvass_team
from assembly.extensions import db
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.needs.models import Theme
from assembly.people.models import Person
from assembly.web.forms import FrenchSummaryForm
from assembly.web.languages import save_french_summary
from assembly.web.render import form_status, render

bp = Blueprint("canvassing", __name__, url_prefix="/g/<slug>/canvass")

RECENT_VISITS = 20  # on the canvass page: keeps it under the 14 KB budget on a phone


def may_log(canvass: Canvass) -> bool:
    """Whether the visitor logs doors here: the group's organizers, and the canvass's team.

    The same people see what residents said and their contacts (`Canvass.words_read_by`).
    """
    return canvass.words_read_by(g.viewer)


def load_canvass(group: Group, canvass_id: int, for_logging: bool = False) -> Canvass:
    """Return a canvass of `group`, or 404.

    With `for_logging`, 403 unless the visitor may log visits (see `may_log`).
    """
    canvass = load_in_group(Canvass, canvass_id, group)
    if for_logging and not may_log(canvass):
        abort(403)
    return canvass


def group_themes(group: Group) -> list[Theme]:
    """The group's themes, by name (read here: features share operations, not views)."""
    return list(
        db.session.scalars(db.select(Theme).filter_by(group_id=group.id).order_by(Theme.name))
    )


def canvass_form(group: Group, **data) -> tuple[CanvassForm, dict[str, User]]:
    """The canvass form with the group's members as team choices, and those members by id."""
    members = {str(user.id): user for user in group.members_by_name()}
    form = CanvassForm(**data)
    form.team.choices = [SelectChoice(key, user.display_name) for key, user in members.items()]
    return form, members


@bp.get("")
@group_view(Role.MEMBER)
def index(group: Group):
    """The group's door-knocking rounds, latest first, with their doors knocked."""
    doors = db.func.count(Visit.id)
    rows = db.session.execute(
        db.select(Canvass, doors)
        .outerjoin(Visit, Visit.canvass_id == Canvass.id)
        .where(Canvass.group_id == group.id)
        .group_by(Canvass.id)
        .order_by(Canvass.starts_on.desc(), Canvass.id.desc())
    ).all()
    organizer = g.viewer.is_organizer
    in_team = set(
        db.session.scalars(
            db.select(canvass_team.c.canvass_id).where(canvass_team.c.user_id == current_user.id)
        )
    )
    return render(
        "canvassing/index.html",
        group=group,
        rows=rows,
        organizer=organizer,
        loggable={canvass.id for canvass, _doors in rows if organizer or canvass.id in in_team},
    )


@bp.route("/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """Open a door-knocking round: dates, places to cover, team."""
    form, members = canvass_form(group)
    if form.validate_on_submit():
        canvass = operations.open_canvass(
            group,
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            places=form.places.data,
            team=[members[key] for key in form.team.data if key in members],
            by=current_user,
        )
        flash(_("The door-knocking round is open. Its team can log doors now."))
        return redirect(url_for("canvassing.show", slug=group.slug, canvass_id=canvass.id))
    return render("canvassing/edit.html", group=group, form=form, status=form_status(form))


@bp.route("/<int:canvass_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit(group: Group, canvass_id: int):
    """Change a canvass's dates, places or team."""
    canvass = load_canvass(group, canvass_id)
    form, members = canvass_form(
        group,
        name=canvass.name,
        starts_on=canvass.starts_on,
        ends_on=canvass.ends_on,
        places=canvass.places,
        team=[str(user.id) for user in canvass.team],
    )
    if form.validate_on_submit():
        operations.edit_canvass(
            canvass,
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            places=form.places.data,
            team=[members[key] for key in form.team.data if key in members],
        )
        flash(_("The door-knocking round is saved."))
        return redirect(url_for("canvassing.show", slug=group.slug, canvass_id=canvass.id))
    return render(
        "canvassing/edit.html",
        group=group,
        form=form,
        canvass=canvass,
        status=form_status(form),
    )


@bp.get("/<int:canvass_id>")
@group_view(Role.MEMBER)
def show(group: Group, canvass_id: int):
    """Progress per building, the themes heard most, the needs raised.

    The doors themselves (words, contacts) only for those who may log visits.
    """
    canvass = load_canvass(group, canvass_id)
    personal = may_log(canvass)
    visits, building = [], request.args.get("building", "").strip()
    if personal:
        query = db.select(Visit).where(Visit.canvass_id == canvass.id)
        if building:
            query = query.where(Visit.building == building)
        visits = db.session.scalars(
            query.options(
                selectinload(Visit.person).selectinload(Person.consents),
                selectinload(Visit.knocked_by),
                selectinload(Visit.themes),
                selectinload(Visit.needs),
            )
            .order_by(Visit.created_at.desc(), Visit.id.desc())
            .limit(RECENT_VISITS)
        ).all()
    return render(
        "canvassing/show.html",
        group=group,
        canvass=canvass,
        progress=operations.progress(canvass),
        themes=operations.top_themes(canvass),
        needs=operations.needs_raised(canvass),
        personal=personal,
        organizer=g.viewer.is_organizer,
        visits=visits,
        building=building,
        call_backs=operations.call_backs(canvass) if personal else [],
    )


@bp.route("/<int:canvass_id>/visit", methods=["GET", "POST"])
@group_view(Role.MEMBER)
def visit(group: Group, canvass_id: int):
    """Log one door; then the same form again, empty, for the next door of the building."""
    canvass = load_canvass(group, canvass_id, for_logging=True)
    form = VisitForm(canvass.place_list, group_id=group.id)
    themes = {str(theme.id): theme for theme in group_themes(group)}
    form.themes.choices = [SelectChoice(key, theme.name) for key, theme in themes.items()]
    if form.validate_on_submit():
        place = form.place()
        operations.log_visit(
            canvass,
            by=current_user,
            building=place,
            floor=form.floor.data or "",
            outcome=VisitOutcome(form.outcome.data),
            words=form.words.data or "",
            language=form.language.data,
            themes=[themes[key] for key in form.themes.data if key in themes],
            wants_involvement=form.wants_involvement.data,
            contact=form.consented_contact(),
            wording=form.consent_wording(),
            need_title=form.need_title.data or "",
            need_body=form.need_body.data or "",
            shares=form.shared,
        )
        door = f"{place}, {form.floor.data.strip()}" if (form.floor.data or "").strip() else place
        flash(_("Door saved: %(door)s. On to the next one.", door=door))
        return redirect(
            url_for("canvassing.visit", slug=group.slug, canvass_id=canvass.id, building=place)
        )
    if not form.is_submitted():
        preselect(form, canvass, request.args.get("building", ""))
    return render(
        "canvassing/visit.html",
        group=group,
        canvass=canvass,
        form=form,
        status=form_status(form),
    )


@bp.post("/<int:canvass_id>/visits/<int:visit_id>/summary")
@group_view(Role.MEMBER)
def summarize(group: Group, canvass_id: int, visit_id: int):
    """The team's French summary beside words heard at a door in another language."""
    canvass = load_canvass(group, canvass_id, for_logging=True)
    visit = load_in_group(Visit, visit_id, group)
    if visit.canvass_id != canvass.id:
        abort(404)
    form = FrenchSummaryForm()
    if form.validate_on_submit():
        save_french_summary(visit, form.french_summary.data or "")
        flash(_("The French summary is saved."))
    else:
        flash(_("The summary is too long: 2000 characters at most."))
    return redirect(
        url_for("canvassing.show", slug=group.slug, canvass_id=canvass.id, _anchor="doors")
    )


def preselect(form: VisitForm, canvass: Canvass, building: str) -> None:
    """Choose the building of the previous door, from the list or as an "other" place."""
    building = building.strip()[:140]
    if building in canvass.place_list:
        form.building.data = building
    elif building:
        form.building.data, form.other_building.data = OTHER, building

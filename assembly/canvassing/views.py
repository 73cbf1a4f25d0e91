"""Door-knocking pages: the campaigns, one campaign's progress, logging a door."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from assembly.auth.models import User
from assembly.canvassing import operations
from assembly.canvassing.forms import OTHER, OUTCOME_NAMES, CampaignForm, VisitForm
from assembly.canvassing.models import CanvassCampaign, Outcome, Visit, canvass_team
from assembly.extensions import db
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.needs.models import Theme
from assembly.web.forms import consented_contact
from assembly.web.render import form_status, render

bp = Blueprint("canvassing", __name__, url_prefix="/g/<slug>/canvass")

RECENT_VISITS = 20  # on the campaign page: keeps it under the 14 KB budget on a phone


def may_log(campaign: CanvassCampaign) -> bool:
    """Whether the visitor logs doors here: the group's organizers, and the campaign's team.

    The same people see what residents said and their contacts.
    """
    return g.viewer.is_organizer or campaign.has_in_team(current_user)


def load_campaign(group: Group, campaign_id: int, for_logging: bool = False) -> CanvassCampaign:
    """Return a campaign of `group`, or 404.

    With `for_logging`, 403 unless the visitor may log visits (see `may_log`).
    """
    campaign = load_in_group(CanvassCampaign, campaign_id, group)
    if for_logging and not may_log(campaign):
        abort(403)
    return campaign


def group_themes(group: Group) -> list[Theme]:
    """The group's themes, by name (read here: features share operations, not views)."""
    return list(
        db.session.scalars(db.select(Theme).filter_by(group_id=group.id).order_by(Theme.name))
    )


def campaign_form(group: Group, **data) -> tuple[CampaignForm, dict[str, User]]:
    """The campaign form with the group's members as team choices, and those members by id."""
    members = {str(user.id): user for user in group.members_by_name()}
    form = CampaignForm(**data)
    form.team.choices = [SelectChoice(key, user.display_name) for key, user in members.items()]
    return form, members


@bp.get("")
@group_view(Role.MEMBER)
def index(group: Group):
    """The group's listening campaigns, latest first, with their doors knocked."""
    doors = db.func.count(Visit.id)
    rows = db.session.execute(
        db.select(CanvassCampaign, doors)
        .outerjoin(Visit, Visit.campaign_id == CanvassCampaign.id)
        .where(CanvassCampaign.group_id == group.id)
        .group_by(CanvassCampaign.id)
        .order_by(CanvassCampaign.starts_on.desc(), CanvassCampaign.id.desc())
    ).all()
    organizer = g.viewer.is_organizer
    in_team = set(
        db.session.scalars(
            db.select(canvass_team.c.campaign_id).where(canvass_team.c.user_id == current_user.id)
        )
    )
    return render(
        "canvassing/index.html",
        group=group,
        rows=rows,
        organizer=organizer,
        loggable={campaign.id for campaign, _doors in rows if organizer or campaign.id in in_team},
    )


@bp.route("/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """Open a listening campaign: dates, places to cover, team."""
    form, members = campaign_form(group)
    if form.validate_on_submit():
        campaign = operations.open_campaign(
            group,
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            places=form.places.data,
            team=[members[key] for key in form.team.data if key in members],
            by=current_user,
        )
        flash(_("The campaign is open. Its team can log doors now."))
        return redirect(url_for("canvassing.show", slug=group.slug, campaign_id=campaign.id))
    return render("canvassing/edit.html", group=group, form=form, status=form_status(form))


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def edit(group: Group, campaign_id: int):
    """Change a campaign's dates, places or team."""
    campaign = load_campaign(group, campaign_id)
    form, members = campaign_form(
        group,
        name=campaign.name,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        places=campaign.places,
        team=[str(user.id) for user in campaign.team],
    )
    if form.validate_on_submit():
        operations.edit_campaign(
            campaign,
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            places=form.places.data,
            team=[members[key] for key in form.team.data if key in members],
        )
        flash(_("The campaign is saved."))
        return redirect(url_for("canvassing.show", slug=group.slug, campaign_id=campaign.id))
    return render(
        "canvassing/edit.html",
        group=group,
        form=form,
        campaign=campaign,
        status=form_status(form),
    )


@bp.get("/<int:campaign_id>")
@group_view(Role.MEMBER)
def show(group: Group, campaign_id: int):
    """Progress per building, the themes heard most, the needs raised.

    The doors themselves (words, contacts) only for those who may log visits.
    """
    campaign = load_campaign(group, campaign_id)
    personal = may_log(campaign)
    visits, building = [], request.args.get("building", "").strip()
    if personal:
        query = db.select(Visit).where(Visit.campaign_id == campaign.id)
        if building:
            query = query.where(Visit.building == building)
        visits = db.session.scalars(
            query.order_by(Visit.created_at.desc(), Visit.id.desc()).limit(RECENT_VISITS)
        ).all()
    return render(
        "canvassing/show.html",
        group=group,
        campaign=campaign,
        progress=operations.progress(campaign),
        themes=operations.top_themes(campaign),
        needs=operations.needs_raised(campaign),
        personal=personal,
        organizer=g.viewer.is_organizer,
        visits=visits,
        building=building,
        outcomes=OUTCOME_NAMES,
    )


@bp.route("/<int:campaign_id>/visit", methods=["GET", "POST"])
@group_view(Role.MEMBER)
def visit(group: Group, campaign_id: int):
    """Log one door; then the same form again, empty, for the next door of the building."""
    campaign = load_campaign(group, campaign_id, for_logging=True)
    form = VisitForm(campaign.place_list)
    themes = {str(theme.id): theme for theme in group_themes(group)}
    form.themes.choices = [SelectChoice(key, theme.name) for key, theme in themes.items()]
    if form.validate_on_submit():
        place = form.place()
        operations.log_visit(
            campaign,
            by=current_user,
            building=place,
            floor=form.floor.data or "",
            outcome=Outcome(form.outcome.data),
            words=form.words.data or "",
            themes=[themes[key] for key in form.themes.data if key in themes],
            wants_involvement=form.wants_involvement.data,
            contact=consented_contact(form),
            need_title=form.need_title.data or "",
            need_body=form.need_body.data or "",
        )
        door = f"{place}, {form.floor.data.strip()}" if (form.floor.data or "").strip() else place
        flash(_("Door saved: %(door)s. On to the next one.", door=door))
        return redirect(
            url_for("canvassing.visit", slug=group.slug, campaign_id=campaign.id, building=place)
        )
    if not form.is_submitted():
        preselect(form, campaign, request.args.get("building", ""))
    return render(
        "canvassing/visit.html",
        group=group,
        campaign=campaign,
        form=form,
        status=form_status(form),
    )


def preselect(form: VisitForm, campaign: CanvassCampaign, building: str) -> None:
    """Choose the building of the previous door, from the list or as an "other" place."""
    building = building.strip()[:140]
    if building in campaign.place_list:
        form.building.data = building
    elif building:
        form.building.data, form.other_building.data = OTHER, building

"""From needs to an issue: the words quoted, the team's grid, the candidates side by side,
and the group's decision among them.

Who: the team (facilitators and up) quotes words and fills the grid, and compares;
organizers put the candidates to the group. What the candidate's page shows of it comes
from the template globals below (`issue_part`), for those who may read it.
"""

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.campaigns.forms.choice import ChooseForm, GridForm, QuotesForm
from assembly.campaigns.loading import load_campaign
from assembly.campaigns.models import Campaign, Criterion, Score
from assembly.campaigns.operations import choice as operations
from assembly.campaigns.operations import issue
from assembly.campaigns.views import bp
from assembly.decisions.about import register_about
from assembly.decisions.models import Decision
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.render import form_status, render

# The decision's page says which candidates it chooses among (decisions/about.py).
bp.record_once(lambda state: register_about(state.app, "campaigns/_on_decision.html"))


@bp.app_template_global()
def issue_part(campaign: Campaign) -> dict:
    """What the campaign page's issue part shows the visitor: for members, how widely
    felt (`issue.widely_felt`) and the quoted words; the decision it was put to, if the
    visitor may read it."""
    decision = db.session.get(Decision, campaign.choice_id) if campaign.choice_id else None
    members = g.viewer.is_member
    return {
        "reach": issue.widely_felt(campaign) if members else None,
        "quotes": issue.quoted(campaign, g.viewer)[: issue.MAX_QUOTES] if members else [],
        "choice": decision if decision is not None and decision.visible_to(g.viewer) else None,
    }


@bp.app_template_global()
def campaigns_chosen_by(decision: Decision) -> list[Campaign]:
    """The candidates a decision chooses among, those the visitor may read."""
    return [c for c in operations.chosen_by(decision) if c.visible_to(g.viewer)]


@bp.route("/<int:campaign_id>/quotes", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def quotes(group: Group, campaign_id: int):
    """The residents' words the team may quote, to tick the few the campaign page shows.

    Door words are listed only to those who read that round's doors, or once quoted."""
    campaign = load_campaign(group, campaign_id)
    offered = issue.quotable(campaign, g.viewer)
    form = QuotesForm()
    form.quotes.choices = [(words.key, words.key) for words in offered]
    if not form.is_submitted():
        form.quotes.data = [words.key for words in offered if words.quoted]
    if form.validate_on_submit():
        issue.choose_quotes(campaign, set(form.quotes.data), offered=offered, by=current_user)
        flash(_("The quotes are saved."))
        return redirect(
            url_for("campaigns.show", slug=group.slug, campaign_id=campaign.id, _anchor="issue")
        )
    return render(
        "campaigns/quotes.html",
        group=group,
        campaign=campaign,
        form=form,
        offered=offered,
        ticked=set(form.quotes.data or []),
        most=issue.MAX_QUOTES,
        status=form_status(form),
    )


@bp.route("/<int:campaign_id>/grid", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def grid(group: Group, campaign_id: int):
    """The signed-in team member's grid for the candidate: yes, partly or no to each
    criterion, with a note; sending it again replaces it."""
    campaign = load_campaign(group, campaign_id)
    held = operations.scores_of(campaign, current_user)
    form = GridForm() if request.method == "POST" else GridForm(data=GridForm.held(held))
    if form.validate_on_submit():
        operations.save_scores(campaign, current_user, form.answers())
        flash(_("Your grid is saved."))
        return redirect(url_for("campaigns.compare", slug=group.slug))
    return render(
        "campaigns/grid.html",
        group=group,
        campaign=campaign,
        form=form,
        scored=bool(held),
        status=form_status(form),
    )


@bp.get("/compare")
@group_view(Role.FACILITATOR)
def compare(group: Group):
    """The candidates side by side: the team's answers per criterion, the disagreements
    with their notes, a total; and where the group's choice among them stands."""
    candidates = operations.candidates(group)
    latest = operations.latest_choice(group)
    return render(
        "campaigns/compare.html",
        group=group,
        columns=operations.compare(candidates),
        criteria=list(Criterion),
        Score=Score,
        points=operations.POINTS,
        latest=latest,
        latest_campaigns=operations.chosen_by(latest) if latest else [],
        winner=operations.winner_option(latest) if latest else None,
        editor=Campaign.editable_by(g.viewer),
    )


@bp.route("/choose", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def choose(group: Group):
    """Put candidates (2 to 12) to the group as a majority judgment, online or at a
    coming meeting. Sent twice, the second finds them put already and leads to the vote."""
    candidates = {str(campaign.id): campaign for campaign in operations.candidates(group)}
    meetings = {str(meeting.id): meeting for meeting in operations.upcoming_meetings(group)}
    form = ChooseForm(
        titles={key: campaign.title for key, campaign in candidates.items()},
        meetings=list(meetings.values()),
    )
    if form.validate_on_submit():
        chosen = [candidates[key] for key in form.candidates.data]
        try:
            decision = operations.put_to_choice(
                group,
                chosen,
                question=form.question.data,
                by=current_user,
                closes_at=form.closes_at(),
                meeting=None if form.online else meetings[form.where.data],
            )
        except operations.ChoiceRefused:  # put already (a double post, or another organizer)
            db.session.rollback()
            pending = next(filter(None, map(operations.pending_choice, chosen)), None)
            flash(_("These candidates are already put to the group."))
            if pending is not None:
                return redirect(url_for("decisions.show", slug=group.slug, decision_id=pending.id))
            return redirect(url_for("campaigns.compare", slug=group.slug))
        flash(_("The candidates are put to the group."))
        return redirect(url_for("decisions.show", slug=group.slug, decision_id=decision.id))
    return render(
        "campaigns/choose.html",
        group=group,
        form=form,
        status=form_status(form),
    )

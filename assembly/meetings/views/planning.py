"""Planning a meeting: agenda, roles, RSVPs, calendar, sign-in sheet."""

from datetime import datetime

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.meetings import panels, seats
from assembly.meetings.forms.planning import (
    AgendaItemForm,
    MeetingForm,
    RsvpForm,
)
from assembly.meetings.loading import load_item, load_meeting, with_agenda
from assembly.meetings.methods import METHODS
from assembly.meetings.models import Answer, Kind, Meeting, OrderRule
from assembly.meetings.operations import cancelling
from assembly.meetings.operations import planning as operations
from assembly.meetings.views import bp
from assembly.needs.models import Need
from assembly.web.forms import confirmed
from assembly.web.inputs import whole_number
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.visitor import limit_public_form, signed_in_user

PAST_SHOWN = 20


@bp.app_template_global()
def next_meeting(group: Group) -> Meeting | None:
    """The next planned meeting the visitor may see, for the home and need pages."""
    return operations.next_meeting(group, g.viewer)


@bp.app_template_global()
def cancelled_meetings(group: Group) -> list[Meeting]:
    """The cancelled meetings still ahead the visitor may see, for the group's home."""
    return cancelling.cancelled_ahead(group, g.viewer)


@bp.app_template_filter()
def from_isoformat(value: str) -> datetime:
    """A date kept as text in a journal event, back to a datetime for Babel's filters."""
    return datetime.fromisoformat(value)


def back_to(meeting: Meeting, group: Group, anchor: str | None = None):
    return redirect(
        url_for("meetings.show", slug=group.slug, meeting_id=meeting.id, _anchor=anchor)
    )


# Meetings ---------------------------------------------------------------------------


@bp.get("/g/<slug>/meetings")
@group_view()
def index(group: Group):
    """Upcoming meetings, soonest first, then the latest past ones."""
    query = db.select(Meeting).where(Meeting.group_id == group.id)
    query = query.where(Meeting.visible_to(g.viewer))
    since = utcnow() - operations.STILL_UPCOMING
    upcoming = db.session.scalars(
        query.where(Meeting.starts_at >= since).order_by(Meeting.starts_at, Meeting.id)
    )
    past = db.session.scalars(
        query.where(Meeting.starts_at < since)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(PAST_SHOWN)
    )
    return render(
        "meetings/index.html",
        group=group,
        upcoming=list(upcoming),
        past=list(past),
    )


def meeting_form(group: Group, meeting: Meeting | None = None) -> MeetingForm:
    """The meeting form, filled from `meeting`, with the group's members as role choices."""
    data = {}
    if meeting is not None:
        data = {
            "title": meeting.title,
            "kind": meeting.kind,
            **MeetingForm.schedule_data(meeting.starts_at, meeting.duration_minutes),
            "place": meeting.place,
            "description": meeting.description,
            "capacity": meeting.capacity,
            "public": meeting.public,
            "order_rule": meeting.order_rule,
            **{role: str(getattr(meeting, f"{role}_id") or "") for role in MeetingForm.ROLES},
        }
    form = MeetingForm(data=data) if data else MeetingForm()
    people = [SelectChoice("", _("— nobody yet —"))] + [
        SelectChoice(str(user.id), user.display_name) for user in group.members_by_name()
    ]
    for role in MeetingForm.ROLES:
        form[role].choices = people
    # A campaign's action is planned from its campaign (with its row there): its meeting stays
    # an action, and no other meeting becomes one.
    action = meeting is not None and meeting.kind == Kind.ACTION
    form.kind.choices = [c for c in Kind.choices() if (c.value == Kind.ACTION) == action]
    return form


def meeting_fields(form: MeetingForm, group: Group) -> dict:
    """What the operation needs from a valid form: UTC start time, known members only."""
    members = {str(user.id) for user in group.members_by_name()}
    return {
        "title": form.title.data,
        "kind": Kind(form.kind.data),
        "starts_at": form.starts_at(),  # naive UTC, read in the group's time zone
        "duration_minutes": form.duration.data,
        "place": form.place.data or "",
        "description": form.description.data or "",
        "capacity": form.capacity.data,
        "public": form.public.data,
        "order_rule": OrderRule(form.order_rule.data),
        **{
            f"{role}_id": int(form[role].data) if form[role].data in members else None
            for role in MeetingForm.ROLES
        },
    }


@bp.route("/g/<slug>/meetings/new", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def new(group: Group):
    """Plan a meeting: when, where, for whom, who facilitates."""
    form = meeting_form(group)
    if form.validate_on_submit():
        meeting = operations.create_meeting(group, **meeting_fields(form, group))
        flash(_("The meeting is planned. Add its agenda now."))
        return back_to(meeting, group)
    return render(
        "meetings/edit.html", group=group, meeting=None, form=form, status=form_status(form)
    )


@bp.route("/g/<slug>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def edit(group: Group, meeting_id: int):
    meeting = load_meeting(group, meeting_id)
    form = meeting_form(group, meeting if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.update_meeting(meeting, **meeting_fields(form, group))
        flash(_("The meeting is saved."))
        return back_to(meeting, group)
    return render(
        "meetings/edit.html", group=group, meeting=meeting, form=form, status=form_status(form)
    )


@bp.get("/g/<slug>/meetings/<int:meeting_id>")
@group_view()
def show(group: Group, meeting_id: int):
    """The meeting's page: when, where, agenda, roles, and the RSVP form."""
    return meeting_page(group, load_meeting(group, meeting_id))


def meeting_page(group: Group, meeting: Meeting, status: int = 200, rsvp_form=None):
    team = g.viewer.is_team
    return render(
        "meetings/show.html",
        status=status,
        group=group,
        meeting=meeting,
        team=team,
        methods=METHODS,
        counts=operations.rsvp_counts(meeting),
        item_panels=panels.on_items(with_agenda(meeting).items),
        page_panels=panels.on_page(meeting),
        rsvps=operations.rsvps(meeting) if team else [],
        form=rsvp_form or RsvpForm(),
        replannable=cancelling.may_replan(meeting),
    )


@bp.post("/g/<slug>/meetings/<int:meeting_id>/rsvp")
@group_view()
@limit_public_form
def rsvp(group: Group, meeting_id: int):
    """Answer the invitation, with no account: a name, an answer, a contact if one wants.
    A cancelled meeting takes no answer (400: its page says it is cancelled)."""
    meeting = load_meeting(group, meeting_id)
    if meeting.cancelled:
        return meeting_page(group, meeting, 400)
    form = RsvpForm()
    if not form.validate_on_submit():
        return meeting_page(group, meeting, 400, rsvp_form=form)
    answered = url_for("meetings.show", slug=group.slug, meeting_id=meeting.id, _anchor="rsvp")
    if done := first_result(form, fallback=answered):  # sent before (back button, double tap)
        flash(_("Thank you, your answer is noted."))
        return redirect(done)
    thanks = _("Thank you, your answer is noted.")
    if not form.sent_by_robot():  # a robot is told all went well, and nothing is kept
        try:
            answer = operations.answer_invitation(
                meeting,
                name=form.name.data,
                answer=Answer(form.answer.data),
                contact=form.consented_contact(),
                wording=form.consent_wording(),
                user=signed_in_user(),
                named_in_minutes=form.named_in_minutes.data,
            )
        except operations.MeetingCancelled:  # cancelled while the answer was on its way
            return meeting_page(group, meeting, 400)
        if answer.waitlisted:
            thanks = _(
                "The meeting is full: you are on the waiting list, number %(rank)s. If a "
                "place frees up it is yours, and we tell you if you left a phone or e-mail.",
                rank=seats.rank(meeting, answer),
            )
    flash(thanks)
    return redirect(remember_result(form, answered))


# Agenda -----------------------------------------------------------------------------


def linked_needs(form: AgendaItemForm, group: Group) -> list[Need] | None:
    """The needs typed in the form, or None (with an error on the field) if one is unknown."""
    needs, unknown = operations.find_needs(group, form.need_numbers())
    if unknown:
        refs = ", ".join(f"B-{n}" for n in unknown)
        form.needs.errors = [*form.needs.errors, _("No need has this number: %(refs)s", refs=refs)]
        return None
    return needs


def item_page(group: Group, meeting: Meeting, form: AgendaItemForm, item=None):
    return render(
        "meetings/item.html",
        group=group,
        meeting=meeting,
        item=item,
        form=form,
        methods=METHODS,
        panels=panels.on_item(item) if item else [],
        status=form_status(form),
    )


def item_fields(form: AgendaItemForm, needs: list[Need]) -> dict:
    """What an agenda item form says, as the operations take it."""
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "timebox_minutes": form.timebox.data,
        "method": form.method.data,
        "needs": needs,
    }


@bp.route("/g/<slug>/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def new_item(group: Group, meeting_id: int):
    """Add a point at the end of the agenda."""
    meeting = load_meeting(group, meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit() and (needs := linked_needs(form, group)) is not None:
        operations.add_item(meeting, **item_fields(form, needs))
        flash(_("The item is on the agenda."))
        return back_to(meeting, group, "agenda")
    return item_page(group, meeting, form)


@bp.route("/g/<slug>/meetings/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def edit_item(group: Group, meeting_id: int, item_id: int):
    item = load_item(group, meeting_id, item_id)
    form = AgendaItemForm(
        data={
            "title": item.title,
            "description": item.description,
            "timebox": item.timebox_minutes,
            "method": item.method if item.method in METHODS else None,
            "needs": ", ".join(need.reference for need in item.needs),
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit() and (needs := linked_needs(form, group)) is not None:
        operations.edit_item(item, **item_fields(form, needs))
        flash(_("The item is saved."))
        return back_to(item.meeting, group, "agenda")
    return item_page(group, item.meeting, form, item)


@bp.post("/g/<slug>/meetings/<int:meeting_id>/items/<int:item_id>/delete")
@group_view(Role.FACILITATOR)
def delete_item(group: Group, meeting_id: int, item_id: int):
    item = load_item(group, meeting_id, item_id)
    meeting = item.meeting
    if not confirmed():
        flash(_("Nothing was removed: confirm first."))
        return back_to(meeting, group, "agenda")
    operations.delete_item(item)
    flash(_("The item is off the agenda."))
    return back_to(meeting, group, "agenda")


@bp.post("/g/<slug>/meetings/<int:meeting_id>/items/<int:item_id>/reorder")
@group_view(Role.FACILITATOR)
def reorder_item(group: Group, meeting_id: int, item_id: int):
    """One place up or down (a form post per button: no script needed)."""
    item = load_item(group, meeting_id, item_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    operations.move_item(item, step)
    return back_to(item.meeting, group, f"item-{item.id}")


@bp.post("/g/<slug>/meetings/next/agenda")
@group_view(Role.FACILITATOR)
def agenda_need(group: Group):
    """From a need's page: put the need on the next planned meeting's agenda."""
    number = whole_number(request.form.get("need"))
    need = (
        db.session.scalar(db.select(Need).filter_by(group_id=group.id, number=number))
        if number is not None
        else None
    )
    if need is None:
        abort(404)
    meeting = operations.next_meeting(group, g.viewer)
    if meeting is None:
        flash(_("No meeting is planned: plan one first."))
        return redirect(url_for("needs.show", slug=group.slug, number=need.number))
    if operations.put_need_on_agenda(need, meeting) is None:
        flash(_("%(ref)s is already on that agenda.", ref=need.reference))
    else:
        flash(_("%(ref)s is on the agenda of %(title)s.", ref=need.reference, title=meeting.title))
    return redirect(url_for("needs.show", slug=group.slug, number=need.number))


# Calendar and sign-in sheet ---------------------------------------------------------

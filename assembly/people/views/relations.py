"""One-to-ones, the ladder of engagement, asks and the follow-up list (organizers only).

A person's page (the contact book's) includes templates/people/_relations.html, which
reads what it shows from `relations_of(person)`: their level and the ladder, their
latest one-to-ones and asks, and an empty ask form. Every page here is for the group's
organizers and administrators, like the person's page.
"""

from dataclasses import dataclass

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.people import operations, organizing
from assembly.people.followup import follow_up as follow_up_sections
from assembly.people.forms import AskForm, LadderForm, OneToOneForm, local_today
from assembly.people.models import Ask, AskOutcome, OneToOne, Person
from assembly.people.views import bp, load_person
from assembly.web.forms import confirmed
from assembly.web.inputs import asked_page, whole_number
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.urls import safe_next

# The journal's sentences and the ask rows name answers: `AskOutcome(value).label`.
bp.add_app_template_global(AskOutcome, "AskOutcome")

ON_PERSON_PAGE = 3  # one-to-ones and asks shown on the person's page (the 14 KB budget)
ONE_TO_ONES_PER_PAGE = 5  # each may hold a few thousand characters of notes
ASKS_PER_PAGE = 30


# Loaders


def load_one_to_one(person: Person, one_to_one_id: int, *, to_change: bool = False) -> OneToOne:
    """The person's one-to-one `one_to_one_id`, or 404. With `to_change`, 403 unless the
    visitor met them or is an administrator of the group: who met them answers for it."""
    one_to_one = db.session.get(OneToOne, one_to_one_id)
    if one_to_one is None or one_to_one.person_id != person.id:
        abort(404)
    if to_change and not may_change(one_to_one):
        abort(403)
    return one_to_one


def may_change(one_to_one: OneToOne) -> bool:
    """Whether the visitor may correct or delete a one-to-one: who met them, or an admin."""
    return g.viewer.is_admin or (
        one_to_one.met_by_id is not None and one_to_one.met_by_id == g.viewer.user_id
    )


def load_ask(person: Person, ask_id: int) -> Ask:
    """What the group asked of the person, `ask_id`, or 404."""
    ask = db.session.get(Ask, ask_id)
    if ask is None or ask.person_id != person.id:
        abort(404)
    return ask


# What the person's page shows


@dataclass(frozen=True)
class Relations:
    """What templates/people/_relations.html shows of a person."""

    ladder: list[str]
    level: str
    one_to_ones: list[OneToOne]
    one_to_one_count: int
    asks: list[Ask]
    ask_count: int
    ask_form: AskForm


@bp.app_template_global()
def relations_of(person: Person) -> Relations:
    """The person's level on the group's ladder, latest one-to-ones and asks, newest first."""
    names = operations.ladder(db.session.get(Group, person.group_id))
    return Relations(
        ladder=names,
        level=organizing.level_name(names, person.ladder_rank),
        one_to_ones=organizing.one_to_ones_of(person, limit=ON_PERSON_PAGE),
        one_to_one_count=organizing.count_one_to_ones(person),
        asks=organizing.asks_of(person, limit=ON_PERSON_PAGE),
        ask_count=organizing.count_asks(person),
        ask_form=AskForm(formdata=None).with_ids("ask-"),
    )


@bp.app_template_global()
def person_page(group: Group, person: Person) -> str:
    """The person's page in the contact book."""
    return url_for("people.show", slug=group.slug, person_id=person.id)


@bp.app_template_global()
def one_to_one_changeable(one_to_one: OneToOne) -> bool:
    """Whether the visitor may correct or delete this one-to-one (see `may_change`)."""
    return may_change(one_to_one)


def back_to_person(group: Group, person: Person) -> str:
    """Where a form of the person's page returns: `next` if it is ours, else their page."""
    return safe_next(request.form.get("next"), person_page(group, person))


# The follow-up list and the ladder


@bp.get("/g/<slug>/people/follow-up")
@group_view(Role.ORGANIZER)
def follow_up(group: Group):
    """Whom to see again: next steps due, people met once and never again, first-timers."""
    today = local_today()
    return render(
        "people/follow_up.html", group=group, today=today, **follow_up_sections(group, today)
    )


@bp.route("/g/<slug>/people/ladder", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def ladder(group: Group):
    """Name the rungs of the group's ladder of engagement."""
    names = operations.ladder(group)
    form = LadderForm(data={"levels": "\n".join(names)})
    if form.validate_on_submit():
        moved = organizing.name_ladder(group, form.names())
        flash(_("The ladder is saved."))
        if moved:
            top = form.names()[-1]
            flash(
                ngettext(
                    "%(num)s person stood above the new top level: now at “%(top)s”.",
                    "%(num)s people stood above the new top level: now at “%(top)s”.",
                    moved,
                    top=top,
                )
            )
        return redirect(url_for("people.ladder", slug=group.slug))
    counts, top = organizing.people_per_level(group), len(names) - 1
    return render(
        "people/ladder.html",
        group=group,
        form=form,
        levels=[
            (name, sum(n for r, n in counts.items() if r == rank or (rank == top and r > top)))
            for rank, name in enumerate(names)
        ],
        status=form_status(form),
    )


@bp.post("/g/<slug>/people/<int:person_id>/level")
@group_view(Role.ORGANIZER)
def set_level(group: Group, person_id: int):
    """Put the person on a rung of the ladder (the select, or one step up or down)."""
    person = load_person(group, person_id)
    rank = whole_number(request.form.get("rank"))
    if rank is None or rank >= len(operations.ladder(group)):
        abort(400)
    if organizing.set_level(group, person, rank):
        flash(
            _(
                "%(name)s is now at the level “%(level)s”.",
                name=person.label or _("Someone without a name"),
                level=level_of(group, person),
            )
        )
    return redirect(back_to_person(group, person))


def level_of(group: Group, person: Person) -> str:
    return organizing.level_name(operations.ladder(group), person.ladder_rank)


# One-to-ones


@bp.get("/g/<slug>/people/<int:person_id>/one-to-ones")
@group_view(Role.ORGANIZER)
def one_to_ones(group: Group, person_id: int):
    """All the person's one-to-ones, the latest met first, a few at a time."""
    person = load_person(group, person_id)
    page = asked_page()
    rows = organizing.one_to_ones_of(
        person, limit=ONE_TO_ONES_PER_PAGE + 1, offset=(page - 1) * ONE_TO_ONES_PER_PAGE
    )
    return render(
        "people/one_to_ones.html",
        group=group,
        person=person,
        one_to_ones=rows[:ONE_TO_ONES_PER_PAGE],
        page=page,
        has_next=len(rows) > ONE_TO_ONES_PER_PAGE,
    )


@bp.route("/g/<slug>/people/<int:person_id>/one-to-ones/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new_one_to_one(group: Group, person_id: int):
    """Write down a one-to-one with the person; it counts as a contact that day."""
    person = load_person(group, person_id)
    form = OneToOneForm()
    form.offer(group.members_by_name())
    if not form.is_submitted():
        form.met_by.data = str(current_user.id)
    if form.validate_on_submit():
        after = person_page(group, person)
        if not first_result(form, fallback=after):  # else sent before: written down once
            organizing.log_one_to_one(person, **form.fields())
            remember_result(form, after)
        flash(_("The one-to-one is written down."))
        return redirect(after)
    return render(
        "people/one_to_one.html",
        group=group,
        person=person,
        form=form,
        status=form_status(form),
    )


@bp.route(
    "/g/<slug>/people/<int:person_id>/one-to-ones/<int:one_to_one_id>/edit",
    methods=["GET", "POST"],
)
@group_view(Role.ORGANIZER)
def edit_one_to_one(group: Group, person_id: int, one_to_one_id: int):
    """Correct a one-to-one: who met them, or an administrator of the group."""
    person = load_person(group, person_id)
    one_to_one = load_one_to_one(person, one_to_one_id, to_change=True)
    form = OneToOneForm(obj=one_to_one)
    form.offer(group.members_by_name())
    if not form.is_submitted():
        form.met_by.data = str(one_to_one.met_by_id or "")
    if form.validate_on_submit():
        organizing.edit_one_to_one(person, one_to_one, **form.fields())
        flash(_("The one-to-one is corrected."))
        return redirect(url_for("people.one_to_ones", slug=group.slug, person_id=person.id))
    return render(
        "people/one_to_one.html",
        group=group,
        person=person,
        form=form,
        one_to_one=one_to_one,
        status=form_status(form),
    )


@bp.post("/g/<slug>/people/<int:person_id>/one-to-ones/<int:one_to_one_id>/delete")
@group_view(Role.ORGANIZER)
def delete_one_to_one(group: Group, person_id: int, one_to_one_id: int):
    """Delete a one-to-one's notes for good, after the confirmation step."""
    person = load_person(group, person_id)
    one_to_one = load_one_to_one(person, one_to_one_id, to_change=True)
    if not confirmed():
        abort(400)
    organizing.delete_one_to_one(person, one_to_one)
    flash(_("The one-to-one is deleted."))
    return redirect(url_for("people.one_to_ones", slug=group.slug, person_id=person.id))


# Asks


@bp.route("/g/<slug>/people/<int:person_id>/asks", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def asks(group: Group, person_id: int):
    """What the group asked of the person and their answers; a new ask."""
    person = load_person(group, person_id)
    form = AskForm().with_ids("ask-")
    if form.validate_on_submit():
        after = back_to_person(group, person)
        if not first_result(form, fallback=after):
            organizing.make_ask(
                person, what=form.what.data, asked_on=form.asked_on.data, by=current_user
            )
            remember_result(form, after)
        flash(_("The ask is written down."))
        return redirect(after)
    page = asked_page()
    rows = organizing.asks_of(person, limit=ASKS_PER_PAGE + 1, offset=(page - 1) * ASKS_PER_PAGE)
    return render(
        "people/asks.html",
        group=group,
        person=person,
        form=form,
        asks=rows[:ASKS_PER_PAGE],
        page=page,
        has_next=len(rows) > ASKS_PER_PAGE,
        status=form_status(form),
    )


@bp.post("/g/<slug>/people/<int:person_id>/asks/<int:ask_id>/answer")
@group_view(Role.ORGANIZER)
def answer_ask(group: Group, person_id: int, ask_id: int):
    """Their answer to an ask, or what became of it: accepted, declined, done."""
    person = load_person(group, person_id)
    ask = load_ask(person, ask_id)
    try:
        outcome = AskOutcome(request.form.get("outcome", ""))
    except ValueError:
        abort(400)
    if outcome == AskOutcome.PENDING:
        abort(400)
    if outcome in organizing.ANSWERS_AFTER[ask.outcome]:
        organizing.answer_ask(person, ask, outcome)
        flash(_("The answer is written down: %(outcome)s.", outcome=outcome.label))
    elif outcome != ask.outcome:  # a page from before someone else answered
        flash(_("This ask already has its answer: %(outcome)s.", outcome=ask.outcome.label))
    return redirect(back_to_person(group, person))


@bp.app_template_global()
def answers_after(ask: Ask) -> tuple[AskOutcome, ...]:
    """The answers the ask may still get (buttons on its row)."""
    return organizing.ANSWERS_AFTER[ask.outcome]

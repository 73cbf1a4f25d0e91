"""Task pages: the group's list, a new task (from an agenda item, a decision or by hand), done."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import assembly.tasks.activity  # noqa: F401  (what the contact book shows of a person)
from assembly.decisions.models import Decision
from assembly.extensions import db, htmx
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.meetings.models import AgendaItem, Meeting, State
from assembly.tasks import operations
from assembly.tasks.forms import TaskForm, local_today
from assembly.tasks.models import Task
from assembly.web.inputs import whole_number
from assembly.web.once import first_result, remember_result
from assembly.web.render import form_status, render
from assembly.web.urls import safe_next

bp = Blueprint("tasks", __name__)


# Loaders


def load_origin(group: Group, form: TaskForm) -> dict:
    """The item, decision or meeting a new task comes from, as the form names them; 404 if
    one is not of `group`. An item or a decision brings its meeting along."""
    origin = {}
    if form.item.data:
        item = db.session.get(AgendaItem, _id(form.item.data))
        if item is None or item.meeting.group_id != group.id:
            abort(404)
        origin.update(item=item, meeting=item.meeting)
    if form.decision.data:
        decision = load_in_group(Decision, _id(form.decision.data), group)
        origin["decision"] = decision
        if decision.meeting_id is not None:
            origin.setdefault("meeting", db.session.get(Meeting, decision.meeting_id))
    if form.meeting.data and "meeting" not in origin:
        origin["meeting"] = load_in_group(Meeting, _id(form.meeting.data), group)
    return origin


def _id(value: str) -> int:
    """A record id from a query argument or a hidden field; 404 when it is not a number."""
    number = whole_number(value)
    if number is None:
        abort(404)
    return number


# Template helpers the meeting page uses


@bp.app_template_global()
def follow_up_tasks(meeting: Meeting) -> list[Task]:
    """The meeting page's "Suivi des actions": the group's open tasks, until it closes."""
    if meeting.state == State.CLOSED:
        return []
    group = db.session.get(Group, meeting.group_id)
    return with_origins(operations.open_tasks(group, not_from=meeting))


def with_origins(tasks: list[Task]) -> list[Task]:
    """Load the meetings and decisions `tasks` come from in two statements, for
    `task_origin` to find in the session rather than fetch one by one; kept on `g`, for
    the session holds only the records something refers to."""
    kept = g.setdefault("task_origins", [])
    for model, ids in (
        (Meeting, {task.meeting_id for task in tasks} - {None}),
        (Decision, {task.decision_id for task in tasks} - {None}),
    ):
        if ids:
            kept.extend(db.session.scalars(db.select(model).where(model.id.in_(ids))))
    return tasks


@bp.app_template_global()
def task_origin(task: Task) -> dict:
    """Where a task was decided: its meeting and its decision (None when written by hand)."""
    return {
        "meeting": db.session.get(Meeting, task.meeting_id) if task.meeting_id else None,
        "decision": db.session.get(Decision, task.decision_id) if task.decision_id else None,
    }


@bp.app_template_global()
def item_tasks(item: AgendaItem) -> list[Task]:
    """The tasks decided on an agenda item: the conduct page lists them under the item."""
    return operations.tasks_of_item(item)


@bp.app_template_global()
def new_task_form(group: Group, item: AgendaItem) -> TaskForm:
    """An empty task for the item under way, as the conduct page offers it."""
    return conduct_form(group, TaskForm(formdata=None, data={"item": str(item.id)}))


def conduct_form(group: Group, form: TaskForm) -> TaskForm:
    form.offer(group.members_by_name())
    return form.with_ids("task-")


@bp.app_template_global()
def tasks_today():
    """Today in the group's time zone: a task due before it is late."""
    return local_today()


# Pages


@bp.get("/g/<slug>/tasks")
@group_view(Role.MEMBER)
def index(group: Group):
    """Open tasks, soonest due first, then the ones done lately."""
    return render(
        "tasks/index.html",
        group=group,
        open_tasks=with_origins(operations.open_tasks(group)),
        done_tasks=with_origins(operations.recently_done(group)),
        team=g.viewer.is_team,
    )


@bp.route("/g/<slug>/tasks/new", methods=["GET", "POST"])
@group_view(Role.FACILITATOR)
def new(group: Group):
    """Write down a task; from an item or a decision (?item=, ?decision=) it is linked to it.

    From the meeting's conduct page, htmx swaps the item's tasks in place (`on_item`);
    without JavaScript the browser goes back there (`next`).
    """
    form = TaskForm(formdata=None, data=origin_args()) if request.method == "GET" else TaskForm()
    form.offer(group.members_by_name())
    origin = load_origin(group, form)
    if form.validate_on_submit():
        after = safe_next(request.form.get("next"), back_to(group, origin))
        if not first_result(form, fallback=after):  # else sent before: written down once
            operations.create_task(
                group,
                title=form.title.data,
                by=current_user._get_current_object(),
                assignee=form.member(),
                assignee_name=form.assignee_name.data or "",
                due_on=form.due_on.data,
                **origin,
            )
            remember_result(form, after)
        if htmx and "item" in origin:
            return on_item(group, origin, message=_("The task is written down."))
        flash(_("The task is written down."))
        return redirect(after)
    if htmx and "item" in origin:
        return on_item(group, origin, status=400, task_form=form.with_ids("task-"))
    return render(
        "tasks/new.html",
        group=group,
        form=form,
        status=form_status(form),
        back=back_to(group, origin),
        **origin,
    )


def on_item(group: Group, origin: dict, status: int = 200, **shown):
    """The item's tasks on the conduct page, alone, for htmx to swap in place."""
    item = origin["item"]
    response = render(
        "tasks/_on_item.html",
        status=status,
        group=group,
        meeting=item.meeting,
        item=item,
        task_form=shown.get("task_form") or new_task_form(group, item),
        task_message=shown.get("message"),
    )
    response.vary.add("HX-Request")  # the same address answers a whole page without htmx
    return response


def origin_args() -> dict:
    """?item=, ?decision=, ?meeting= from the link that opened the form."""
    return {key: request.args.get(key, "") for key in ("item", "decision", "meeting")}


def back_to(group: Group, origin: dict) -> str:
    """Where a new task sends you back: its meeting's page (at the item), or the task list."""
    if "meeting" in origin:
        item = origin.get("item")
        return url_for(
            "meetings.show",
            slug=group.slug,
            meeting_id=origin["meeting"].id,
            _anchor=f"item-{item.id}" if item else "agenda",
        )
    return url_for("tasks.index", slug=group.slug)


@bp.post("/g/<slug>/tasks/<int:task_id>/done")
@group_view(Role.MEMBER)
def toggle(group: Group, task_id: int):
    """Tick a task off (done=1) or open it again (done=0); any member may."""
    task = load_in_group(Task, task_id, group)
    done = request.form.get("done")
    if done not in ("0", "1"):
        abort(400)
    operations.set_done(task, done == "1")
    default = url_for("tasks.index", slug=group.slug)
    return redirect(safe_next(request.form.get("next"), default))

"""Tasks: creating them, ticking them off, and the lists meetings and minutes follow up.

Each function that changes a task writes its journal event and commits; the assignee's
reminder two days before the due date is planned and withdrawn with it (`tasks.messages`).
"""

from datetime import date

from sqlalchemy.orm import selectinload

from assembly.auth.models import User
from assembly.clock import utcnow
from assembly.decisions.models import Decision
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Meeting
from assembly.tasks import messages
from assembly.tasks.events import TASK_CREATED, TASK_DONE, TASK_REOPENED
from assembly.tasks.models import Task
from assembly.trace.operations import record

RECENTLY_DONE = 20  # how many done tasks the list shows under the open ones


def create_task(
    group: Group,
    *,
    title: str,
    by: User | None,
    assignee: User | None = None,
    assignee_name: str = "",
    due_on: date | None = None,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    decision: Decision | None = None,
) -> Task:
    """Write down who does what by when; the meeting follows from the item or the decision."""
    if meeting is None and item is not None:
        meeting = item.meeting
    if meeting is None and decision is not None and decision.meeting_id is not None:
        meeting = db.session.get(Meeting, decision.meeting_id)
    task = Task(
        group_id=group.id,
        title=title.strip(),
        assignee_id=assignee.id if assignee is not None else None,
        assignee_name="" if assignee is not None else assignee_name.strip(),
        due_on=due_on,
        meeting_id=meeting.id if meeting is not None else None,
        item_id=item.id if item is not None else None,
        decision_id=decision.id if decision is not None else None,
        created_by_id=by.id if by is not None else None,
        created_at=utcnow(),  # naive UTC, compared with meeting times (not the database clock)
    )
    db.session.add(task)
    # The journal keeps where the task comes from, not who does it.
    record(
        TASK_CREATED, task, group_id=group.id, meeting_id=task.meeting_id,
        item_id=task.item_id, decision_id=task.decision_id,
    )  # fmt: skip
    messages.plan_reminder(task)
    db.session.commit()
    return task


def set_done(task: Task, done: bool) -> None:
    """Tick a task off, or open it again; the journal records who did it (the actor)."""
    if task.done == done:
        return
    task.done_at = utcnow() if done else None
    record(TASK_DONE if done else TASK_REOPENED, task, group_id=task.group_id)
    if done:
        messages.done(task)
    else:
        messages.plan_reminder(task)  # opened again: reminded again, if still ahead
    db.session.commit()


def _ordered(query):
    """Soonest due first, tasks without a date after, then the oldest first; each with
    its assignee (the rows show their name), loaded in one statement for all."""
    return query.order_by(Task.due_on.is_(None), Task.due_on, Task.id).options(
        selectinload(Task.assignee)
    )


def open_tasks(group: Group, *, not_from: Meeting | None = None) -> list[Task]:
    """The group's open tasks; `not_from` leaves out those decided at that meeting."""
    query = db.select(Task).where(Task.group_id == group.id, Task.done_at.is_(None))
    if not_from is not None:
        query = query.where(db.or_(Task.meeting_id.is_(None), Task.meeting_id != not_from.id))
    return list(db.session.scalars(_ordered(query)))


def recently_done(group: Group, limit: int = RECENTLY_DONE) -> list[Task]:
    query = (
        db.select(Task)
        .where(Task.group_id == group.id, Task.done_at.is_not(None))
        .order_by(Task.done_at.desc(), Task.id.desc())
        .options(selectinload(Task.assignee))
        .limit(limit)
    )
    return list(db.session.scalars(query))


def followed_up_at(meeting: Meeting) -> list[Task]:
    """The tasks a meeting follows up: written before it began, still open when it did.

    Those ticked off since are kept (the minutes say they are done).
    """
    query = db.select(Task).where(
        Task.group_id == meeting.group_id,
        db.or_(Task.meeting_id.is_(None), Task.meeting_id != meeting.id),
        Task.created_at < meeting.starts_at,
        db.or_(Task.done_at.is_(None), Task.done_at >= meeting.starts_at),
    )
    return list(db.session.scalars(_ordered(query)))


def tasks_of_item(item: AgendaItem) -> list[Task]:
    """The tasks decided on this agenda item."""
    return list(db.session.scalars(_ordered(db.select(Task).filter_by(item_id=item.id))))


def tasks_of_meeting(meeting: Meeting) -> list[Task]:
    """The tasks decided at this meeting."""
    return list(db.session.scalars(_ordered(db.select(Task).filter_by(meeting_id=meeting.id))))

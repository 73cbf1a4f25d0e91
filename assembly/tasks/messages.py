"""What a task tells the member it is assigned to: it is due in two days.

Planned when the task is written (and again when it is opened again), cancelled when it
is done: the reminder sits in the outbox from the start, where the team sees it, and
nothing has to run every minute to find it. The member's person in the contact book is
reminded under a live consent for reminders: by SMS (SMS_REMINDERS) if they gave one,
else by e-mail (EMAIL_REMINDERS); one message either way. Someone named by hand,
without an account, gets none.

Dedup key: task:<id>:due:<due date>:person:<person>; cancelling `task:<id>:due:`
withdraws it.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.messages.models import Message, MessageKind
from assembly.messages.outbox import absolute_url, cancel, notify
from assembly.people.models import ConsentPurpose
from assembly.people.operations import person_of_user
from assembly.tasks.models import Task

DUE = "tasks/messages/due.txt"
DAYS_BEFORE = 2
AT = time(9)  # in the morning, the group's time: after the SMS quiet hours


def _in_utc(day: date, at: time = time(0)) -> datetime:
    """`day` at `at` in the group's time zone, as naive UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = datetime.combine(day, at, tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def reminders_of(task: Task) -> str:
    return f"task:{task.id}:due:"


def plan_reminder(task: Task, now: datetime | None = None) -> Message | None:
    """Remind the assignee two days before the due date, in the morning; nothing when
    that moment is already past, the task is done, or nobody with an account has it."""
    now = now or utcnow()
    if task.due_on is None or task.assignee is None or task.done:
        return None
    at = _in_utc(task.due_on - timedelta(days=DAYS_BEFORE), AT)
    if at <= now:
        return None
    group = db.session.get(Group, task.group_id)
    person = person_of_user(group, task.assignee)
    options = {
        "kind": MessageKind.TASK_DUE,
        "template": DUE,
        "dedup": f"{reminders_of(task)}{task.due_on.isoformat()}:person:{person and person.id}",
        "link": absolute_url("tasks.index", slug=group.slug),
        "send_after": at,
        "send_before": _in_utc(task.due_on),  # on the day, it is too late
        "task": task,
    }
    return notify(person, purpose=ConsentPurpose.SMS_REMINDERS, **options) or notify(
        person, purpose=ConsentPurpose.EMAIL_REMINDERS, **options
    )


def done(task: Task) -> int:
    """The task is done: its reminder, if still waiting, goes no more."""
    return cancel(reminders_of(task), reason="the task is done")

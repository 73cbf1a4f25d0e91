"""What tasks tell the contact book about a person (people.activity): the tasks their
linked account took on in the group, and when each was done. One query."""

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from assembly.extensions import db
from assembly.people.activity import Activity, provides
from assembly.people.models import Person
from assembly.tasks.models import Task


@provides
def tasks_taken(person: Person) -> Iterator[Activity]:
    if person.user_id is None:  # a task names a member; someone without an account has none
        return
    query = select(Task).where(Task.assignee_id == person.user_id, Task.group_id == person.group_id)
    url = url_for("tasks.index", slug=person.group.slug)
    for task in db.session.scalars(query):
        yield Activity(task.created_at, _("Task"), _("Took on: %(title)s", title=task.title), url)
        if task.done_at is not None:
            yield Activity(task.done_at, _("Task"), _("Done: %(title)s", title=task.title), url)

"""Tasks' journal verbs."""

TASK_CREATED = "task.created"
TASK_DONE = "task.done"
TASK_REOPENED = "task.reopened"

"""The meeting live: join with the code, speaking list, conduct, projector, phones."""

from assembly.meetings.views import bp  # noqa: F401

"""Planning a meeting: agenda, roles, RSVPs, calendar, sign-in sheet."""

from assembly.meetings.views import bp  # noqa: F401

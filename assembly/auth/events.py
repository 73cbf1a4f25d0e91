"""Accounts' journal verbs."""

USER_CREATED = "user.created"
USER_PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 (a verb, not a password)
USER_UPDATED = "user.updated"
USER_ENABLED = "user.enabled"
USER_DISABLED = "user.disabled"
RESET_LINK_CREATED = "user.reset_link_created"
PASSWORD_RESET = "user.password_reset"  # noqa: S105 (a verb, not a password)

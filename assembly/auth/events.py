"""Accounts' journal verbs."""

USER_CREATED = "user.created"
USER_PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 (a verb, not a password)
USER_UPDATED = "user.updated"
USER_ENABLED = "user.enabled"
USER_DISABLED = "user.disabled"
RESET_LINK_CREATED = "user.reset_link_created"
PASSWORD_RESET = "user.password_reset"  # noqa: S105 (a verb, not a password)
# A link to choose a new password, sent by e-mail to an account that asked ("mot de passe
# oublié ?", assembly/messages/recovery.py); the actor is nobody: whoever typed the address.
RECOVERY_LINK_SENT = "user.recovery_link_sent"
# Asked once too often within the hour: no link, and the page says the same as ever.
RECOVERY_LINK_HELD = "user.recovery_link_held"

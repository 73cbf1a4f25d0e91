"""Minutes' journal verbs."""

MINUTES_SAVED = "minutes.saved"
MINUTES_REDRAFTED = "minutes.redrafted"
MINUTES_PUBLISHED = "minutes.published"
MINUTES_UNPUBLISHED = "minutes.unpublished"

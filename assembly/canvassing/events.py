"""Door-knocking's journal verbs. None is told on a need's public trace: a visit's
need tells its own story (need.submitted, channel door-knocking)."""

CANVASS_CREATED = "canvass.created"
CANVASS_EDITED = "canvass.edited"
CANVASS_VISIT_LOGGED = "canvass.visit_logged"

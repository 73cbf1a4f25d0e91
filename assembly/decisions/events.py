"""Decisions' journal verbs; a need's trace tells the decisions taken about it."""

from assembly.trace.sentences import tells

DECISION_CREATED = "decision.created"
DECISION_EDITED = "decision.edited"
DECISION_DELETED = "decision.deleted"
DECISION_OPENED = "decision.opened"
DECISION_CLOSED = "decision.closed"
DECISION_HANDS = "decision.hands"
DECISION_CORRECTED = "decision.corrected"
DECISION_OBJECTION = "decision.objection"
DECISION_RESOLVED = "decision.resolved"
DECISION_ARGUED = "decision.argued"
# The "closes in a day" notices were written (how many, no names): written once.
DECISION_REMINDED = "decision.reminded"
NEED_DECIDED = "need.decided"

# A decision corrected after closing tells its needs again: one line, its latest result.
tells(NEED_DECIDED, "decisions/_events.html", "need_decided", once_per="decision_id")

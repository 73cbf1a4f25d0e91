"""Consultations' journal verbs."""

CONSULTATION_CREATED = "consultation.created"
CONSULTATION_CHANGED = "consultation.changed"
CONSULTATION_OPENED = "consultation.opened"
CONSULTATION_FINAL = "consultation.final"
CONTRIBUTION_MADE = "consultation.contributed"
CONTRIBUTION_MODERATED = "consultation.moderated"
CONTRIBUTION_ANSWERED = "consultation.answered"

"""People: the group's contact book, consents, one-to-ones and the ladder of engagement."""

"""Minutes: the app drafts the compte rendu of a meeting; the secretary edits and publishes."""

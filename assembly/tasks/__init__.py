"""Tasks: who does what by when, followed up at the next meeting."""

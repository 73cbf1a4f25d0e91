"""What can happen to a meeting: `planning` before it, `live` during it."""

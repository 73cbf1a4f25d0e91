"""Decision forms, split as the views are."""

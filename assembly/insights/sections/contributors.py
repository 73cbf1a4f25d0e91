"""The report's section: contributors (to be written)."""

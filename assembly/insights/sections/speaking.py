"""The report's section: speaking (to be written)."""

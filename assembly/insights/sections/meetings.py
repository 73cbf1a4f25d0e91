"""The report's section: meetings (to be written)."""

"""The report's section: contributions (to be written)."""

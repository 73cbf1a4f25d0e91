"""The report's section: campaigns (to be written)."""

"""The report's section: funnel (to be written)."""

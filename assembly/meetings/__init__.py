"""Meetings: plan an assembly, sign people in, facilitate it live from a laptop."""

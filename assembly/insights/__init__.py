"""Retour d'expérience: who takes part, what they said, what became of it.

The report adds up the group's records for a period (contributions by type and channel,
who contributes and how concentrated, meetings and speaking shares, the funnel from a
need to its outcome, campaigns' demands and commitments), with every cell under five
people suppressed; the lexical analysis reads what people wrote; the open data is the
same figures as CSV with a Frictionless data package. An observer (a researcher) reads
them, nothing personal.
"""

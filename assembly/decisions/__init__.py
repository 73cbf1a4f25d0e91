"""Decisions: counted hands, phone ballots, consent rounds, majority judgment, online."""

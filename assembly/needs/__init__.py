"""Needs: what residents live with, voiced from any phone, gathered and followed to the end."""

"""Accounts: signing in and out, profile, password, the instance's users."""

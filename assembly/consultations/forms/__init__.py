"""Forms of consultations, one module per concern: `text` (the team's settings and text)."""

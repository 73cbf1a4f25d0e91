"""What can happen to a decision. Each function commits and writes the journal.

`core` holds what every decision goes through (create, open, tally, close); `voting`
the roll and the ballot box (who has voted, and what);
`meeting` what only a meeting does (hands, consent rounds); `online` what only an
online decision does (its period, arguments for and against).
"""

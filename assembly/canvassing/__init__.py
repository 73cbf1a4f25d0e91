"""Door-knocking (porte-à-porte): listening campaigns, the doors knocked, what was heard.

An organizer opens a campaign over a list of buildings or streets and names its
team; the team logs each door from a phone; needs raised at the door become needs
of the group (channel "door-knocking"); the campaign page shows the progress per
building and the themes that come up most.
"""

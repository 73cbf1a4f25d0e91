"""Door-knocking (porte-à-porte): canvasses, the doors knocked, what was heard.

A canvass is one round of door-knocking (une tournée): an organizer opens it over a
list of buildings or streets and names its team; the team logs each door from a
phone; needs raised at the door become needs of the group (channel "door-knocking");
the canvass page shows the progress per building and the themes that come up most.
The word "campaign" belongs to community-organizing campaigns, not to this feature.
"""

"""Campaigns (« de la colère à la victoire »): from the needs a group gathers to a chosen
issue, a strategy chart, demands to a named target, escalating actions, the target's
commitments held to their word, a petition, and the outcome told back to every need.

A candidate campaign is an issue (un enjeu) the team weighs; the group chooses one by a
majority-judgment decision and it becomes active. Door-knocking rounds are `Canvass`
(canvassing/): the word "campaign" belongs to this feature alone.
"""

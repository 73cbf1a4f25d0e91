"""Decisions in words: methods, outcomes, grades and sides, for pages, exports and minutes."""

from flask_babel import lazy_gettext as _l

from assembly.decisions.models import Grade, Method, Outcome, Side

METHOD_NAMES = {
    Method.HANDS: _l("Show of hands"),
    Method.BALLOT: _l("Ballot: yes, no, abstain"),
    Method.CONSENT: _l("Consent round"),
    Method.JUDGMENT: _l("Majority judgment"),
}
OUTCOME_NAMES = {
    Outcome.ADOPTED: _l("Adopted"),
    Outcome.REJECTED: _l("Rejected"),
    Outcome.CHOSEN: _l("Option chosen"),
    Outcome.TIED: _l("Tied: nothing decided"),
    Outcome.TO_VOTE: _l("Sent to a vote"),
    Outcome.VOID: _l("Nobody voted"),
}
GRADE_NAMES = {
    Grade.VERY_GOOD: _l("Very good"),
    Grade.GOOD: _l("Good"),
    Grade.FAIR: _l("Fair"),
    Grade.PASSABLE: _l("Passable"),
    Grade.INSUFFICIENT: _l("Insufficient"),
    Grade.REJECT: _l("To reject"),
}
SIDE_NAMES = {Side.FOR: _l("For"), Side.AGAINST: _l("Against")}

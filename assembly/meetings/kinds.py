"""The words a meeting is described with: its kind and state, the order of its speaking
list, a turn's kind, what a person says of themself at sign-in, an answer to an invitation.

Each carries its translated labels (`assembly.enums.Labelled`); the models store their values.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from assembly.enums import Labelled


class Kind(Labelled, StrEnum):
    __labels__ = {
        "assembly": _l("Assembly"),
        "neighbourhood": _l("Neighbourhood meeting"),
        "workshop": _l("Workshop"),
        "action": _l("Campaign action"),
        "other": _l("Other"),
    }

    ASSEMBLY = "assembly"
    NEIGHBOURHOOD = "neighbourhood"
    WORKSHOP = "workshop"
    ACTION = "action"  # held for a campaign's action (campaigns.models.Action)
    OTHER = "other"


class State(Labelled, StrEnum):
    """Planned, then live, then closed; or cancelled before it starts (and planned again
    while its start is still ahead: operations/cancelling.py)."""

    __labels__ = {
        "planned": _l("Planned"),
        "live": _l("Live"),
        "closed": _l("Closed"),
        "cancelled": _l("Cancelled"),
    }

    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class OrderRule(Labelled, StrEnum):
    """How the speaking list is ordered (see assembly/meetings/speaking.py)."""

    __labels__ = {
        "first_come": _l("First come, first served: people speak in the order they asked."),
        "newcomers_first": _l(
            "Newcomers first: whoever has not spoken yet goes before those who have."
        ),
        "alternate": _l(
            "Alternation: when both wait, a man speaks after someone who is not, and the other way."
        ),
    }

    FIRST_COME = "first_come"
    NEWCOMERS_FIRST = "newcomers_first"
    ALTERNATE = "alternate"


class TurnKind(Labelled, StrEnum):
    __labels__ = {
        "normal": _l("to speak"),
        "reply": _l("direct reply"),
        "order": _l("point of order"),
    }

    NORMAL = "normal"
    REPLY = "reply"  # a direct reply jumps the queue…
    ORDER = "order"  # …and a point of order jumps it first


class Gender(Labelled, StrEnum):
    """Declared at sign-in, optional. Alternation: men on one side, everyone else on the other."""

    __labels__ = {
        "woman": _l("woman"),
        "man": _l("man"),
        "other": _l("other"),
        "unsaid": _l("prefer not to say"),
    }

    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    UNSAID = "unsaid"


class AgeBracket(Labelled, StrEnum):
    """Declared at sign-in, optional; only ever counted. The values are the rows' text."""

    __labels__ = {
        "under 18": _l("under 18"),
        "18–29": _l("18–29"),
        "30–44": _l("30–44"),
        "45–64": _l("45–64"),
        "65+": _l("65 and over"),
    }

    UNDER_18 = "under 18"
    FROM_18 = "18–29"
    FROM_30 = "30–44"
    FROM_45 = "45–64"
    FROM_65 = "65+"


class Answer(Labelled, StrEnum):
    __labels__ = {
        "yes": _l("Yes, I will come"),
        "maybe": _l("Maybe"),
        "no": _l("No, I cannot come"),
    }

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"

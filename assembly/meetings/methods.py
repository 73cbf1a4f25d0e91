"""A small library of popular-education methods for an agenda item.

Each method has a name and a two-line explanation that the facilitator reads next to
the item. The keys are stored in `AgendaItem.method`; an unknown or empty key simply
means no method was chosen.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Method:
    name: str
    explanation: str


OPEN = "open"

METHODS: dict[str, Method] = {
    OPEN: Method(
        _l("Open discussion"),
        _l(
            "The facilitator gives the floor in the order of the speaking list and keeps to "
            "the timebox. At the end, they sum up where the group stands and what comes next."
        ),
    ),
    "go_round": Method(
        _l("Go-round (tour de table)"),
        _l(
            "Everyone speaks in turn, briefly, and nobody interrupts or answers. Good for "
            "opening a meeting, hearing every voice once, or closing with how people feel."
        ),
    ),
    "small_groups": Method(
        _l("Small groups"),
        _l(
            "The room splits into groups of three to six that work on the same question for "
            "a set time, then each group reports back in a few sentences. Quiet people speak more."
        ),
    ),
    "moving_debate": Method(
        _l("Moving debate (débat mouvant)"),
        _l(
            "A statement that divides is read out; people stand on the side of the room that "
            "agrees or disagrees and take turns giving reasons. Anyone convinced crosses over."
        ),
    ),
    "world_cafe": Method(
        _l("World café"),
        _l(
            "Small tables, each with a question and a host who stays. The others change "
            "tables every round and build on what the previous group wrote down."
        ),
    ),
    "speech_bearer": Method(
        _l("Street question board (porteur de parole)"),
        _l(
            "A question is written in large letters in a public place and passers-by are "
            "invited to answer; their words are written up for others to read."
        ),
    ),
    "arpentage": Method(
        _l("Shared reading (arpentage)"),
        _l(
            "A long text is split into parts and each person reads one part alone. Then "
            "everyone tells what they read, and the group discusses the whole."
        ),
    ),
    "vote": Method(
        _l("Time to vote"),
        _l(
            "The question and the options are stated clearly, and everyone checks they "
            "understand them. Then people vote by show of hands or on paper; the result is noted."
        ),
    ),
}

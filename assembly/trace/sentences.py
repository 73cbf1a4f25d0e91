"""How the journal reads: each feature says which of its macros tells each of its verbs.

The shared macro (templates/_macros/trace.html) only dispatches: it shows the events
whose verb a feature registered here, in the sentence that feature's macro renders,
and leaves the others out. A verb registered `once_per` a payload key is told once per
value of that key (the latest event): a decision corrected after closing is one line
on a need's trace, in its latest words, not two. The shared floor never imports a
feature: a feature calls `tells` from its `events` module, which its operations import
to write those verbs.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, get_template_attribute
from markupsafe import Markup

from assembly.trace.models import Event


@dataclass(frozen=True)
class Sentence:
    """Where an event's sentence is written: a macro of a template, called with the event."""

    template: str
    macro: str
    once_per: str | None = None


SENTENCES: dict[str, Sentence] = {}


def tells(verb: str, template: str, macro: str, *, once_per: str | None = None) -> None:
    """Show events of `verb` on a trace, in the words of `macro` in `template`.

    With `once_per`, only the latest event for each value of that payload key is shown.
    """
    SENTENCES[verb] = Sentence(template, macro, once_per)


def is_told(verb: str) -> bool:
    """Whether a trace shows events of `verb` (only registered verbs are told)."""
    return verb in SENTENCES


def told(events: Iterable[Event]) -> list[Event]:
    """The events a trace shows, in their order: registered verbs, each `once_per` key once."""
    events = [event for event in events if event.verb in SENTENCES]
    latest: dict[tuple[str, object], Event] = {}
    for event in events:
        key = SENTENCES[event.verb].once_per
        if key is not None:
            latest[event.verb, (event.payload or {}).get(key)] = event
    return [
        event
        for event in events
        if SENTENCES[event.verb].once_per is None
        or latest[event.verb, (event.payload or {}).get(SENTENCES[event.verb].once_per)] is event
    ]


def sentence(event: Event) -> Markup | None:
    """The event's sentence, or None when no feature tells its verb."""
    told = SENTENCES.get(event.verb)
    if told is None:
        return None
    return get_template_attribute(told.template, told.macro)(event)


def init_sentences(app: Flask) -> None:
    """Give templates the dispatcher the trace macro calls."""
    app.add_template_global(is_told, "journal_tells")
    app.add_template_global(told, "journal_told")
    app.add_template_global(sentence, "journal_sentence")

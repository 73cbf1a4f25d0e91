"""How the journal reads: each feature says which of its macros tells each of its verbs.

The shared macro (templates/_macros/trace.html) only dispatches: it shows the events
whose verb a feature registered here, in the sentence that feature's macro renders,
and leaves the others out. The shared floor never imports a feature: a feature calls
`tells` from its `events` module, which its operations import to write those verbs.
"""

from dataclasses import dataclass

from flask import Flask, get_template_attribute
from markupsafe import Markup

from assembly.trace.models import Event


@dataclass(frozen=True)
class Sentence:
    """Where an event's sentence is written: a macro of a template, called with the event."""

    template: str
    macro: str


SENTENCES: dict[str, Sentence] = {}


def tells(verb: str, template: str, macro: str) -> None:
    """Show events of `verb` on a trace, in the words of `macro` in `template`."""
    SENTENCES[verb] = Sentence(template, macro)


def is_told(verb: str) -> bool:
    """Whether a trace shows events of `verb` (only registered verbs are told)."""
    return verb in SENTENCES


def sentence(event: Event) -> Markup | None:
    """The event's sentence, or None when no feature tells its verb."""
    told = SENTENCES.get(event.verb)
    if told is None:
        return None
    return get_template_attribute(told.template, told.macro)(event)


def init_sentences(app: Flask) -> None:
    """Give templates the dispatcher the trace macro calls."""
    app.add_template_global(is_told, "journal_tells")
    app.add_template_global(sentence, "journal_sentence")

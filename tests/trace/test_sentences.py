"""The trace tells only the verbs a feature registered, in that feature's words."""

from datetime import datetime
from types import SimpleNamespace

from flask import g, get_template_attribute
from flask_babel import force_locale

from assembly.trace import sentences
from assembly.trace.models import Event


def told(app, *events: Event) -> str:
    """The shared trace macro's HTML for these events, in English."""
    with app.test_request_context(), force_locale("en"):
        g.group = SimpleNamespace(slug="glycines")
        return str(get_template_attribute("_macros/trace.html", "trace")(list(events)))


def event(verb: str, **payload) -> Event:
    return Event(verb=verb, payload=payload, created_at=datetime(2026, 11, 29, 18, 0))


def test_a_registered_verb_reads_in_its_features_words(app):
    html = told(app, event("need.submitted", channel="paper"))
    assert "Voiced (paper form)." in html
    assert html.count("<li>") == 1


def test_an_unregistered_verb_is_left_out(app):
    html = told(app, event("need.supported", channel="web"), event("nobody.registered_this"))
    assert "<li>" not in html


def test_a_verb_is_told_once_its_feature_registers_it(app, monkeypatch):
    monkeypatch.setattr(sentences, "SENTENCES", dict(sentences.SENTENCES))
    assert "<li>" not in told(app, event("need.supported"))
    sentences.tells("need.supported", "needs/_events.html", "approved")
    assert "Published after review." in told(app, event("need.supported"))


def test_a_members_only_decision_tells_the_public_only_that_one_was_taken(app):
    html = told(
        app,
        event(
            "need.decided", decision_id=7, question="Secret plan?", outcome="adopted", public=False
        ),
    )
    assert "A members' decision was taken about it." in html
    assert "Secret plan" not in html and "adopted" not in html


def test_a_public_decision_links_to_it_and_escapes_its_question_once(app):
    html = told(
        app,
        event(
            "need.decided", decision_id=7, question="Rent < 500?", outcome="adopted", public=True
        ),
    )
    assert '<a href="/g/glycines/decisions/7">Rent &lt; 500?</a> — adopted.' in html

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
    assert "The members took a decision about it." in html
    assert "Secret plan" not in html and "adopted" not in html


def test_a_public_decision_links_to_it_and_escapes_its_question_once(app):
    html = told(
        app,
        event(
            "need.decided", decision_id=7, question="Rent < 500?", outcome="adopted", public=True
        ),
    )
    link = '<a href="/g/glycines/decisions/7"><bdi>Rent &lt; 500?</bdi></a>'
    assert f"“{link}”: yes, adopted." in html


def decided(outcome="chosen", *, public=True, **payload) -> Event:
    return event(
        "need.decided", decision_id=7, question="Quelle fête ?", outcome=outcome, public=public,
        **payload,
    )  # fmt: skip


def test_a_chosen_option_is_named_and_an_older_event_without_it_still_reads(app):
    assert "”: “Pique-nique” was chosen." in told(app, decided(option="Pique-nique"))
    older = told(app, decided())
    assert "one of the options was chosen; the decision's page says which." in older
    assert "an option was chosen" not in older


def test_a_decision_told_again_after_a_correction_is_one_line_in_its_latest_words(app):
    html = told(
        app,
        decided("rejected"),
        event("need.submitted", channel="web"),
        decided("adopted", corrected=True),
    )
    assert html.count("<li>") == 2
    assert "not adopted" not in html and "yes, adopted. (Result corrected" in html


def test_a_members_only_decision_corrected_is_still_told_once(app):
    html = told(app, decided("rejected", public=False), decided("adopted", public=False))
    assert html.count("The members took a decision about it.") == 1
    assert "Quelle fête" not in html


def test_a_need_on_the_same_meetings_agenda_twice_is_told_once(app):
    agenda = {"meeting_title": "Assemblée", "date": "2026-12-03T17:30:00", "public": True}
    html = told(
        app,
        event("need.on_agenda", meeting_id=1, **agenda),
        event("need.on_agenda", meeting_id=1, **agenda),
        event("need.on_agenda", meeting_id=2, **agenda),
    )
    assert html.count("<li>") == 2

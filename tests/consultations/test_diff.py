"""The word-level difference between a paragraph and its rewriting, on worked examples.

Each example is written as the reader should see it: `~~deleted~~`, `__inserted__`, the
rest as it stands.
"""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assembly.consultations.diff import changed, diff, tokens

nfc = lambda text: unicodedata.normalize("NFC", text)  # noqa: E731
NBSP, NNBSP = "\u00a0", "\u202f"  # non-breaking space, narrow non-breaking space


def shown(before: str, after: str) -> str:
    """The difference as marked-up text."""
    marks = {"same": "{}", "deleted": "~~{}~~", "inserted": "__{}__"}
    return "".join(marks[s.op].format(s.text) for s in diff(before, after))


LIFTS = "Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours."


@pytest.mark.parametrize(
    ("before", "after", "seen"),
    [
        # One word changed: only that word.
        (LIFTS, LIFTS.replace("huit", "quinze"), LIFTS.replace("huit", "~~huit~~__quinze__")),
        # French punctuation typed with a plain space, or none, where the text has a narrow
        # or a non-breaking one: the same text.
        (f"huit jours{NNBSP}!", "huit jours !", "huit jours !"),
        (f"les travaux{NBSP}; puis", "les travaux; puis", "les travaux; puis"),
        (f"«{NBSP}Tout de suite{NBSP}»", "« Tout de suite »", "« Tout de suite »"),
        # A mark changed reads with the word it is written against, not as a lone dot.
        (f"huit jours{NNBSP}?", "huit jours !", f"huit ~~jours{NNBSP}?~~__jours !__"),
        ("sous huit jours.", "sous huit jours !", "sous huit ~~jours.~~__jours !__"),
        ("les travaux ; puis", "les travaux, puis", "les ~~travaux ;~~__travaux,__ puis"),
        ("les travaux puis", "les travaux, puis", "les ~~travaux~~__travaux,__ puis"),
        # Guillemets for quotation marks: the quoted word changes with them.
        (
            f"Le «{NBSP}plan{NBSP}» du bailleur",
            "Le “plan” du bailleur",
            f"Le ~~«{NBSP}plan{NBSP}»~~__“plan”__ du bailleur",
        ),
        # Accents are letters: é is not e, and the whole word shows the change.
        ("la réparation", "la reparation", "la ~~réparation~~__reparation__"),
        ("la réparation urgente", "la réparation rapide", "la réparation ~~urgente~~__rapide__"),
        # …but an accent typed as a letter and a combining mark is the same letter.
        ("la réparation", unicodedata.normalize("NFD", "la réparation"), "la réparation"),
        # The typewriter apostrophe is the typographic one; a word with it is one word.
        ("de l’ascenseur", "de l'ascenseur", "de l'ascenseur"),
        ("de l’ascenseur", "de l’escalier", "de ~~l’ascenseur~~__l’escalier__"),
        ("peut-être demain", "sans doute demain", "~~peut-être~~__sans doute__ demain"),
        # A word moved: deleted where it was, inserted where it goes.
        (
            "Nous demandons la réparation des ascenseurs sous huit jours.",
            "Sous huit jours, nous demandons la réparation des ascenseurs.",
            "~~Nous~~__Sous huit jours, nous__ demandons la réparation des ascenseurs"
            "~~ sous huit jours~~.",
        ),
        # Rewritten in a few words: one change, not three.
        ("le grand immeuble de la rue", "la petite tour de la rue", None),
        # Empty sides.
        ("", "Un ascenseur de secours.", "__Un ascenseur de secours.__"),
        ("Un ascenseur de secours.", "", "~~Un ascenseur de secours.~~"),
        ("", "", ""),
        # Line breaks are kept where the text has them.
        ("- un\n- deux\n- trois", "- un\n- quatre\n- trois", "- un\n- ~~deux~~__quatre__\n- trois"),
    ],
)
def test_worked_examples(before, after, seen):
    if seen is None:
        seen = "~~le grand immeuble~~__la petite tour__ de la rue"
    assert shown(before, after) == seen
    assert changed(before, after) == ("~~" in seen or "__" in seen)


def test_a_paragraph_rewritten_reads_as_one_deletion_then_one_insertion():
    """Not a flurry of « la », « du » and « ascenseurs » kept here and there."""
    after = "Le bailleur doit remettre en marche les deux ascenseurs avant la fin du mois."
    assert [s.op for s in diff(LIFTS, after)] == ["deleted", "inserted", "same"]
    assert diff(LIFTS, after)[2].text == "."


def test_a_sentence_added_in_the_middle_keeps_the_rest_whole():
    after = LIFTS.replace(" sous", ", que le bailleur a promis de réparer, sous")
    assert shown(LIFTS, after) == LIFTS.replace(
        "C sous", "C__, que le bailleur a promis de réparer,__ sous"
    )


def test_a_line_break_alone_is_not_a_change_and_the_new_layout_is_shown():
    assert not changed("un\ndeux", "un deux")
    assert shown("un\ndeux", "un deux") == "un deux"
    assert shown("un deux", "un\ndeux") == "un\ndeux"


def test_words_keep_their_apostrophes_and_hyphens():
    assert tokens("L’arrêt d'urgence, peut-être\u202f!") == [
        "L’arrêt",
        " d'urgence",
        ",",
        " peut-être",
        "\u202f!",
    ]


PIECES = [*"abé e’'-.,;!?«»\n", NBSP, NNBSP, "ça", "la", "de", "e\u0301"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(before=TEXTS, after=TEXTS)
def test_the_segments_give_back_both_texts(before, after):
    segments = diff(before, after)
    # The second text as written (its accents in Unicode's composed form, NFC).
    assert "".join(s.text for s in segments if s.op != "deleted") == nfc(after)
    kept = "".join(s.text for s in segments if s.op != "inserted")
    assert not changed(before, kept)  # the first text, as typed in the second's spaces
    assert all(s.text for s in segments)
    assert all(one.op != two.op for one, two in zip(segments, segments[1:], strict=False))
    assert changed(before, after) == any(s.op != "same" for s in segments)


def render_diff(app, before, after):
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "fr"}):
        return render_template_string(
            '{% from "consultations/_diff.html" import diff_text %}'
            "{{ diff_text(text_diff(before, after)) }}",
            before=before,
            after=after,
        )


def test_the_difference_is_marked_in_words_not_colour_alone(app):
    html = render_diff(app, "sous huit jours", "sous quinze jours")
    assert '<del><span class="visually-hidden">[supprimé\u00a0:</span>huit' in html
    assert '<ins><span class="visually-hidden">[ajouté\u00a0:</span>quinze' in html


def test_an_amendment_is_shown_as_text_never_as_markup(app):
    html = render_diff(app, "Nous demandons.", 'Nous <script>alert("x")</script> demandons.')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html

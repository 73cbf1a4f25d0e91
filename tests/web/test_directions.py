"""Both reading directions from one stylesheet: Arabic pages read right to left, the others
left to right, and the stylesheet names sides by where a line starts, never left or right.

The browser half (tests/browser/test_right_to_left.py) looks at the pages themselves.
"""

import re

import pytest
from babel.messages.pofile import read_po

from assembly.config import LANGUAGES
from assembly.paths import STATIC, TRANSLATIONS
from assembly.web.i18n import RIGHT_TO_LEFT

COMMENT = re.compile(r"/\*.*?\*/", re.S)
# A side named by the screen where CSS names it by the line: margin-inline-start and its kin.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)[\w-]*|left|right)\s*:"
    r"|(?<![\w-])(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)
# A four-value shorthand whose left and right differ (top right bottom left).
SHORTHAND = re.compile(
    r"(?<![\w-])(margin|padding|inset|border-width|border-style|border-color)\s*:\s*([^;}]+)"
)
# The words kept physical on purpose carry this mark in a comment on their line.
ON_PURPOSE = "physical:"
ARROWS = re.compile("[←→]")
# The power map is drawn, not written: its axes run left to right in every language.
DRAWN_ARROWS = {"← against", "for →", "influence →"}


def sided_declarations(css: str) -> list[str]:
    """The declarations of `css` that name a physical side, with their line number."""
    found = []
    # A comment over several lines is prose; a comment on one line may mark its line.
    css = COMMENT.sub(
        lambda m: m.group(0) if "\n" not in m.group(0) else "\n" * m.group(0).count("\n"), css
    )
    for number, line in enumerate(css.splitlines(), 1):
        if ON_PURPOSE in line:
            continue
        code = COMMENT.sub("", line)
        found += [f"{number}: {m.group(0)}" for m in PHYSICAL.finditer(code)]
        for m in SHORTHAND.finditer(code):
            values = m.group(2).split()
            if len(values) == 4 and values[1] != values[3]:
                found.append(f"{number}: {m.group(0).strip()}")
    return found


def test_the_stylesheet_names_no_physical_side():
    assert sided_declarations((STATIC / "style.css").read_text()) == []


@pytest.mark.parametrize(
    "declaration",
    [
        "p { margin-left: 1rem; }",
        "p { padding-right: 0; }",
        "p { border-left: 3px solid; }",
        "p { border-right-color: red; }",
        "p { text-align: right; }",
        "p { float: left; }",
        ".x { position: absolute; left: -999px; }",
        "p { padding: 0 .4rem .2rem 0; }",
        "p { margin: 0 0 .4rem 1rem; }",
    ],
)
def test_the_check_catches_each_physical_side(declaration):
    assert sided_declarations(declaration)


@pytest.mark.parametrize(
    "declaration",
    [
        "p { margin-inline-start: 1rem; padding-inline: .5rem; }",
        "p { border-inline-start: 3px solid; text-align: end; }",
        "p { padding: .2rem .4rem; margin: 0 auto 1rem auto; }",
        ".x { inset-inline-start: 0; top: 0; }",
        "p { margin-left: 1px; } /* physical: a drawing, not text */",
        "tr { justify-content: flex-start; }",
    ],
)
def test_the_check_lets_logical_sides_pass(declaration):
    assert sided_declarations(declaration) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_reads_in_its_own_direction(client, group, language):
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    client.set_cookie("lang", language)
    for path in ("/login", "/j", "/data", f"/g/{group.slug}/"):
        html = client.get(path).get_data(as_text=True)
        assert f'<html lang="{language}" dir="{direction}">' in html, path


def test_arabic_is_right_to_left():
    assert "ar" in RIGHT_TO_LEFT and "ar" in LANGUAGES


def test_no_translated_string_carries_an_arrow():
    """An arrow in a sentence keeps its way when the page turns: arrows come from the
    stylesheet (a[rel=prev], button.back…), which turns them with the page."""
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        catalog = read_po(pot)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert {i for i in ids if ARROWS.search(i)} == DRAWN_ARROWS

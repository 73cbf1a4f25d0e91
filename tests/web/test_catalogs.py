"""The shipped catalogs are complete: French first, English too."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_has_no_empty_or_fuzzy_entry(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"empty: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_covers_every_extracted_string(language):
    with TEMPLATE.open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        present = {m.id for m in read_po(po, locale=language) if m.id}
    assert wanted <= present, f"run `make i18n`: missing {sorted(map(str, wanted - present))[:5]}"


def test_placeholders_survive_translation():
    import re

    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        names = set(re.findall(r"%\((\w+)\)", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\((\w+)\)", string)) <= names | {"count", "num"}, message.id

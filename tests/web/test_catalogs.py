"""Every shipped catalog is complete: French first, then every language of the switcher."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from assembly.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"


@pytest.mark.parametrize("language", LANGUAGES)
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


def strings_in_the_sources() -> set:
    """Extract the msgids from the code and templates now, as `make i18n` does."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    scanned = (ROOT / "assembly", ROOT / "templates")

    def wanted_folder(path: str) -> bool:
        folder = Path(path)
        return folder == ROOT or any(folder.is_relative_to(top) for top in scanned)

    extracted = extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords, directory_filter=wanted_folder
    )
    return {message for _file, _line, message, _comments, _context in extracted}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_every_string_of_the_sources(language):
    wanted = strings_in_the_sources()
    assert len(wanted) > 100
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        present = {m.id for m in read_po(po, locale=language) if m.id}
    missing = sorted(map(str, wanted - present))
    assert not missing, f"run `make i18n` and translate: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_markup_survive_translation(language):
    """A translation keeps the msgid's %(names)s and its HTML tags (plural forms may add the
    count), and holds no bare `%` (Jinja formats every translation it renders: « 10 % les »
    raises); else a page would crash or show raw markup in that language only."""
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        names = set(re.findall(r"%\((\w+)\)", ids[0]))
        tags = sorted(re.findall(r"</?[a-z]+", ids[0]))
        for string in filter(None, strings):
            if not set(re.findall(r"%\((\w+)\)", string)) <= names | {"count", "num"}:
                problems.append(f"placeholder: {message.id!r} → {string!r}")
            if "%" in re.sub(r"%\(\w+\)[sd]|%%", "", string):
                problems.append(f"bare %, write it in words: {message.id!r} → {string!r}")
            if sorted(re.findall(r"</?[a-z]+", string)) != tags:
                problems.append(f"markup: {message.id!r} → {string!r}")
    assert not problems, "\n".join(problems)


def test_french_punctuation_keeps_its_space_on_the_same_line():
    """In French a space goes before : ; ! ? and » and after «; a no-break one, so that a
    narrow phone never starts a line with the mark alone ("Code de la réunion" / ": Y76F6").
    SMS make it a plain space again (messages/sms.py: plain_typography)."""
    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    breakable = re.compile(r" [:;!?»]|« ")
    problems = [
        f"{message.id!r} → {string!r}"
        for message in catalog
        if message.id
        for string in (message.string if isinstance(message.string, tuple) else (message.string,))
        if breakable.search(string)
    ]
    assert not problems, "use a no-break space (U+00A0):\n" + "\n".join(problems[:10])

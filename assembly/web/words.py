"""French words, one way for the whole app: split a text, leave out the stop words, stem.

The needs' search (`needs.search`) indexes and queries these stems, and the report's
lexical analysis (`insights.lexicon`) counts them, so that "ascenseurs" finds
"ascenseur" in the search box and the two are one term in the analysis. Stop words are
the kept French list of `stop-words`; single letters go with them ("l'ascenseur"
splits into "l" and "ascenseur", and "l" is no word).
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _french():
    """The French stop words and stemmer, loaded at the first word stemmed (3 MB that
    a process serving no search or report never holds)."""
    import snowballstemmer
    from stop_words import get_stop_words

    return frozenset(get_stop_words("fr")), snowballstemmer.stemmer("french")


def tokens(text: str | None) -> list[str]:
    """The words of a text, lowercased, in order ("L’ascenseur" → ["l", "ascenseur"])."""
    return WORD.findall((text or "").lower())


def unaccent(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@cache
def stem(word: str) -> str:
    """A word's French stem without accents, or "" for a stop word.

    Stemmed before the accents go: Snowball reads "cassée" as a participle ("cass").
    """
    word = word.lower()
    stop_words, stemmer = _french()
    if len(word) < 2 or word in stop_words:
        return ""
    return unaccent(stemmer.stemWord(word))


def own_stop_stems(lines: str | Iterable[str]) -> frozenset[str]:
    """The stems of a group's own stop words (one per line): "Glycines" leaves out
    "glycine" too, as the analysis compares stems."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    return frozenset(s for line in lines for s in map(stem, tokens(line)) if s)


def terms(text: str | None, stop: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """(stem, word as written, lowercased) for each word of a text that counts in an
    analysis: no stop word, no stem in `stop`, no bare number ("2026", "3e" stays)."""
    for word in tokens(text):
        if word.isdigit():
            continue
        found = stem(word)
        if found and found not in stop:
            yield found, word

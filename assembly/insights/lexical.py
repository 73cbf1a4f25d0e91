"""What was said: the most frequent terms, the ones that go together, and the ones that set
a theme or a place apart from the rest.

A term is a French stem (`web.words`: "ascenseurs" and "ascenseur" are one term), shown
as the form people wrote most often. The analysis of a period is computed once and kept
(`insights.snapshots`) under a name that says what its reader may read, so the page
costs the same at a thousand contributions or a hundred thousand; what is kept is
bounded (the top terms, pairs and distinctive terms), never the texts.
"""

from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from assembly.groups.models import Group
from assembly.insights import snapshots
from assembly.insights.figures import SMALL, log_likelihood
from assembly.insights.lexicon import SOURCES, Filters, Reader, Text, texts
from assembly.insights.models import Snapshot
from assembly.insights.period import Period
from assembly.web.words import own_stop_stems, stem, terms, tokens

TOP_TERMS = 40
TOP_PAIRS = 20
# Pairs are counted among this many most frequent terms only: the rest go together too
# seldom to make the list, and counting every pair of every text would cost the square.
PAIR_POOL = 100
KEY_TERMS = 8  # distinctive terms shown per theme or place
KEY_PARTS = 10  # the themes or places with the most contributions
# G² above 6.63: the difference would arise by chance less than once in a hundred.
G2_THRESHOLD = 6.63
# A theme or place needs this many contributions for its distinctive terms to mean much.
PART_AT_LEAST = SMALL


def surface(forms: Counter) -> str:
    """The form people wrote most often (alphabetical first on a tie)."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def place_key(place: str) -> str:
    """Places written alike, case and spaces aside, are one place."""
    return " ".join(place.split()).casefold()


def analyse(found: Iterable[Text], stop: frozenset[str] = frozenset(), shared_by: int = 1):
    """The analysis of `found` texts, JSON-able: counts, top terms, pairs, distinctive terms.

    Only terms used by at least `shared_by` distinct contributions count anywhere (top,
    pairs, keyness); `stop` holds the group's own stop words' stems.
    """
    frequency, spread, forms = Counter(), Counter(), {}
    by_source, per_text, total = Counter(), [], 0
    parts: dict[str, dict[str, Counter]] = {"themes": {}, "places": {}}
    part_texts: dict[str, Counter] = {"themes": Counter(), "places": Counter()}
    place_forms: dict[str, Counter] = {}
    for text in found:
        by_source[text.source] += 1
        counts = Counter()
        for term, word in terms(text.words, stop):
            counts[term] += 1
            forms.setdefault(term, Counter())[word] += 1
        frequency.update(counts)
        spread.update(counts.keys())
        total += sum(counts.values())
        per_text.append(frozenset(counts))
        keys = {"themes": [str(theme) for theme in text.themes], "places": []}
        if text.place.strip():
            key = place_key(text.place)
            keys["places"].append(key)
            place_forms.setdefault(key, Counter())[text.place.strip()] += 1
        for kind, own in keys.items():
            for key in own:
                parts[kind].setdefault(key, Counter()).update(counts)
                part_texts[kind][key] += 1
    shown = {term for term, texts_ in spread.items() if texts_ >= shared_by}
    ranked = sorted(shown, key=lambda term: (-frequency[term], term))
    names = {term: surface(forms[term]) for term in ranked}
    return {
        "contributions": sum(by_source.values()),
        "words": total,
        "by_source": {source: by_source[source] for source in SOURCES},
        "shared_by": shared_by,
        "terms": [
            {"term": names[term], "count": frequency[term], "contributions": spread[term]}
            for term in ranked[:TOP_TERMS]
        ],
        "pairs": _pairs(per_text, ranked[:PAIR_POOL], names, shared_by),
        "themes": _keyness(parts["themes"], part_texts["themes"], frequency, total, shown, names),
        "places": [
            {**part, "key": surface(place_forms[part["key"]])}
            for part in _keyness(
                parts["places"], part_texts["places"], frequency, total, shown, names
            )
        ],
    }


def _pairs(per_text, pool, names, shared_by) -> list[dict]:
    """The pairs of terms most often used in one contribution together."""
    pool = set(pool)
    together = Counter()
    for used in per_text:
        together.update(combinations(sorted(used & pool), 2))
    ranked = sorted(
        ((pair, count) for pair, count in together.items() if count >= max(2, shared_by)),
        key=lambda item: (-item[1], item[0]),
    )
    return [
        {"terms": [names[first], names[second]], "count": count}
        for (first, second), count in ranked[:TOP_PAIRS]
    ]


def _keyness(parts, part_texts, frequency, total, shown, names) -> list[dict]:
    """For each theme or place of at least PART_AT_LEAST contributions (the KEY_PARTS
    with the most), the terms it uses significantly more than the rest (G² ≥ 6.63)."""
    found = []
    biggest = sorted(part_texts.items(), key=lambda item: (-item[1], item[0]))[:KEY_PARTS]
    for key, contributions in biggest:
        if contributions < PART_AT_LEAST:
            continue
        counts = parts[key]
        size = sum(counts.values())
        scored = []
        for term, a in counts.items():
            if term not in shown:
                continue
            g2 = log_likelihood(a, frequency[term] - a, size, total - size)
            if g2 >= G2_THRESHOLD:
                scored.append((-g2, term, a))
        scored.sort()
        found.append({
            "key": key,
            "contributions": contributions,
            "terms": [
                {"term": names[term], "g2": round(-g2, 1), "count": a}
                for g2, term, a in scored[:KEY_TERMS]
            ],
        })  # fmt: skip
    return found


def analysis(
    group: Group, reader: Reader, period: Period, filters: Filters, stop_words: str
) -> Snapshot:
    """The period's analysis for this reader and these filters, kept a while."""
    name = reader.key(filters.theme, filters.channel, stop_words)
    stop = own_stop_stems(stop_words)
    return snapshots.kept(
        group,
        name,
        period,
        lambda: analyse(texts(group, reader, period, filters), stop, reader.shared_by),
    )


def uses(
    group: Group, reader: Reader, period: Period, filters: Filters, word: str, stop_words: str
) -> list[Text] | None:
    """The texts `reader` may read that use `word`'s term, newest first.

    None when the term is too rare for this reader (fewer than `shared_by` contributions,
    as on the analysis page); [] for a stop word or a word nobody used.
    """
    stop = own_stop_stems(stop_words)
    words = tokens(word)
    target = stem(words[0]) if len(words) == 1 else ""
    if not target or target in stop:
        return []
    found = [
        text
        for text in texts(group, reader, period, filters, matching=word)
        if any(term == target for term, _ in terms(text.words, stop))
    ]
    if 0 < len(found) < reader.shared_by:
        return None
    return sorted(found, key=lambda text: (text.at, text.id), reverse=True)

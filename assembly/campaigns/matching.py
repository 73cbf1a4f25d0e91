"""How two signatures are compared: their names and places reduced to keys.

People write the same name and the same building in many ways: "Awa Diallo", "DIALLO Awa",
"awa  diallo"; "Bâtiment A", "bat. A", "BAT A", "A". The duplicate check and the counts per
building and street compare keys, never the words as typed, and the keys are kept on each
signature (`name_key`, `place_key`) so that both are plain indexed SQL.
"""

import re
import unicodedata

# Letters NFKD does not take apart, as they are spelt without their ligature.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})
# Civilities a name may start with: "Mme Diallo" is Diallo.
CIVILITIES = {"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle"}
# Short forms of the words that name a building or a street, to their full word.
PLACE_WORDS = {
    "bat": "batiment",
    "bt": "batiment",
    "batiment": "batiment",
    "imm": "batiment",
    "immeuble": "batiment",
    "bloc": "batiment",
    "r": "rue",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bvd": "boulevard",
    "bld": "boulevard",
    "pl": "place",
    "all": "allee",
    "imp": "impasse",
    "ch": "chemin",
    "sq": "square",
}
STREETS = {
    "rue",
    "avenue",
    "boulevard",
    "place",
    "allee",
    "impasse",
    "chemin",
    "square",
    "passage",
    "cours",
    "quai",
    "route",
    "residence",
}
HOUSE_NUMBER = re.compile(r"^\d+[a-z]?$")
NUMBER_SUFFIXES = {"bis", "ter", "quater"}


def _words(text: str) -> list[str]:
    """The words of `text` in lower case, without accents or punctuation."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", text.translate(LIGATURES)).split()


def name_key(name: str) -> str:
    """A name as the duplicate check compares it: no case, accents, punctuation or
    civility, and its words in alphabetical order, so that first and last names may come
    in either order ("DIALLO Awa" and "Awa Diallo" are both "awa diallo")."""
    words = [word for word in _words(name) if word not in CIVILITIES]
    return " ".join(sorted(words))[:80]


def place_key(place: str) -> str:
    """A building or a street as the counts group it: no case, accents or punctuation,
    short words spelt out ("Bât. A" and "bat A" are "batiment a"), a lone letter taken for
    a building ("B" is "batiment b"), and a street without its house number ("12 bis rue
    des Lilas" is "rue des lilas"): a street is counted as one place."""
    words = [PLACE_WORDS.get(word, word) for word in _words(place)]
    if len(words) == 1 and len(words[0]) == 1 and words[0].isalpha():
        words = ["batiment", words[0]]
    if any(word in STREETS for word in words):
        while words and (HOUSE_NUMBER.match(words[0]) or words[0] in NUMBER_SUFFIXES):
            words = words[1:]
    return " ".join(words)[:140]

"""The language a person writes in, kept with what she wrote.

A resident may voice a need, an argument or a door note in her own language, not only in
one of the interface's. What she wrote keeps its language (`Written.language`): pages mark
it with `lang` so a screen reader pronounces it, and say which language it is when it is
not the page's. The team may add a French summary beside it (`Written.french_summary`),
never in place of her words.

Language names come from CLDR, each given in its own script and in the page's language,
so these need no catalog entry. The page's language names the others from Babel; each
language's name in itself is written below (`WRITTEN_LANGUAGES`), as CLDR gives it (a test
holds them equal): asking Babel for it loads that language's whole CLDR data, about 1 MB
that Babel keeps for the life of the process, 34 MB for the select's 32 languages.
"""

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db

# The languages most spoken in France's quartiers populaires besides French, then the
# interface's; a longer list would make the select heavier than it helps. Each with its
# name in itself (CLDR's, from Babel 2.19).
WRITTEN_LANGUAGES = {
    "fr": "français",
    "ar": "العربية",
    "kab": "Taqbaylit",
    "en": "English",
    "es": "español",
    "pt": "português",
    "it": "italiano",
    "ro": "română",
    "pl": "polski",
    "ru": "русский",
    "uk": "українська",
    "tr": "Türkçe",
    "ku": "kurdî (kurmancî)",
    "fa": "فارسی",
    "ps": "پښتو",
    "ur": "اردو",
    "bn": "বাংলা",
    "ta": "தமிழ்",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "sq": "shqip",
    "hy": "հայերեն",
    "ka": "ქართული",
    "wo": "Wolof",
    "bm": "bamanakan",
    "ff": "Pulaar",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "am": "አማርኛ",
    "ln": "lingála",
    "sw": "Kiswahili",
    "de": "Deutsch",
}
FRENCH = "fr"


class Written:
    """Columns of a record that holds someone's own words (a mixin for the models)."""

    language: Mapped[str] = mapped_column(String(12), default=FRENCH, server_default=FRENCH)
    french_summary: Mapped[str] = mapped_column(Text, default="", server_default="")

    @property
    def in_another_language(self) -> bool:
        """Whether the words are not in French, the group's working language: pages then
        name their language, and the team may add a French summary."""
        return self.language != FRENCH


def language_name(code: str) -> str:
    """A language's name in the page's language, with its own name when they differ:
    « arabe (العربية) » on a French page, « français » alone."""
    page = get_locale()
    own = WRITTEN_LANGUAGES.get(code) or own_name(code)
    here = page.languages.get(code, own)
    return here if here.casefold() == own.casefold() else f"{here} ({own})"


def own_name(code: str) -> str:
    """A language's name in itself, from Babel (which then keeps that language's CLDR data
    loaded): for a code outside `WRITTEN_LANGUAGES`, or the code itself when CLDR has none."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code


def written_choices() -> list[tuple[str, str]]:
    """The select's options: the page's language first, then by name in that language."""
    page = str(get_locale())
    codes = sorted(WRITTEN_LANGUAGES, key=lambda code: (code != page, language_name(code)))
    return [(code, language_name(code)) for code in codes]


def default_written_language() -> str:
    """What a form proposes: the page's language (a resident reading in Arabic likely
    writes in Arabic), French when the page's language is not in the list."""
    page = str(get_locale())
    return page if page in WRITTEN_LANGUAGES else current_app.config["BABEL_DEFAULT_LOCALE"]


def save_french_summary(item: Written, summary: str) -> None:
    """Write the team's French summary beside someone's words (empty takes it away)."""
    item.french_summary = summary.strip()
    db.session.commit()

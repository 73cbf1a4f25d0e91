"""The language a person writes in, kept with what she wrote.

A resident may voice a need, an argument or a door note in her own language, not only in
one of the interface's. What she wrote keeps its language (`Written.language`): pages mark
it with `lang` so a screen reader pronounces it, and say which language it is when it is
not the page's. The team may add a French summary beside it (`Written.french_summary`),
never in place of her words.

Language names come from Babel (CLDR), each given in its own script and in the page's
language, so these need no catalog entry.
"""

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assembly.extensions import db

# The languages most spoken in France's quartiers populaires besides French, then the
# interface's; a longer list would make the select heavier than it helps.
WRITTEN_LANGUAGES = (
    "fr", "ar", "kab", "en", "es", "pt", "it", "ro", "pl", "ru", "uk", "tr", "ku", "fa",
    "ps", "ur", "bn", "ta", "zh", "vi", "sq", "hy", "ka", "wo", "bm", "ff", "so", "ti",
    "am", "ln", "sw", "de",
)  # fmt: skip
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
    try:
        own = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    here = page.languages.get(code, own)
    return here if here.casefold() == own.casefold() else f"{here} ({own})"


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

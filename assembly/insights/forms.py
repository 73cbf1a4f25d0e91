"""The report's forms: its settings (who reads it, the open data's terms, the group's stop
words) and the team's text of a bilan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from assembly.insights.models import LICENCES

MAX_STOP_WORDS = 300
MAX_WORD_LENGTH = 40


def stop_word_list(text: str) -> list[str]:
    """The words of the text, one per line: trimmed, lowercased, each once, in order."""
    words: dict[str, None] = {}
    for line in text.splitlines():
        word = line.strip().lower()
        if word:
            words.setdefault(word)
    return list(words)


class ReportSettingsForm(FlaskForm):
    public = BooleanField(
        _l("Publish the report"),
        description=_l(
            "Anyone, without an account, may then read the figures, what was said and the "
            "open data. Otherwise only the members and the observers may."
        ),
    )
    licence = SelectField(
        _l("Licence of the open data"),
        choices=[SelectChoice(key, title) for key, (title, _url) in LICENCES.items()],
        description=_l("The Open Database License (ODbL) is the usual one for open data."),
    )
    no_resale = BooleanField(
        _l("Forbid selling the data"),
        description=_l("The clause is added to the description of the data package."),
    )
    stop_words = TextAreaField(
        _l("Words to leave out of the analysis of what was said"),
        description=_l(
            "One word per line: the group's name, the street, words everyone writes. "
            "Common French words are already left out."
        ),
        validators=[Length(max=MAX_STOP_WORDS * (MAX_WORD_LENGTH + 2))],
        render_kw={"rows": 6},
    )

    def validate_stop_words(self, field):
        words = stop_word_list(field.data or "")
        if len(words) > MAX_STOP_WORDS:
            raise ValidationError(_l("At most %(count)d words.", count=MAX_STOP_WORDS))
        for word in words:
            if len(word.split()) > 1:
                raise ValidationError(_l("One word per line: « %(line)s ».", line=word))
            if len(word) > MAX_WORD_LENGTH:
                raise ValidationError(
                    _l(
                        "A word of at most %(count)d letters: « %(line)s ».",
                        count=MAX_WORD_LENGTH,
                        line=word,
                    )
                )


class BilanForm(FlaskForm):
    """The bilan's opening text, prefilled with the saved one or the generated one."""

    text = TextAreaField(
        _l("The summary's text"),
        description=_l(
            "Written from the figures; edit it before handing it over. Paragraphs are "
            "separated by an empty line."
        ),
        validators=[
            DataRequired(_l("Write the text, or start again from the generated one.")),
            Length(max=20_000),
        ],
    )

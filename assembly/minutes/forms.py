"""The minutes editor."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

MAX_LENGTH = 200_000


class MinutesForm(FlaskForm):
    """The Markdown text of the minutes."""

    body = TextAreaField(
        _l("Text of the minutes"),
        description=_l(
            "Markdown: # for a title, ## for a section, *italics*, **bold**, "
            "lists with “- ” at the start of a line."
        ),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
        render_kw={"rows": 24},
    )

"""The report's forms: the team's text of a bilan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class BilanForm(FlaskForm):
    """The bilan's opening text, prefilled with the saved one or the generated one."""

    text = TextAreaField(
        _l("The bilan's text"),
        description=_l(
            "Written from the figures; edit it before handing it over. Paragraphs are "
            "separated by an empty line."
        ),
        validators=[
            DataRequired(_l("Write the text, or start again from the generated one.")),
            Length(max=20_000),
        ],
    )

"""The team's form: a consultation's settings and its text."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from assembly.consultations.models import Audience
from assembly.consultations.text import split
from assembly.web.forms import DateField

MAX_PARAGRAPHS = 1000
MAX_TEXT = 200_000


class ConsultationForm(FlaskForm):
    """A consultation's settings and, while it is being prepared, its text (the view
    takes the text field out once it is open)."""

    title = StringField(
        _l("Title"),
        description=_l("For example: our letter of demands to the landlord."),
        validators=[DataRequired(), Length(max=140)],
    )
    context = TextAreaField(
        _l("Context (optional)"),
        description=_l("Why this text, for whom, and what the group will do with it."),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 4},
    )
    opens_on = DateField(
        _l("Open from"),
        description=_l("For example 2026-03-14."),
        validators=[InputRequired()],
    )
    closes_on = DateField(
        _l("Last day for contributions"),
        description=_l("For example 2026-04-04."),
        validators=[InputRequired()],
    )
    audience = SelectField(
        _l("Who may read and take part"),
        choices=Audience.choices(),
        default=Audience.PUBLIC.value,
    )
    premoderation = BooleanField(
        _l("Contributions from outside the team wait for our approval before anyone sees them")
    )
    text = TextAreaField(
        _l("The text"),
        description=_l(
            "Paste it here. A blank line between paragraphs; a line starting with # (or ## "
            "or ###) is a heading that opens a section. People will comment on and amend "
            "each paragraph. It can change until the consultation opens."
        ),
        validators=[InputRequired(), Length(max=MAX_TEXT)],
        render_kw={"rows": 16},
    )

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The last day must come after the first one."))

    def validate_text(self, field):
        blocks = split(field.data or "")
        paragraphs = [block for block in blocks if not block.level]
        if not paragraphs:
            raise ValidationError(_l("Write at least one paragraph."))
        if len(blocks) > MAX_PARAGRAPHS:
            raise ValidationError(
                _l("At most %(count)s paragraphs and headings.", count=MAX_PARAGRAPHS)
            )

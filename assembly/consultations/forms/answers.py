"""The team's forms once people have spoken: an answer to a contribution, a paragraph of
the final text, a paragraph added to it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from assembly.consultations.models import TeamAnswer
from assembly.consultations.operations.answers import REASON_NEEDED

MAX_REASON = 2000
MAX_PARAGRAPH = 10_000


class AnswerForm(FlaskForm):
    """The team's answer to one contribution, and why."""

    answer = RadioField(
        _l("Our answer"), choices=TeamAnswer.choices(), validators=[InputRequired()]
    )
    reason = TextAreaField(
        _l("Why"),
        description=_l("Needed when it is not taken in, or only in part. It is published."),
        validators=[Length(max=MAX_REASON)],  # not Optional(): it would skip the check below
        render_kw={"rows": 2},
    )

    def validate_reason(self, field):
        if self.answer.data in {a.value for a in REASON_NEEDED} and not (field.data or "").strip():
            raise ValidationError(_l("Say why: the person who wrote it will read it."))


class FinalParagraphForm(FlaskForm):
    """A paragraph of the final text: its wording and the contributions behind it."""

    body = TextAreaField(
        _l("Final wording"),
        description=_l("Leave it empty to take the paragraph out of the text."),
        validators=[Optional(), Length(max=MAX_PARAGRAPH)],
        render_kw={"rows": 6},
    )
    # The ids of the contributions linked; the operation keeps only those it offers.
    sources = SelectMultipleField(_l("What led to it"), choices=[], validate_choice=False)
    # Set by an amendment's "use this wording" button: the page comes back with it.
    apply = StringField()


class AddParagraphForm(FlaskForm):
    """A paragraph the final text gains, after the one being edited."""

    added = TextAreaField(
        _l("A new paragraph after this one"),
        validators=[DataRequired(), Length(max=MAX_PARAGRAPH)],
        render_kw={"rows": 3},
    )

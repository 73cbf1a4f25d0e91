"""The residents' forms: a position on a paragraph, a comment, an amendment, the support of
an amendment; and the team's moderation decision.

A comment and an amendment are public forms (a trap for robots, a one-time key against
double posts) with an optional name and an optional contact, kept only with the box ticked.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from assembly.consultations.diff import changed
from assembly.consultations.models import COMMENT_KINDS, Position
from assembly.needs.models import Moderation
from assembly.web.forms import PublicForm, contact_part
from assembly.web.once import SentOnce

MAX_COMMENT = 2000
MAX_REASON = 1000
MAX_REWRITE = 8000
WITHDRAW = "withdraw"  # the position "none": one's own taken back

ConsultationContact = contact_part(
    _l("Phone or e-mail, to hear when the final text is out (optional)"),
    _l(
        "I agree that the group keeps this phone or e-mail to tell me what became of my "
        "contributions to this consultation, when the final text is out. Only the group's "
        "team sees it."
    ),
)


class ContributorForm(ConsultationContact, SentOnce, PublicForm):
    """What every contribution asks of its author: nothing but, if they wish, a name and a
    contact (see `web.forms.contact_part`)."""

    author_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=80)])


class CommentForm(ContributorForm):
    kind = RadioField(
        _l("Your comment is"),
        choices=[SelectChoice(kind.value, kind.label) for kind in COMMENT_KINDS],
        validators=[InputRequired(message=_l("Say whether you are for, against, or asking."))],
    )
    text = TextAreaField(
        _l("Your comment"),
        validators=[InputRequired(), Length(max=MAX_COMMENT)],
        render_kw={"rows": 4},
    )


class AmendmentForm(ContributorForm):
    """The paragraph rewritten; the view sets `original`, the paragraph's text, which the
    rewrite must change."""

    original = ""
    rewrite = TextAreaField(
        _l("The paragraph as you would write it"),
        description=_l("Change, add or remove words: the difference will be shown to everyone."),
        validators=[InputRequired(), Length(max=MAX_REWRITE)],
        render_kw={"rows": 8},
    )
    text = TextAreaField(
        _l("Why this change? (optional)"),
        validators=[Optional(), Length(max=MAX_REASON)],
        render_kw={"rows": 3},
    )

    def validate_rewrite(self, field):
        if not changed(self.original, field.data or ""):
            raise ValidationError(
                _l(
                    "Your text is the same as the paragraph: change some words, or write a "
                    "comment instead."
                )
            )


class StanceForm(FlaskForm):
    """ "I agree", "I disagree", or take one's position back."""

    position = SelectField(
        choices=[SelectChoice(p.value, p.label) for p in Position] + [SelectChoice(WITHDRAW)],
    )

    def chosen(self) -> Position | None:
        return None if self.position.data == WITHDRAW else Position(self.position.data)


class EndorseForm(FlaskForm):
    """Support an amendment, or (`withdraw`) take one's support back."""

    withdraw = StringField()

    @property
    def withdrawing(self) -> bool:
        return bool(self.withdraw.data)


class ContributionModerationForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[
            SelectChoice(m.value, m.label)
            for m in (Moderation.APPROVED, Moderation.REJECTED, Moderation.SPAM)
        ],
    )

"""The form that ends a campaign: how, what changed in words, which needs are resolved."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from assembly.campaigns.models import ENDED_STAGES


class OutcomeForm(FlaskForm):
    """How the campaign ended (chosen on the page before, carried along), its words, and
    the needs to mark resolved (`resolved.choices`: the campaign's open needs)."""

    stage = HiddenField(validators=[AnyOf([stage.value for stage in ENDED_STAGES])])
    outcome = TextAreaField(
        _l("What changed, in words"),
        description=_l(
            "Every need of the campaign will say it on its page, and those who raised "
            "them will read it."
        ),
        validators=[DataRequired(), Length(max=1000)],
    )
    resolved = SelectMultipleField(
        _l("Needs to mark resolved"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

"""Forms of the demands part: a demand and its letter, an answer or a meeting with the
target, a commitment, and the team's word on how a commitment ended."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from assembly.campaigns.models import MARKED_BY_HAND, ExchangeKind, SentHow
from assembly.campaigns.operations.demands import local_today
from assembly.web.forms import DateField, ViewChoicesField
from assembly.web.once import SentOnce


class RowChoices:
    """Mixin: a select among rows the view offers (`offer`), read back as the row."""

    def offer(self, field, rows, label, *, none) -> None:
        self._rows = getattr(self, "_rows", {})
        self._rows[field.name] = {str(row.id): row for row in rows}
        field.choices = [SelectChoice("", none)] + [
            SelectChoice(str(row.id), label(row)) for row in rows
        ]

    def chosen(self, field):
        """The row chosen, or None for none (or a value that is none of them)."""
        return getattr(self, "_rows", {}).get(field.name, {}).get(field.data or "")


class DemandForm(RowChoices, SentOnce, FlaskForm):
    """What is asked, of whom, when and how it was sent, and the letter itself."""

    what = TextAreaField(
        _l("What is asked"),
        description=_l("In a sentence or two, for example: Repair the lift of building C."),
        validators=[DataRequired(), Length(max=2000)],
    )
    target = ViewChoicesField(_l("To whom"))
    sent_how = SelectField(
        _l("How it was sent"),
        choices=[SelectChoice("", _l("not sent yet"))] + SentHow.choices(),
        default="",
    )
    sent_on = DateField(
        _l("Sent on"),
        description=_l("For example 2026-10-12. Leave empty while it is not sent."),
        validators=[Optional()],
    )
    letter = TextAreaField(
        _l("The letter"),
        description=_l("Plain text; leave an empty line between paragraphs."),
        validators=[Length(max=20000)],
    )

    def validate_sent_on(self, field) -> None:
        """Sent happened: not after today (the group's)."""
        if field.data is not None and field.data > local_today():
            raise ValidationError(_l("This date is still to come: a demand is sent, then noted."))

    def validate(self, extra_validators=None) -> bool:
        """Sent is said with both: how, and when (an empty date skips its own checks)."""
        valid = super().validate(extra_validators)
        if self.sent_on.errors or self.sent_how.errors:
            return valid
        if self.sent_how.data and self.sent_on.data is None:
            self.sent_on.errors.append(_l("Give the date it was sent."))
            return False
        if self.sent_on.data is not None and not self.sent_how.data:
            self.sent_how.errors.append(_l("Say how it was sent, or clear the date."))
            return False
        return valid

    def sent_how_value(self) -> SentHow | None:
        return SentHow(self.sent_how.data) if self.sent_how.data else None


class ExchangeForm(SentOnce, FlaskForm):
    """An answer from the target, or a meeting with it: when, who went, what was said."""

    kind = SelectField(_l("What happened"), choices=ExchangeKind.choices())
    happened_on = DateField(
        _l("On"), description=_l("For example 2026-10-20."), validators=[DataRequired()]
    )
    who_went = StringField(
        _l("Who went"),
        description=_l("For a meeting: the delegation, for example: Awa, Karim and Josette."),
        validators=[Length(max=300)],
    )
    said = TextAreaField(
        _l("What was said"),
        description=_l("Their answer, or what each side said."),
        validators=[Length(max=10000)],
    )

    def validate_happened_on(self, field) -> None:
        if field.data is not None and field.data > local_today():
            raise ValidationError(_l("This date is still to come: note it once it happened."))

    def kind_value(self) -> ExchangeKind:
        return ExchangeKind(self.kind.data)


class CommitmentForm(RowChoices, SentOnce, FlaskForm):
    """What the target promised, by when, in whose words, and where it said so."""

    what = TextAreaField(
        _l("What the target promised"),
        description=_l("For example: Repair the lift of building C."),
        validators=[DataRequired(), Length(max=2000)],
    )
    due_on = DateField(
        _l("By when"),
        description=_l("For example 2026-11-15. Past that date, the commitment is late."),
        validators=[Optional()],
    )
    words = TextAreaField(
        _l("In their words"),
        description=_l("The promise as it was said or written."),
        validators=[Length(max=4000)],
    )
    said_by = StringField(
        _l("Said by"),
        description=_l("Who promised, for example: Mrs Roux, the agency's director."),
        validators=[Length(max=140)],
    )
    exchange = ViewChoicesField(_l("Said at"))


class CommitmentStateForm(FlaskForm):
    """The team's word on a commitment: kept, broken, or not settled after all."""

    state = SelectField(
        _l("The commitment is"),
        choices=[SelectChoice(state.value, state.label) for state in MARKED_BY_HAND],
    )
    note = StringField(
        _l("Note (optional)"),
        description=_l("For example: the lift works again since Monday."),
        validators=[Length(max=300)],
    )

    def with_ids(self, prefix: str) -> "CommitmentStateForm":
        """Ids of its own, one form per commitment on the page (names stay the same)."""
        for f in self:
            f.id = f.label.field_id = f"{prefix}{f.name}"
        return self

"""Forms about needs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from assembly.needs.models import Channel, Moderation, NeedStatus
from assembly.web.forms import (
    FrenchSummaryForm,
    LanguageField,
    PublicForm,
    ViewChoicesField,
    contact_part,
)
from assembly.web.inputs import whole_number
from assembly.web.once import SentOnce


def choices(members) -> list[SelectChoice]:
    """Select options from enum members, each with its label."""
    return [SelectChoice(member.value, member.label) for member in members]


NeedContact = contact_part(
    _l("Phone or e-mail, to hear back from us (optional)"),
    _l(
        "I agree that the group keeps this phone or e-mail to contact me about this need, "
        "until the need is closed. Only the group's team sees it."
    ),
)


class NeedForm(NeedContact, SentOnce, PublicForm):
    """What a resident voices: no account, no e-mail needed.

    The contact part (people.forms) reads the phone or e-mail and its consent box.
    """

    title = StringField(
        _l("What is the problem, in a few words?"),
        description=_l("For example: the lift of building C has been broken for 3 weeks."),
        validators=[InputRequired(), Length(max=140)],
    )
    body = TextAreaField(
        _l("Tell us more (optional)"),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 5},
    )
    language = LanguageField()
    theme = ViewChoicesField(_l("Theme"))
    place = StringField(
        _l("Where? (optional)"),
        description=_l("Building, street, square…"),
        validators=[Optional(), Length(max=140)],
    )
    author_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=80)])
    # Set once the resident has seen the similar needs and said "mine is different".
    confirmed = HiddenField()


class RecordNeedForm(NeedForm):
    """The same, entered by the team from a paper form, a phone call or a meeting."""

    channel = SelectField(
        _l("How did it reach us?"), choices=choices(Channel), default=Channel.WEB.value
    )


class EditNeedForm(FrenchSummaryForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=140)])
    body = TextAreaField(
        _l("Text"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 5}
    )
    language = LanguageField(_l("Language of the text"), description="")
    theme = ViewChoicesField(_l("Theme"))
    place = StringField(_l("Place"), validators=[Optional(), Length(max=140)])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(NeedStatus))
    reason = TextAreaField(
        _l("Public explanation"),
        description=_l("Shown on the need's page. Required when the need is declined."),
        validators=[Length(max=2000)],  # no Optional(): it would skip validate_reason
        render_kw={"rows": 3},
    )

    def validate_reason(self, field):
        if self.status.data == NeedStatus.DECLINED and not (field.data or "").strip():
            raise ValidationError(_l("Say publicly why the need is declined."))


class ModerationForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=choices(m for m in Moderation if m not in (Moderation.PENDING, Moderation.MERGED)),
    )
    reason = StringField(_l("Reason (for a rejection)"), validators=[Optional(), Length(max=500)])


class MergeForm(FlaskForm):
    target = StringField(
        _l("Number of the need it joins"),
        description=_l("For example B-97."),
        validators=[InputRequired(), Length(max=12)],
    )

    def target_number(self) -> int | None:
        digits = (self.target.data or "").strip().upper().removeprefix("B-").removeprefix("B")
        return whole_number(digits)


class CountedSupportForm(FlaskForm):
    count = IntegerField(
        _l("How many people?"),
        validators=[InputRequired(), NumberRange(min=1, max=10000)],
        render_kw={"inputmode": "numeric"},
    )
    channel = SelectField(
        _l("Counted where, or how?"),
        choices=choices(c for c in Channel if c != Channel.WEB),
    )
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=200)])


class ThemeForm(FlaskForm):
    name = StringField(_l("New theme"), validators=[InputRequired(), Length(max=60)])

    def __init__(self, *args, existing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = {name.lower() for name in existing}

    def validate_name(self, field):
        if field.data.strip().lower() in self.existing:
            raise ValidationError(_l("This theme already exists."))


class SettingsForm(FlaskForm):
    premoderation = BooleanField(
        _l("Needs from the public wait for approval before they are shown"),
        description=_l("Recommended: spam and insults never reach the public list."),
    )

"""Form pieces every feature uses.

`contact_part(label, wording)` makes a mixin with two fields: `contact` (a phone or an
e-mail, read and checked by web.contact) and `consent` (a box whose words are the
consent's wording). A contact given without the box ticked is refused next to the box;
`form.consented_contact()` is what may be kept, `form.consent_wording()` the words the
person saw, in their language, for the Consent row.
"""

from datetime import date, datetime

import wtforms
from flask import request
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from assembly.web.contact import Contact, parse_contact
from assembly.web.languages import default_written_language, written_choices

# The dates a form takes: a group's meetings, votes, tasks and canvasses fall in them,
# and a date and time there still converts between time zones and adds its hours.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class DateField(wtforms.DateField):
    """A date from FIRST_DAY to LAST_DAY; every form's date field is one.

    Out of that range the field has no date (None, as when it cannot be read), so no
    check or operation meets year 1 or 9999, and says which dates it takes.
    """

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            self.data = None
            raise ValueError(
                _l(
                    "Give a date between %(first)s and %(last)s.",
                    first=FIRST_DAY.year,
                    last=LAST_DAY.year,
                )
            )


class ScheduleForm(FlaskForm):
    """When something the group holds takes place (a meeting, a campaign's action): a day
    and a start time in the group's time zone, and how long it lasts."""

    date = DateField(
        _l("Date"), description=_l("For example 2026-03-05."), validators=[InputRequired()]
    )
    time = TimeField(
        _l("Start time"),
        description=_l("For example 18:30, Paris time."),
        validators=[InputRequired()],
    )
    duration = IntegerField(
        _l("Duration in minutes"),
        default=120,
        validators=[InputRequired(), NumberRange(min=10, max=720)],
        render_kw={"inputmode": "numeric"},
    )

    @staticmethod
    def schedule_data(starts_at: datetime, duration_minutes: int) -> dict:
        """The fields' data for a start kept in naive UTC, shown in the group's time zone."""
        local = to_user_timezone(starts_at)
        return {"date": local.date(), "time": local.time(), "duration": duration_minutes}

    def starts_at(self) -> datetime:
        """The start as the model keeps it: naive UTC, read in the group's time zone."""
        return to_utc(datetime.combine(self.date.data, self.time.data))


class ViewChoicesField(SelectField):
    """A select whose options the view sets (the group's themes, its members…).

    The view looks the chosen value up among its own records, so an unknown value
    simply means "none" instead of a validation error.
    """

    def __init__(self, label=None, **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)


class PublicForm(FlaskForm):
    """A form anyone may send without an account; it carries a trap for robots.

    People never see the `website` field (templates render it with the `honeypot`
    macro); robots that fill every field give themselves away.
    """

    website = StringField(_l("Leave this field empty"))

    def sent_by_robot(self) -> bool:
        return bool(self.website.data)


class LanguageField(SelectField):
    """The language a person writes her words in (web.languages): the page's by default."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("description", _l("Write in the language you prefer."))
        super().__init__(
            label or _l("Language of your text"),
            choices=written_choices,
            default=default_written_language,
            **kwargs,
        )


class FrenchSummaryForm(FlaskForm):
    """The team's French summary beside words written in another language."""

    french_summary = TextAreaField(
        _l("Summary in French"),
        description=_l("Shown beside the person's own words, which stay as written."),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )


def confirmed() -> bool:
    """Whether a POST came through its confirmation step (the `confirm_step` macro)."""
    return request.form.get("confirm") == "yes"


class ContactField(StringField):
    """A phone or an e-mail in one box; `.contact` holds it read (E.164, checked e-mail)."""

    contact = Contact()

    def pre_validate(self, form):
        self.contact = Contact()
        try:
            self.contact = parse_contact(self.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


def contact_part(label, wording, refusal=None) -> type:
    """A form mixin: `contact` labelled `label`, `consent` worded `wording`.

    `refusal` is the message when a contact comes without the box ticked.
    """
    refusal = refusal or _l(
        "Tick this box if we may keep your contact, or leave the contact empty."
    )

    def consent_needed(form, field):
        if (form.contact.data or "").strip() and not field.data:
            raise ValidationError(refusal)

    class ContactPart:
        # A phone or an e-mail reads left to right, even on an Arabic page.
        contact = ContactField(
            label, validators=[Optional(), Length(max=254)], render_kw={"dir": "ltr"}
        )
        consent = BooleanField(wording, validators=[consent_needed])

        def consented_contact(self) -> Contact:
            """The contact read from the form, only when its consent box is ticked."""
            return self.contact.contact if self.consent.data else Contact()

        def consent_wording(self) -> str:
            """The consent's words as the person read them (in the page's language)."""
            return str(self.consent.label.text)

    return ContactPart

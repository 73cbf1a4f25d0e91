"""Form pieces every feature uses."""

from datetime import date

import wtforms
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

# The dates a form takes: a group's meetings, votes, tasks and canvasses fall in them,
# and a date and time there still converts between time zones and adds its hours.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class ConsentToContact:
    """On a consent box: a contact given without the box ticked is refused.

    A phone or e-mail is personal data the group keeps only with consent, so the
    form says so next to the box rather than quietly keeping or dropping it.
    """

    def __init__(self, contact_field: str = "contact", message=None):
        self.contact_field = contact_field
        self.message = message or _l(
            "Tick this box if we may keep your contact, or leave the contact empty."
        )

    def __call__(self, form, field):
        if (form[self.contact_field].data or "").strip() and not field.data:
            raise ValidationError(self.message)


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


def consented_contact(form) -> str:
    """The form's contact, kept only when its consent box is ticked."""
    return (form.contact.data or "").strip() if form.consent.data else ""


def confirmed() -> bool:
    """Whether a POST came through its confirmation step (the `confirm_step` macro)."""
    return request.form.get("confirm") == "yes"

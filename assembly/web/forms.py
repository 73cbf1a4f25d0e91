"""Form pieces every feature uses."""

from datetime import date

import wtforms
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

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


def confirmed() -> bool:
    """Whether a POST came through its confirmation step (the `confirm_step` macro)."""
    return request.form.get("confirm") == "yes"

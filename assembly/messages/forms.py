"""Messages forms: the team's settings and calls to action; the forgotten password, and a
member's own choice of messages."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from assembly.messages.calls import FIRST_NAME, Selection
from assembly.messages.models import OPTIONAL_KINDS, MessageKind
from assembly.people.lookups import Occasion
from assembly.people.models import ConsentPurpose
from assembly.web.contact import Contact, parse_email, parse_phone
from assembly.web.forms import ViewChoicesField
from assembly.web.inputs import whole_number
from assembly.web.once import KEY_SHAPE, SentOnce

MOST_REMINDERS = 3
LONGEST_WAIT = 14 * 24  # hours: a reminder two weeks before is the earliest that makes sense
HOURS = [SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)]
TEXT_MOST = 1000  # characters: seven SMS at most, a short e-mail


class CheckboxesField(SelectMultipleField):
    """Several choices, each a box to tick."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(FlaskForm):
    """Which messages the group sends, when reminders go, when SMS stay quiet, and the
    name e-mails come from."""

    kinds = CheckboxesField(
        _l("Messages the group sends"),
        choices=[SelectChoice(kind.value, kind.label) for kind in OPTIONAL_KINDS],
        description=_l("Each goes only to people who agreed to receive it."),
    )
    reminder_hours = StringField(
        _l("Meeting reminders, in hours before the start"),
        description=_l(
            "One to three numbers from 1 to 336, separated by spaces: “48 3” reminds two days "
            "and three hours before."
        ),
        validators=[Length(max=40)],
    )
    quiet_from = SelectField(_l("No SMS from"), choices=HOURS, coerce=int)
    quiet_until = SelectField(
        _l("until"),
        choices=HOURS,
        coerce=int,
        description=_l("SMS written in between wait until the morning. The same hour twice: none."),
    )
    sender_name = StringField(
        _l("Name e-mails come from"),
        description=_l("Empty: the group's name."),
        validators=[Length(max=60)],
    )

    def hours(self) -> list[int]:
        """The reminder hours, as numbers (after validation)."""
        return [int(part) for part in re.split(r"[\s,;]+", self.reminder_hours.data.strip())]

    def turned_on(self) -> set[MessageKind]:
        return {MessageKind(value) for value in self.kinds.data or ()}

    def validate_reminder_hours(self, field) -> None:
        parts = [part for part in re.split(r"[\s,;]+", (field.data or "").strip()) if part]
        if not parts:
            raise ValidationError(_l("Give at least one number of hours, for example 48."))
        if len(parts) > MOST_REMINDERS:
            raise ValidationError(_l("Three reminders at most."))
        for part in parts:
            hours = whole_number(part)
            if hours is None or not 1 <= hours <= LONGEST_WAIT:
                raise ValidationError(
                    _l(
                        "“%(part)s” is not a number of hours from 1 to %(most)s.",
                        part=part,
                        most=LONGEST_WAIT,
                    )
                )


class CallForm(SentOnce, FlaskForm):
    """A call to action: to whom (the contact book's selection), and what it says."""

    level = ViewChoicesField(_l("Level"))
    building = StringField(_l("Building"), validators=[Length(max=100)])
    language = ViewChoicesField(_l("Messages in"))
    came_to = ViewChoicesField(_l("Came to"))
    subject = StringField(
        _l("Subject"),
        description=_l("For e-mails; an SMS carries the text alone."),
        validators=[DataRequired(), Length(max=200)],
    )
    text = TextAreaField(
        _l("Text"),
        description=_l(
            "Write %(placeholder)s where the person’s first name goes: “Bonjour %(placeholder)s, "
            "…”. Without a first name it is left out. Each SMS ends with how to stop them.",
            placeholder=FIRST_NAME,
        ),
        validators=[DataRequired(), Length(max=TEXT_MOST)],
        render_kw={"rows": 6},
    )
    checked = HiddenField()  # the fingerprint of what the preview showed

    def offer(
        self, ladder: list[str], languages: dict[str, str], occasions: list[Occasion]
    ) -> None:
        """The choices of the selection: the ladder's levels, the people's languages, the
        group's latest gatherings."""
        anyone = SelectChoice("", _l("all"))
        self.level.choices = [anyone] + [
            SelectChoice(str(rank), name) for rank, name in enumerate(ladder)
        ]
        self.language.choices = [anyone] + [
            SelectChoice(code, name) for code, name in languages.items()
        ]
        self.came_to.choices = [SelectChoice("", _l("no matter"))] + [
            SelectChoice(occasion.key, occasion.title) for occasion in occasions
        ]

    def _offered(self, field) -> str:
        value = field.data or ""
        return value if value in {str(choice.value) for choice in field.choices} else ""

    def selection(self) -> Selection:
        """Who the call goes to; a choice not offered (a stale page) means "all"."""
        return Selection(
            building=" ".join((self.building.data or "").split()),
            level=self._offered(self.level),
            language=self._offered(self.language),
            came_to=self._offered(self.came_to),
        )

    def validate_text(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Write the message."))

    def validate_once(self, field) -> None:
        """The one-time key is what makes a second sending write nothing: it must be there."""
        if not KEY_SHAPE.fullmatch(field.data or ""):
            raise ValidationError(_l("This page is too old: open the form again."))


def _read(parse):
    """A validator that reads the field with `parse` (web.contact) and keeps what it read."""

    def check(form, field):
        field.parsed = ""
        if (field.data or "").strip():
            try:
                field.parsed = parse(field.data)
            except ValueError as error:
                raise ValidationError(str(error)) from None

    return check


class ForgotForm(FlaskForm):
    email = StringField(
        _l("Your account's e-mail address"),
        validators=[InputRequired(), Length(max=254), _read(parse_email)],
        render_kw={
            "autocomplete": "email",
            "inputmode": "email",
            "autocapitalize": "none",
            "dir": "ltr",
        },
    )


# What a member may choose to receive from a group, in the page's order: the form field,
# the purpose of its consent. Each box's words are the consent's wording.
CHOICES = (
    ("group_actions", ConsentPurpose.GROUP_ACTIONS),
    ("sms_reminders", ConsentPurpose.SMS_REMINDERS),
    ("email_reminders", ConsentPurpose.EMAIL_REMINDERS),
    ("need_followup", ConsentPurpose.NEED_FOLLOWUP),
)
# The team's reminders include the daily digest of what waits: their boxes say so.
TEAM_WORDS = {
    "sms_reminders": _l(
        "Send me by SMS the reminders of tasks I have to do, and the team's daily digest of "
        "what waits."
    ),
    "email_reminders": _l(
        "Send me by e-mail the reminders of tasks I have to do, and the team's daily digest "
        "of what waits."
    ),
}


class OwnMessagesForm(FlaskForm):
    """What the signed-in member receives from one group, and where."""

    phone = StringField(
        _l("Your phone for this group"),
        validators=[Optional(), Length(max=40), _read(parse_phone)],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"},
    )
    email = StringField(
        _l("Your e-mail for this group"),
        validators=[Optional(), Length(max=254), _read(parse_email)],
        render_kw={
            "autocomplete": "email",
            "inputmode": "email",
            "autocapitalize": "none",
            "dir": "ltr",
        },
    )
    group_actions = BooleanField(
        _l(
            "Tell me, by SMS or e-mail, of invitations to meetings, of online votes when they "
            "open and of their results, and of calls to action."
        )
    )
    sms_reminders = BooleanField(_l("Send me by SMS the reminders of tasks I have to do."))
    email_reminders = BooleanField(_l("Send me by e-mail the reminders of tasks I have to do."))
    need_followup = BooleanField(
        _l("Tell me, by SMS or e-mail, what becomes of the needs I raised.")
    )

    def __init__(self, *args, team: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if team:
            for name, words in TEAM_WORDS.items():
                self[name].label.text = words

    def validate_sms_reminders(self, field):
        if field.data and not (self.phone.data or "").strip():
            raise ValidationError(_l("Give your phone number above to receive SMS."))

    def validate_email_reminders(self, field):
        if field.data and not (self.email.data or "").strip():
            raise ValidationError(_l("Give your e-mail address above to receive e-mails."))

    def validate_group_actions(self, field):
        self._needs_a_contact(field)

    def validate_need_followup(self, field):
        self._needs_a_contact(field)

    def _needs_a_contact(self, field):
        if field.data and not ((self.phone.data or "").strip() or (self.email.data or "").strip()):
            raise ValidationError(_l("Give a phone number or an e-mail address above."))

    def contact(self) -> Contact:
        """The phone (E.164) and e-mail as read; call after validation."""
        return Contact(
            phone=getattr(self.phone, "parsed", ""), email=getattr(self.email, "parsed", "")
        )

    def wanted(self) -> dict[ConsentPurpose, str]:
        """The purposes ticked, each with the words of its box as the member read them."""
        return {purpose: str(self[name].label.text) for name, purpose in CHOICES if self[name].data}

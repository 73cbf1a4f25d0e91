"""Messages forms: the forgotten password, and a member's own choice of messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from assembly.people.models import ConsentPurpose
from assembly.web.contact import Contact, parse_email, parse_phone


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
        render_kw={"autocomplete": "email", "inputmode": "email", "autocapitalize": "none"},
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
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    email = StringField(
        _l("Your e-mail for this group"),
        validators=[Optional(), Length(max=254), _read(parse_email)],
        render_kw={"autocomplete": "email", "inputmode": "email", "autocapitalize": "none"},
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

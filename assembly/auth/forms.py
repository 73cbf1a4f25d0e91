"""Account forms."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp, ValidationError

from assembly.auth.models import User
from assembly.auth.passwords import MAX_LENGTH, password_problem
from assembly.web.i18n import LANGUAGE_NAMES

EMAIL = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address like nom@exemple.fr.")
)
PHONE = Regexp(r"^\+?[0-9 .()-]{6,20}$", message=_l("Enter a phone number, digits only."))
USERNAME = Regexp(
    r"^[a-z0-9][a-z0-9._-]{2,39}$",
    message=_l("3 to 40 lowercase letters, digits, dots or dashes."),
)


def language_choices() -> list[SelectChoice]:
    """The shipped languages, each named in itself, in the switcher's order."""
    return [
        SelectChoice(code, LANGUAGE_NAMES.get(code, code))
        for code in current_app.config["LANGUAGES"]
    ]


class LoginForm(FlaskForm):
    login = StringField(
        _l("Username or e-mail"),
        validators=[InputRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class NewPasswordForm(FlaskForm):
    """A new password typed twice and checked against the rules; subclasses say whose."""

    password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters. A sentence you remember is a good password."),
        validators=[InputRequired()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )

    def personal_words(self) -> tuple[str, ...]:
        """Words this password must not contain (the person's names, the group's)."""
        return ()

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.personal_words())
        if problem:
            raise ValidationError(problem)


class PasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def personal_words(self):
        return (self.user.username, self.user.display_name)


class ResetForm(NewPasswordForm):
    """The new password chosen through a reset link."""

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def personal_words(self):
        return (self.user.username, self.user.display_name)


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Name shown to others"), validators=[InputRequired(), Length(max=80)]
    )
    email = StringField(
        _l("E-mail (optional)"),
        validators=[Optional(), Length(max=254), EMAIL],
        render_kw={"autocomplete": "email", "inputmode": "email", "dir": "ltr"},
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[Optional(), PHONE],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"},
    )
    locale = SelectField(_l("Language"), choices=language_choices)

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, obj=user, **kwargs)
        self.user = user

"""Group forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from assembly.auth.forms import USERNAME, NewPasswordForm
from assembly.extensions import db
from assembly.groups.models import Group, Role

RESERVED_SLUGS = {"admin", "new", "static", "login", "j"}


class GroupForm(FlaskForm):
    name = StringField(_l("Name of the group"), validators=[InputRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name in addresses"),
        description=_l("Lowercase letters, digits and dashes, e.g. les-glycines."),
        validators=[
            InputRequired(),
            Regexp(
                r"^[a-z0-9][a-z0-9-]{1,39}$",
                message=_l("2 to 40 lowercase letters, digits or dashes."),
            ),
        ],
        render_kw={"autocapitalize": "none"},
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 4}
    )

    def validate_slug(self, field):
        taken = db.session.scalar(db.select(Group).filter_by(slug=field.data))
        if field.data in RESERVED_SLUGS or taken is not None:
            raise ValidationError(_l("This short name is taken: choose another."))


class ContactForm(FlaskForm):
    contact = StringField(
        _l("Whom to ask about personal data"),
        description=_l(
            "An e-mail, a phone or a place and time. It is shown on the group's home page."
        ),
        validators=[Optional(), Length(max=200)],
        id="data-contact",  # not "contact": the members page's section of that name holds it
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=Role.choices)


class InviteForm(FlaskForm):
    role = SelectField(
        _l("Role of the people who join"),
        choices=Role.choices,
        description=_l(
            "Members take part in everything the group does; facilitators, organizers and "
            "administrators also run its meetings, campaigns and settings. An observer, a "
            "researcher for instance, only reads the report, what was said and the open data: "
            "nothing personal, and no message from the group."
        ),
    )
    single_use = BooleanField(
        _l("For one person only"),
        description=_l("Untick to make a link many people can use, e.g. on a poster."),
        default=True,
    )
    days = IntegerField(
        _l("Valid for (days)"),
        default=14,
        validators=[InputRequired(), NumberRange(min=1, max=90)],
        render_kw={"inputmode": "numeric"},
    )


class JoinForm(NewPasswordForm):
    """A resident joins through an invite: a name and a password, no e-mail."""

    display_name = StringField(
        _l("Your name, as the group will see it"), validators=[InputRequired(), Length(max=80)]
    )
    username = StringField(
        _l("Username to sign in (optional)"),
        description=_l("Leave empty and we make one from your name."),
        validators=[Optional(), USERNAME],
        render_kw={"autocapitalize": "none", "autocomplete": "username"},
    )

    def __init__(self, group: Group, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def personal_words(self):
        return (self.display_name.data or "", self.username.data or "", self.group.name)

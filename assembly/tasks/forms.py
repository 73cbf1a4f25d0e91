"""The task form: what, who (a member or a name), by when, and where it was decided."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from assembly.auth.models import User
from assembly.clock import local_today
from assembly.web.forms import DateField, ViewChoicesField
from assembly.web.once import SentOnce


class TaskForm(SentOnce, FlaskForm):
    """Who does what by when. The person is a member, or a name for someone without an account."""

    title = StringField(
        _l("What is to be done"),
        description=_l("For example: Write to the landlord about the lift."),
        validators=[DataRequired(), Length(max=200)],
    )
    assignee = ViewChoicesField(_l("A member"))
    assignee_name = StringField(
        _l("…or the name of someone without an account"),
        description=_l("Choose a member or write a name: one of the two."),
        validators=[Length(max=80)],  # not Optional(): the check below runs when it is empty
    )
    due_on = DateField(
        _l("By when (optional)"),
        description=_l("For example 2026-04-15."),
        validators=[Optional()],
    )
    item = HiddenField()
    decision = HiddenField()
    meeting = HiddenField()

    def offer(self, members: list[User]) -> None:
        """The group's members as the choices of `assignee`."""
        self.members = {str(user.id): user for user in members}
        self.assignee.choices = [SelectChoice("", _l("— choose —"))] + [
            SelectChoice(key, user.display_name) for key, user in self.members.items()
        ]

    def with_ids(self, prefix: str) -> "TaskForm":
        """Ids of its own on a page of many forms (the meeting's notes also have an `item`);
        the names, which the view reads, stay the same."""
        for f in self:
            f.id = f.label.field_id = f"{prefix}{f.name}"
        return self

    def member(self) -> User | None:
        """The member chosen, if the value is one of the group's members."""
        return getattr(self, "members", {}).get(self.assignee.data or "")

    def validate_assignee_name(self, field) -> None:
        named = bool((field.data or "").strip())
        if named == (self.member() is not None):
            raise ValidationError(
                _l("Choose a member or write a name, not both.")
                if named
                else _l("Say who does it: choose a member or write a name.")
            )

    def validate_due_on(self, field) -> None:
        if field.data is not None and field.data < local_today():
            raise ValidationError(_l("This date is past: choose today or later."))

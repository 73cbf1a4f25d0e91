"""Forms of door-knocking: opening a canvass, logging a door."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from assembly.canvassing.models import VisitOutcome
from assembly.canvassing.operations import shared_need
from assembly.needs.models import Need
from assembly.web.forms import DateField, LanguageField, contact_part
from assembly.web.inputs import whole_number

OTHER = "__other__"  # the building select's last option: a place not on the list
MAX_PLACES = 200


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (no script needed); the view sets `choices`.

    Values are strings; the view keeps only those it knows, so a forged one is ignored.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label, **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)


class CanvassForm(FlaskForm):
    """What an organizer says when opening a door-knocking round."""

    name = StringField(
        _l("Name of the round"),
        description=_l("For example: Listening to the Glycines, spring."),
        validators=[DataRequired(), Length(max=120)],  # blanks alone are no name
    )
    starts_on = DateField(
        _l("First day"),
        description=_l("For example 2026-03-14."),  # the format, where phones show a text box
        validators=[InputRequired()],
    )
    ends_on = DateField(
        _l("Last day"),
        description=_l("For example 2026-04-04."),
        validators=[InputRequired()],
    )
    places = TextAreaField(
        _l("Buildings or streets to cover"),
        description=_l("One per line, in the order you will walk them."),
        validators=[InputRequired(), Length(max=20000)],
        render_kw={"rows": 6},
    )
    team = CheckboxesField(
        _l("Team"),
        description=_l(
            "The members who knock on doors and log visits. Organizers always can. "
            "The team and the organizers see what people said and their contacts."
        ),
    )

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must come after the first one."))

    def validate_places(self, field):
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if not lines:
            raise ValidationError(_l("Write at least one building or street."))
        if len(lines) > MAX_PLACES:
            raise ValidationError(_l("At most 200 places: split them over several rounds."))
        if any(len(line) > 140 for line in lines):
            raise ValidationError(_l("Each place must fit in 140 characters."))


DoorContact = contact_part(
    _l("Phone or e-mail (only with consent)"),
    _l(
        "The person agrees that the group keeps this phone or e-mail to get back to them, "
        "for one year after the end of this door-knocking round. Only the organizers and "
        "this round's team see it."
    ),
    refusal=_l("Tick this box if the person agrees, or leave the contact empty."),
)


class VisitForm(DoorContact, FlaskForm):
    """One door, logged from a phone on the landing: every field but two is optional.

    The contact part (people.forms) reads the phone or e-mail and the consent box.
    """

    building = SelectField(_l("Building or street"), choices=[], validators=[InputRequired()])
    other_building = StringField(
        _l("Another place, if not on the list"),
        # No Optional(): it would skip validate_other_building when the field is empty.
        validators=[Length(max=140)],
    )
    floor = StringField(
        _l("Staircase, floor, door (optional)"),
        description=_l("For example: stair B, 3rd floor, left."),
        validators=[Optional(), Length(max=60)],
    )
    outcome = RadioField(
        _l("What happened?"),
        choices=VisitOutcome.choices(),
        invalid_choice_message=_l("Choose what happened at this door."),
    )
    words = TextAreaField(
        _l("What the person said, in their own words"),
        description=_l("Their words, not a summary. No name here: the contact goes below."),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 4},
    )
    language = LanguageField(
        _l("Language they spoke"), description=_l("Their words are kept in it, as said.")
    )
    themes = CheckboxesField(_l("Themes that came up"))
    wants_involvement = BooleanField(_l("Wants to get involved"))
    need_title = StringField(
        _l("Need raised, in a few words (optional)"),
        description=_l("It becomes a need of the group, voiced by door-knocking."),
        validators=[Length(max=140)],  # no Optional(), so validate_need_title runs
    )
    need_body = TextAreaField(
        _l("More about the need (optional)"),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 3},
    )
    shares_need = StringField(
        _l("Or: a need of the group this person shares (its number)"),
        description=_l("For example B-12: they are counted among the people who share it."),
        validators=[Length(max=12)],  # no Optional(), so validate_shares_need runs
    )
    shared: Need | None = None

    def __init__(self, places: list[str], *args, group_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id = group_id
        # The first door of a round names its building: nothing is chosen for the
        # canvasser (the next doors start on the previous door's, see views.preselect).
        self.building.choices = [
            SelectChoice("", _l("— choose —")),
            *(SelectChoice(place, place) for place in places),
            SelectChoice(OTHER, _l("Another place (write it below)")),
        ]

    def place(self) -> str:
        """The building or street of this door, from the list or typed in."""
        if self.building.data == OTHER:
            return (self.other_building.data or "").strip()
        return self.building.data

    def validate_other_building(self, field):
        if self.building.data == OTHER and not (field.data or "").strip():
            raise ValidationError(_l("Write the place, since it is not on the list."))

    def validate_need_title(self, field):
        if (self.need_body.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Give the need a title, in a few words."))

    def validate_shares_need(self, field):
        """A listed, open need of this group, written B-12 or 12; not with a new need."""
        text = (field.data or "").strip().upper().removeprefix("B").lstrip("- ")
        if not text:
            return
        if (self.need_title.data or "").strip():
            raise ValidationError(_l("Either a new need or one the group has: not both."))
        number = whole_number(text)
        need = shared_need(self.group_id, number) if number is not None else None
        if need is None:
            raise ValidationError(_l("No open need of the group has this number."))
        self.shared = need

"""Forms for planning a meeting: the meeting, its agenda items, an RSVP."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from assembly.meetings.methods import METHODS, OPEN
from assembly.meetings.models import CANCEL_REASON_LENGTH, Answer, Kind, OrderRule
from assembly.web.forms import PublicForm, ScheduleForm, ViewChoicesField, contact_part
from assembly.web.once import SentOnce

NEED_NUMBER = re.compile(r"\d+")


class MeetingForm(ScheduleForm):
    """What the team says about a meeting before it happens (its date, time and duration:
    `ScheduleForm`)."""

    title = StringField(
        _l("Title"),
        description=_l("For example: Monthly assembly of March."),
        validators=[DataRequired(), Length(max=140)],
    )
    kind = SelectField(_l("Kind of meeting"), choices=Kind.choices())
    place = StringField(
        _l("Place"),
        description=_l("For example: Maison de quartier, 12 rue des Lilas."),
        validators=[Optional(), Length(max=200)],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 4}
    )
    capacity = IntegerField(
        _l("Places (optional)"),
        description=_l(
            "How many may come. Past it, a yes goes on a waiting list and gets the first "
            "place that frees up. Empty: no limit."
        ),
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        render_kw={"inputmode": "numeric"},
    )
    public = BooleanField(
        _l("Public meeting"),
        description=_l(
            "Anyone can see it, answer and find it in the calendar. Untick it for "
            "a meeting of members only."
        ),
        default=True,
    )
    order_rule = RadioField(
        _l("Order of the speaking list"),
        choices=OrderRule.choices(),
        default=OrderRule.NEWCOMERS_FIRST.value,
    )
    facilitator = ViewChoicesField(_l("Facilitator"))
    note_taker = ViewChoicesField(_l("Note-taker"))
    timekeeper = ViewChoicesField(_l("Time-keeper"))
    observer = ViewChoicesField(
        _l("Observer of speech"),
        description=_l("Watches who speaks and how long, and reports it at the end."),
    )

    ROLES = ("facilitator", "note_taker", "timekeeper", "observer")


class AgendaItemForm(FlaskForm):
    """One point of the agenda."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=140)])
    description = TextAreaField(
        _l("Short description"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
    timebox = IntegerField(
        _l("Time in minutes"),
        default=15,
        validators=[InputRequired(), NumberRange(min=1, max=240)],
        render_kw={"inputmode": "numeric"},
    )
    method = RadioField(
        _l("Method"),
        choices=[SelectChoice(key, method.name) for key, method in METHODS.items()],
        default=OPEN,
    )
    needs = StringField(
        _l("Needs discussed (optional)"),
        description=_l("Their numbers, for example: B-12, B-15."),
        validators=[Optional(), Length(max=200)],
    )

    def need_numbers(self) -> list[int]:
        """The need numbers typed, in order, each once."""
        numbers = [int(n) for n in NEED_NUMBER.findall(self.needs.data or "")]
        return list(dict.fromkeys(numbers))


# The consent runs until a month after the meeting (operations.planning.RSVP_CONSENT_RUNS).
RsvpContact = contact_part(
    _l("Phone or e-mail, for a reminder or a change of plan (optional)"),
    _l(
        "I agree that the group keeps this phone or e-mail to tell me about this meeting, "
        "until a month after it. Only the group's team sees it."
    ),
)


class RsvpForm(RsvpContact, SentOnce, PublicForm):
    """An answer to the invitation: no account, no e-mail needed.

    The contact part (people.forms) reads the phone or e-mail and its consent box.
    """

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    answer = RadioField(_l("Your answer"), choices=Answer.choices(), validators=[InputRequired()])
    named_in_minutes = BooleanField(
        _l("My name may appear in the minutes"),
        description=_l("If you cannot come, among those who sent apologies; otherwise counted."),
    )


class CancelForm(FlaskForm):
    """Cancelling a planned meeting: a deliberate second step, and a line of reason that
    residents read on its pages and in the notice they get."""

    reason = StringField(
        _l("Reason, for residents (optional)"),
        description=_l("One short line, for example: the hall is not available."),
        validators=[Optional(), Length(max=CANCEL_REASON_LENGTH)],
        render_kw={"maxlength": CANCEL_REASON_LENGTH},
    )
    confirm = HiddenField(
        validators=[AnyOf(["yes"], message=_l("Confirm that the meeting is cancelled."))]
    )

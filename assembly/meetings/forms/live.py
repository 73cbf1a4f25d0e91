"""Forms of the live meeting: joining with the code, the speaking list, the notes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from assembly.extensions import db
from assembly.meetings import panels
from assembly.meetings.clocks import TURN_MINUTES
from assembly.meetings.models import AgeBracket, Gender, Meeting, State, TurnKind

# How the facilitator knows someone was there (a phone signs itself in as "phone").
ADDED_BY_HAND = {"facilitator": _l("present, added by hand"), "paper": _l("paper sign-in sheet")}
YES_NO = {"yes": _l("yes"), "no": _l("no")}


def _choices(labels: dict) -> list[SelectChoice]:
    """A first option that says nothing (valued ""), then one per {value: label}.

    Its label is never empty: HTML refuses an empty option, and a screen reader has
    something to read."""
    not_said = SelectChoice("", _l("— not said —"))
    return [not_said] + [SelectChoice(str(k), v) for k, v in labels.items()]


def normalize_code(value: str | None) -> str:
    """Codes are typed in any case, with stray spaces: compare them uppercase and tight."""
    return "".join((value or "").split()).upper()


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class AboutYouForm(FlaskForm):
    """The optional self-description: only ever counted, never shown with a name."""

    first_time = SelectField(
        _l("Is this your first assembly?"),
        choices=_choices(YES_NO),
        validators=[Optional()],
    )
    age_bracket = SelectField(
        _l("Age"), choices=_choices(AgeBracket.labels()), validators=[Optional()]
    )
    gender = SelectField(_l("Gender"), choices=_choices(Gender.labels()), validators=[Optional()])
    lives_here = SelectField(
        _l("Do you live in the neighbourhood?"),
        choices=_choices(YES_NO),
        validators=[Optional()],
    )

    def description(self) -> dict:
        """The answers as Attendance fields (None where nothing was said)."""
        return {
            "first_time": yes_no(self.first_time.data),
            "age_bracket": AgeBracket(self.age_bracket.data) if self.age_bracket.data else None,
            "gender": Gender(self.gender.data) if self.gender.data else None,
            "lives_here": yes_no(self.lives_here.data),
        }


class JoinForm(AboutYouForm):
    """Signing in at the meeting, from a phone: the code on the wall and a name."""

    code = StringField(
        _l("Meeting code"),
        description=_l("The 4 to 6 characters shown on the projector or on the wall."),
        filters=[normalize_code],
        validators=[InputRequired(), Length(min=4, max=6)],
        render_kw={
            "autocapitalize": "characters",
            "autocomplete": "off",
            "spellcheck": "false",
            "dir": "ltr",  # a code reads left to right in every language
        },
    )
    name = StringField(
        _l("Your name"),
        description=_l("As the room calls you; a first name is enough."),
        validators=[InputRequired(), Length(max=80)],
    )
    named_in_minutes = BooleanField(
        _l("My name may appear in the minutes"),
        description=_l("Otherwise you are only counted among those present."),
    )
    meeting: Meeting | None = None

    def validate_code(self, field) -> None:
        meeting = db.session.scalar(db.select(Meeting).filter_by(join_code=field.data))
        if meeting is None:
            raise ValidationError(_l("No meeting has this code. Check it on the wall."))
        if meeting.state == State.CLOSED:
            raise ValidationError(_l("This meeting is closed."))
        if meeting.cancelled:
            raise ValidationError(_l("This meeting is cancelled."))
        self.meeting = meeting


class AttendeeForm(AboutYouForm):
    """The facilitator adds someone present, or copies the paper sheet afterwards."""

    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=80)])
    source = SelectField(
        _l("How"),
        choices=[SelectChoice(k, v) for k, v in ADDED_BY_HAND.items()],
        default="facilitator",
    )


class AskForm(FlaskForm):
    """Asking to speak: the kind comes from the button pressed."""

    kind = SelectField(
        _l("Kind"),
        choices=TurnKind.choices(),
        default=TurnKind.NORMAL.value,
    )


class AddSpeakerForm(AskForm):
    """The facilitator puts someone present on the list."""

    attendance = SelectField(_l("Who"), coerce=int, choices=[], validate_choice=True)


class NotesForm(FlaskForm):
    """Notes on one agenda item (or on the meeting before the first item), for the minutes."""

    item = HiddenField()
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=50_000)], render_kw={"rows": 8}
    )


class EndForm(FlaskForm):
    """Ending the meeting: a second, deliberate step; refused while a panel objects (a vote)."""

    confirm = HiddenField(
        validators=[AnyOf(["yes"], message=_l("Confirm that the meeting is over."))]
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def validate_confirm(self, field) -> None:
        if reasons := panels.end_blockers(self.meeting):
            raise ValidationError(" ".join(reasons))


class TurnTimeForm(FlaskForm):
    """Time per speaking turn, counted down on the speaker's phone, the conduct page, the wall."""

    minutes = SelectField(_l("Time per turn"), coerce=int, default=0, validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes.choices = [SelectChoice(0, _l("no limit"))] + [
            SelectChoice(m, _l("%(minutes)s min", minutes=m)) for m in TURN_MINUTES if m
        ]

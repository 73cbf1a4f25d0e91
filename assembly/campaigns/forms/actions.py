"""Forms of a campaign's actions: planning or changing one, and its debrief."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from assembly.campaigns.models import Action, ActionKind, Target
from assembly.web.forms import ScheduleForm

TEXT = 4000  # a debrief's answer, a description: a few paragraphs


class ActionForm(ScheduleForm):
    """An action of the campaign: what, when and where (its meeting), against whom, at
    which step of the escalation, and how many the group wants there."""

    kind = SelectField(_l("Type of action"), choices=ActionKind.choices())
    title = StringField(
        _l("Title"),
        description=_l("For example: Rally in front of the agency."),
        validators=[DataRequired(), Length(max=140)],
    )
    duration = IntegerField(
        _l("Duration in minutes"),
        default=60,
        validators=[InputRequired(), NumberRange(min=10, max=720)],
        render_kw={"inputmode": "numeric"},
    )
    place = StringField(
        _l("Place"),
        description=_l("For example: in front of the agency, 3 avenue Jean-Jaurès."),
        validators=[Optional(), Length(max=200)],
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("What residents read on its page before they answer."),
        validators=[Optional(), Length(max=TEXT)],
        render_kw={"rows": 4},
    )
    target = SelectField(_l("Target"), choices=[], validate_choice=True)
    escalation = IntegerField(
        _l("Step in the escalation"),
        description=_l("1 for the first, gentlest action; each stronger one a step up."),
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=20)],
        render_kw={"inputmode": "numeric"},
    )
    turnout_goal = IntegerField(
        _l("Turnout goal (optional)"),
        description=_l("How many people the group wants there."),
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        render_kw={"inputmode": "numeric"},
    )
    capacity = IntegerField(
        _l("Places (optional)"),
        description=_l(
            "How many may come (a delegation, a bus). Past it, a yes goes on a waiting list "
            "and gets the first place that frees up. Empty: no limit."
        ),
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        render_kw={"inputmode": "numeric"},
    )
    public = BooleanField(
        _l("Public action"),
        description=_l("Anyone can see it and answer. Untick it for members only."),
    )

    def __init__(self, *args, targets: list[Target], **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {str(target.id): target for target in targets}
        self.target.choices = [SelectChoice("", _l("— no target —"))] + [
            SelectChoice(key, target.label) for key, target in self.targets.items()
        ]

    @classmethod
    def data_of(cls, action: Action) -> dict:
        """The form's data for an action planned before."""
        meeting = action.meeting
        return {
            "kind": action.kind.value,
            "title": meeting.title,
            **cls.schedule_data(meeting.starts_at, meeting.duration_minutes),
            "place": meeting.place,
            "description": meeting.description,
            "target": str(action.target_id or ""),
            "escalation": action.escalation,
            "turnout_goal": action.turnout_goal,
            "capacity": meeting.capacity,
            "public": meeting.public,
        }

    def fields(self) -> dict:
        """What the operations take from a valid form."""
        return {
            "kind": ActionKind(self.kind.data),
            "title": self.title.data,
            "starts_at": self.starts_at(),
            "duration_minutes": self.duration.data,
            "place": self.place.data or "",
            "description": self.description.data or "",
            "target": self.targets.get(self.target.data or ""),
            "escalation": self.escalation.data,
            "turnout_goal": self.turnout_goal.data,
            "capacity": self.capacity.data,
            "public": self.public.data,
        }


class DebriefForm(FlaskForm):
    """After the action, the team's debrief: four questions, each optional."""

    worked = TextAreaField(
        _l("What worked"), validators=[Optional(), Length(max=TEXT)], render_kw={"rows": 3}
    )
    did_not_work = TextAreaField(
        _l("What did not work"), validators=[Optional(), Length(max=TEXT)], render_kw={"rows": 3}
    )
    target_reaction = TextAreaField(
        _l("How the target reacted"),
        validators=[Optional(), Length(max=TEXT)],
        render_kw={"rows": 3},
    )
    next_step = TextAreaField(
        _l("The next step"), validators=[Optional(), Length(max=TEXT)], render_kw={"rows": 3}
    )

"""Forms of the issue's choice: the words quoted, a team member's grid, and the candidates
put to the group."""

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from assembly.campaigns.models import Criterion, Score
from assembly.campaigns.operations.choice import MAX_CANDIDATES, MIN_CANDIDATES
from assembly.campaigns.operations.issue import MAX_QUOTES
from assembly.clock import utcnow
from assembly.decisions.operations.online import period_problem
from assembly.web.forms import DateField

NOTE_LENGTH = 300
ONLINE = "online"
DEFAULT_CLOSING_TIME = time(20, 0)
DEFAULT_DAYS = 10  # an online choice stays open this long unless the organizer says otherwise


class Checkboxes(SelectMultipleField):
    """Several choices ticked, as checkboxes (no JavaScript, no long select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuotesForm(FlaskForm):
    """The words the team quotes on the campaign's page (keys: n<need id>, v<visit id>)."""

    quotes = Checkboxes(_l("Words to quote"), validate_choice=True)

    def validate_quotes(self, field):
        if len(field.data or []) > MAX_QUOTES:
            raise ValidationError(
                _l("Choose %(most)s words at most: the strongest few.", most=MAX_QUOTES)
            )


def _grid_form() -> type[FlaskForm]:
    """A form with a score and a note per criterion (`score_<criterion>`, `note_<criterion>`)."""
    fields = {}
    for criterion in Criterion:
        fields[f"score_{criterion.value}"] = RadioField(
            criterion.label,
            choices=Score.choices(),
            validators=[InputRequired(message=_l("Answer yes, partly or no."))],
        )
        fields[f"note_{criterion.value}"] = StringField(
            _l("Note"), validators=[Length(max=NOTE_LENGTH)], render_kw={"maxlength": NOTE_LENGTH}
        )
    return type("GridFormBase", (FlaskForm,), fields)


class GridForm(_grid_form()):
    """One team member's grid for one candidate: yes, partly or no to each criterion."""

    def rows(self):
        """(criterion, its score field, its note field), in the grid's order."""
        return [
            (criterion, self[f"score_{criterion.value}"], self[f"note_{criterion.value}"])
            for criterion in Criterion
        ]

    def answers(self) -> dict[Criterion, tuple[Score, str]]:
        return {
            criterion: (Score(score.data), (note.data or "").strip())
            for criterion, score, note in self.rows()
        }

    @classmethod
    def held(cls, scores) -> dict:
        """The form's data from a member's scores (`operations.choice.scores_of`)."""
        data = {}
        for criterion, row in scores.items():
            data[f"score_{criterion.value}"] = row.score.value
            data[f"note_{criterion.value}"] = row.note
        return data


def local_now() -> datetime:
    """Now in the group's time zone, naive, to the minute (what the form shows)."""
    return to_user_timezone(utcnow()).replace(tzinfo=None, second=0, microsecond=0)


def utc_moment(day: date, moment: time) -> datetime:
    """A date and time typed in the group's time zone, as stored: naive UTC."""
    return to_utc(datetime.combine(day, moment)).replace(tzinfo=None)


class ChooseForm(FlaskForm):
    """The candidates put to the group: by majority judgment, online or at a meeting."""

    question = StringField(
        _l("Question"),
        default=_l("Which campaign do we take on together?"),
        validators=[DataRequired(), Length(max=300)],
    )
    candidates = Checkboxes(_l("Candidate issues put to the vote"), validate_choice=True)
    where = RadioField(_l("Where the group decides"), validators=[InputRequired()])
    closes_date = DateField(
        _l("Online: closes on"),
        description=_l("For example 2026-03-05, Paris time. 60 days at most."),
    )
    closes_time = TimeField(_l("Closing time"), default=DEFAULT_CLOSING_TIME)

    def __init__(self, *args, titles: dict[str, str], meetings: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = titles
        self.candidates.choices = list(titles.items())
        self.where.choices = [(ONLINE, _l("Online, members vote from their account"))] + [
            (str(meeting.id), meeting.title) for meeting in meetings
        ]
        if not self.is_submitted():
            self.candidates.data = list(titles)
            self.where.data = ONLINE
            self.closes_date.data = (local_now() + timedelta(days=DEFAULT_DAYS)).date()

    @property
    def online(self) -> bool:
        return self.where.data == ONLINE

    def closes_at(self) -> datetime | None:
        if not self.online or self.closes_date.data is None or self.closes_time.data is None:
            return None
        return utc_moment(self.closes_date.data, self.closes_time.data)

    def validate_candidates(self, field):
        chosen = field.data or []
        if not MIN_CANDIDATES <= len(chosen) <= MAX_CANDIDATES:
            raise ValidationError(
                _l(
                    "Put between %(least)s and %(most)s candidates to the vote.",
                    least=MIN_CANDIDATES,
                    most=MAX_CANDIDATES,
                )
            )
        titles = [self.titles[key].strip().casefold() for key in chosen if key in self.titles]
        if len(set(titles)) < len(titles):
            raise ValidationError(_l("Two candidates have the same name: rename one first."))

    def validate_closes_date(self, field):
        if not self.online:
            return
        if field.data is None or self.closes_time.data is None:
            raise ValidationError(_l("Say when the online vote closes."))
        now = utcnow()
        problem = period_problem(now, self.closes_at(), now)
        if problem is not None:
            raise ValidationError(problem.label)

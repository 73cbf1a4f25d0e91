"""Forms of decisions at a meeting (preparing one, hands, objections) and of every ballot."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from assembly.decisions.forms.online import Explained
from assembly.decisions.forms.options import JudgmentOptions
from assembly.decisions.models import Choice, Decision, Grade, Method, Voters

MAX_COUNT = 100_000  # hands counted in a room: anything above is a typing slip

METHOD_HELPS = {
    Method.HANDS.value: Explained(
        _l("Those present raise their hands; the facilitator counts and types the numbers.")
    ),
    Method.BALLOT.value: Explained(
        _l("Each voter answers yes, no or abstain on their phone. Adopted with more yes than no.")
    ),
    Method.CONSENT.value: Explained(
        _l("Adopted unless someone raises a serious objection that the group cannot resolve.")
    ),
    Method.JUDGMENT.value: Explained(
        _l(
            "Each voter grades every option from Very good to To reject on their phone; "
            "the best majority grade wins. For choosing between several options."
        )
    ),
}
# A consent round sent to a vote: the two methods, in the words of that moment.
FOLLOW_UP_METHODS = {
    Method.BALLOT: _l("Ballot on phones: yes, no, abstain"),
    Method.HANDS: _l("Show of hands"),
}


class ItemDecisionForm(JudgmentOptions, FlaskForm):
    """A question prepared on an agenda item, opened by the facilitator when its time comes."""

    question = StringField(
        _l("Question"),
        description=_l("For example: Do we write to the landlord about the heating?"),
        validators=[DataRequired(), Length(max=300)],
    )
    proposal = TextAreaField(
        _l("Proposal (optional)"),
        description=_l("What is decided, in a few sentences, so that everyone reads the same."),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 3},
    )
    method = RadioField(
        _l("How the meeting decides"),
        choices=Method.choices(),
        default=Method.HANDS.value,
    )
    options = TextAreaField(
        _l("Options, for a majority judgment"),
        description=_l("One per line, at least two. Left aside for the other methods."),
        validators=[Length(max=2600)],  # no Optional(): it would skip validate_options
        render_kw={"rows": 4},
    )
    voters = RadioField(
        _l("Who votes"),
        choices=Voters.choices(),
        default=Voters.PRESENT.value,
    )
    secret = BooleanField(
        _l("Secret ballot"),
        description=_l(
            "For a ballot or a majority judgment on phones: nobody, the team included, "
            "can see who voted what."
        ),
    )

    start = BooleanField(
        _l("Open the vote now"),
        description=_l("For a question put to the room at once, a show of hands for instance."),
    )
    next = HiddenField()  # where to go back to: the conduct page, when prepared from there

    def __init__(self, *args, meeting_ended: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_ended = meeting_ended

    def validate_start(self, field) -> None:
        if field.data and self.meeting_ended:
            raise ValidationError(_l("The meeting has ended: reopen it to open a vote."))

    def chosen(self) -> dict:
        """What the form says, as `create_decision` takes it."""
        method = Method(self.method.data)
        return {
            "question": self.question.data,
            "proposal": self.proposal.data or "",
            "method": method,
            "options": self.option_labels() if method == Method.JUDGMENT else [],
            "voters": Voters(self.voters.data),
            "secret": self.secret.data and method in (Method.BALLOT, Method.JUDGMENT),
        }


def count_field(label, required=True) -> IntegerField:
    first = InputRequired() if required else Optional()
    return IntegerField(
        label,
        validators=[first, NumberRange(min=0, max=MAX_COUNT)],
        render_kw={"inputmode": "numeric", "min": 0},
    )


class HandsForm(FlaskForm):
    """The hands counted in the room; after closing, a correction with its reason."""

    yes = count_field(_l("For"))
    no = count_field(_l("Against"))
    abstain = count_field(_l("Abstain"))
    present = count_field(_l("Present (optional)"), required=False)
    reason = StringField(
        _l("Reason for the correction"),
        description=_l("Required once the vote is closed: it is kept in the journal."),
        validators=[Length(max=300)],  # no Optional(): it would skip validate_reason
    )

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting

    def validate_present(self, field):
        cast = sum(f.data or 0 for f in (self.yes, self.no, self.abstain))
        if field.data is not None and cast > field.data:
            raise ValidationError(_l("More hands than people present: check the numbers."))

    def validate_reason(self, field):
        if self.correcting and not (field.data or "").strip():
            raise ValidationError(_l("Say why the count is corrected."))


class ObjectionForm(FlaskForm):
    """An objection in a consent round: who (if they wish) and why."""

    name = StringField(_l("Who objects (optional)"), validators=[Optional(), Length(max=80)])
    reason = TextAreaField(
        _l("The objection"),
        description=_l("What harm the proposal would do, in a sentence or two."),
        validators=[DataRequired(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class ResolveForm(FlaskForm):
    """How an objection was met."""

    resolution = TextAreaField(
        _l("How it was resolved"),
        validators=[DataRequired(), Length(max=2000)],
        render_kw={"rows": 2},
    )


class ToVoteForm(FlaskForm):
    """Send a consent round that does not converge to a vote."""

    method = RadioField(
        _l("Vote by"),
        choices=[SelectChoice(m.value, name) for m, name in FOLLOW_UP_METHODS.items()],
        default=Method.BALLOT.value,
    )


# Ballots

GRADE_CHOICES = [SelectChoice(str(int(grade)), grade.label) for grade in reversed(Grade)]


class ChoiceBallotForm(FlaskForm):
    """Yes, no or abstain."""

    choice = RadioField(
        _l("Your answer"),
        choices=Choice.choices(),
        invalid_choice_message=_l("Choose yes, no or abstain."),
    )

    def cast(self) -> dict:
        return {"choice": Choice(self.choice.data)}


class JudgmentBallotForm(FlaskForm):
    """A grade for every option; its fields are added per decision by `ballot_form`."""

    option_ids: tuple[int, ...] = ()

    def option_fields(self):
        return [self[f"option_{option_id}"] for option_id in self.option_ids]

    def cast(self) -> dict:
        return {"grades": {oid: int(self[f"option_{oid}"].data) for oid in self.option_ids}}


def ballot_form(decision: Decision, **kwargs) -> FlaskForm:
    """The ballot for `decision`: yes/no/abstain, or one grade per option (all required)."""
    if decision.method != Method.JUDGMENT:
        return ChoiceBallotForm(**kwargs)
    fields = {
        f"option_{option.id}": RadioField(
            option.label,
            choices=GRADE_CHOICES,
            invalid_choice_message=_l("Give this option a grade."),
        )
        for option in decision.options
    }
    fields["option_ids"] = tuple(option.id for option in decision.options)
    form_class = type("DecisionJudgmentForm", (JudgmentBallotForm,), fields)
    return form_class(**kwargs)


def ballot_data(decision: Decision, ballot) -> dict:
    """A form's data from the voter's current ballot, so they see what they chose."""
    if ballot is None:
        return {}
    if decision.method == Method.JUDGMENT:
        return {f"option_{graded.option_id}": str(graded.grade) for graded in ballot.grades}
    return {"choice": ballot.choice}

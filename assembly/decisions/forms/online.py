"""Forms of online decisions (the question, its period) and of their arguments."""

import re
from datetime import date, datetime, time
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from assembly.decisions.forms.options import JudgmentOptions
from assembly.decisions.models import Method, Side
from assembly.decisions.operations.online import period_problem
from assembly.groups import models as clock
from assembly.web.forms import DateField, LanguageField
from assembly.web.once import SentOnce

NEED_NUMBER = re.compile(r"\d+")
DEFAULT_CLOSING_TIME = time(20, 0)


class Explained(NamedTuple):
    """A choice's explanation, shown under it (the `choices` macro reads `.explanation`)."""

    explanation: str


METHOD_HELPS = {
    Method.BALLOT.value: Explained(
        _l("Each member answers yes, no or abstain to the proposal. Adopted with more yes than no.")
    ),
    Method.JUDGMENT.value: Explained(
        _l(
            "Each member grades every option from Very good to To reject; the option with "
            "the best majority grade wins. For choosing between several options."
        )
    ),
}


def local_now() -> datetime:
    """Now in the group's time zone, naive, to the minute (what the form shows)."""
    return to_user_timezone(clock.utcnow()).replace(tzinfo=None, second=0, microsecond=0)


def utc_moment(day: date, moment: time | None) -> datetime:
    """A date and time typed in the group's time zone, as stored: naive UTC."""
    return to_utc(datetime.combine(day, moment or time(0, 0)))


class OnlineDecisionForm(JudgmentOptions, FlaskForm):
    """A question put to the members online, and when they may vote on it."""

    question = StringField(
        _l("Question"),
        description=_l("For example: Do we ask the landlord for a meeting before summer?"),
        validators=[DataRequired(), Length(max=300)],
    )
    proposal = TextAreaField(
        _l("Proposal"),
        description=_l("What is put to the vote, in a few sentences, so everyone reads the same."),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 4},
    )
    method = RadioField(
        _l("How members decide"),
        choices=[
            SelectChoice(method.value, method.label) for method in (Method.BALLOT, Method.JUDGMENT)
        ],
        default=Method.BALLOT.value,
    )
    options = TextAreaField(
        _l("Options, for a majority judgment"),
        description=_l("One per line, at least two."),
        # No Optional(): it would stop the chain before validate_options sees an empty box.
        validators=[Length(max=2600)],
        render_kw={"rows": 4},
    )
    secret = BooleanField(
        _l("Secret ballot"),
        description=_l(
            "Nobody, the team included, can see who voted what. Choose now: it cannot "
            "change once the vote is open."
        ),
    )
    opens_date = DateField(
        _l("Opens on"),
        description=_l("Leave as it is to open now."),
        validators=[Optional()],
    )
    opens_time = TimeField(_l("Opening time"), validators=[Optional()])
    closes_date = DateField(
        _l("Closes on"),
        description=_l("For example 2026-03-05, Paris time. 60 days at most."),
        validators=[InputRequired()],
    )
    closes_time = TimeField(
        _l("Closing time"), default=DEFAULT_CLOSING_TIME, validators=[InputRequired()]
    )
    public = BooleanField(
        _l("Public decision"),
        description=_l(
            "Anyone can read the question and its result in the register. "
            "Leave it unticked for members only."
        ),
    )
    needs = StringField(
        _l("Needs concerned (optional)"),
        description=_l("Their numbers, for example: B-12, B-15."),
        validators=[Optional(), Length(max=200)],
    )

    def opens_at(self) -> datetime | None:
        """The opening as naive UTC, or None for "now"."""
        if self.opens_date.data is None:
            return None
        return utc_moment(self.opens_date.data, self.opens_time.data)

    def closes_at(self) -> datetime:
        return utc_moment(self.closes_date.data, self.closes_time.data)

    def need_numbers(self) -> list[int]:
        """The need numbers typed, in order, each once."""
        return list(dict.fromkeys(int(n) for n in NEED_NUMBER.findall(self.needs.data or "")))

    def validate_closes_date(self, field):
        if field.data is None or self.closes_time.data is None:
            return
        now = clock.utcnow()
        problem = period_problem(self.opens_at() or now, self.closes_at(), now)
        if problem is not None:
            raise ValidationError(problem.label)


def new_decision_form() -> OnlineDecisionForm:
    """The form, opening now by default (shown, so the team sees when)."""
    now = local_now()
    return OnlineDecisionForm(data={"opens_date": now.date(), "opens_time": now.time()})


class ArgumentForm(SentOnce, FlaskForm):
    """A member's argument for or against, read by the others before they vote."""

    side = RadioField(
        _l("Your argument is"),
        choices=Side.choices(),
        validators=[InputRequired()],
    )
    body = TextAreaField(
        _l("Your argument"),
        description=_l("Signed with your name, for the members. 1000 characters at most."),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 4},
    )
    language = LanguageField()

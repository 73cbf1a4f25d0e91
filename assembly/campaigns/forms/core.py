"""Forms of a campaign's own page: the candidate issue and the strategy chart's texts.

(Each part of the chart that has rows — targets, demands, actions, petitions — has its
forms in its own module.)"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.needs.models import Need

MAX_NEEDS = 60  # a campaign's needs, as references: more is a theme, not an issue
REFERENCE = re.compile(r"(?:B-?)?(\d{1,9})", re.IGNORECASE)


class CampaignForm(FlaskForm):
    """A candidate issue (or a campaign under way): its name, the problem, its needs."""

    title = StringField(
        _l("Name of the issue"),
        description=_l("Short and concrete, for example: Lifts that work at the Glycines."),
        validators=[DataRequired(), Length(max=140)],
    )
    problem = TextAreaField(
        _l("The problem"),
        description=_l("What people live with, in a few lines."),
        validators=[Length(max=4000)],
    )
    need_refs = TextAreaField(
        _l("Needs it groups"),
        description=_l("Their numbers, for example: B-12, B-14, B-31."),
        validators=[Length(max=1000)],
    )
    summary = TextAreaField(
        _l("Summary for the public"),
        description=_l("What anyone reads on the campaign's page once it is under way."),
        validators=[Length(max=4000)],
    )
    public = BooleanField(
        _l("Anyone may read the campaign once it is under way (the plan stays for members)"),
        default=True,
    )

    def __init__(self, *args, group_id: int, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id, self.viewer = group_id, viewer
        self.needs: list[Need] = []

    def validate_need_refs(self, field) -> None:
        """Each number names a need of the group the viewer may read, not grouped into
        another (link the one it joined)."""
        numbers = list(dict.fromkeys(int(n) for n in REFERENCE.findall(field.data or "")))
        leftover = REFERENCE.sub("", field.data or "")
        if leftover.strip(" ,;\n\r\t"):
            raise ValidationError(_l("Write the needs' numbers only, for example: B-12, B-14."))
        if len(numbers) > MAX_NEEDS:
            raise ValidationError(
                _l("At most %(count)s needs: group the others first.", count=MAX_NEEDS)
            )
        found = {
            need.number: need
            for need in db.session.scalars(
                db.select(Need).where(Need.group_id == self.group_id, Need.number.in_(numbers))
            )
            if need.shown_to(self.viewer) and need.merged_into_id is None
        }
        missing = [f"B-{number}" for number in numbers if number not in found]
        if missing:
            raise ValidationError(_l("No such need here: %(refs)s.", refs=", ".join(missing)))
        self.needs = [found[number] for number in numbers]


def need_refs(needs) -> str:
    """The needs as the form shows them: "B-12, B-14"."""
    return ", ".join(need.reference for need in needs)


class ChartForm(FlaskForm):
    """The strategy chart's goals and organizational considerations."""

    goal_long = TextAreaField(
        _l("Long-term goal"),
        description=_l("What the group wants in the end, beyond this campaign."),
        validators=[Length(max=2000)],
    )
    goal_intermediate = TextAreaField(
        _l("Intermediate goal: this campaign's win"),
        validators=[Length(max=2000)],
    )
    goal_short = TextAreaField(
        _l("Short-term steps"),
        description=_l("The first wins on the way, one per line."),
        validators=[Length(max=2000)],
    )
    victory = StringField(
        _l("What victory looks like, in a sentence"),
        validators=[Length(max=300)],
    )
    resources = TextAreaField(
        _l("What the group puts in"),
        description=_l("People, time, money, rooms, contacts."),
        validators=[Length(max=2000)],
    )
    gains = TextAreaField(
        _l("What the group wants to gain"),
        description=_l("New members, new leaders, visibility, money."),
        validators=[Length(max=2000)],
    )
    problems = TextAreaField(
        _l("Internal problems to solve"),
        validators=[Length(max=2000)],
    )

"""Forms of the people around a campaign: a target, a stakeholder."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from assembly.campaigns.models import StakeholderInfluence, StakeholderKind, StakeholderStance


class TargetForm(FlaskForm):
    """Someone who can give the group what it asks: a person, their role, their organisation."""

    primary = RadioField(
        _l("Kind of target"),
        choices=[
            SelectChoice("1", _l("Primary: can give what the group asks")),
            SelectChoice("0", _l("Secondary: has power over the primary target")),
        ],
        default="1",
        validators=[InputRequired()],
    )
    name = StringField(
        _l("Name"),
        description=_l("The person, when known, for example: Mme Nadia Roux."),
        validators=[Length(max=140)],
    )
    role = StringField(
        _l("Role"),
        description=_l("For example: director of the local agency."),
        validators=[DataRequired(), Length(max=140)],
    )
    organisation = StringField(_l("Organisation"), validators=[Length(max=140)])
    power = TextAreaField(_l("What power they have over the issue"), validators=[Length(max=2000)])
    cares = TextAreaField(_l("What they care about"), validators=[Length(max=2000)])
    notes = TextAreaField(
        _l("The team's notes"),
        description=_l("Only the team reads them."),
        validators=[Length(max=4000)],
    )

    @staticmethod
    def data_of(target) -> dict:
        """The form's values for an existing target (the radio says "1" or "0")."""
        names = ("name", "role", "organisation", "power", "cares", "notes")
        return {"primary": "1" if target.primary else "0"} | {
            name: getattr(target, name) for name in names
        }

    def values(self) -> dict:
        """What the operations write."""
        return {
            "primary": self.primary.data == "1",
            "name": (self.name.data or "").strip(),
            "role": self.role.data.strip(),
            "organisation": (self.organisation.data or "").strip(),
            "power": (self.power.data or "").strip(),
            "cares": (self.cares.data or "").strip(),
            "notes": (self.notes.data or "").strip(),
        }


class StakeholderForm(FlaskForm):
    """An organisation or a person with a stake, placed on the power map."""

    kind = RadioField(_l("Who they are"), choices=StakeholderKind.choices(), default="ally")
    name = StringField(
        _l("Name"),
        description=_l("An organisation or a person, for example: the tenants' association."),
        validators=[DataRequired(), Length(max=140)],
    )
    stake = TextAreaField(
        _l("Their stake"),
        description=_l("What they win or lose by the group's demand. Only the team reads it."),
        validators=[Length(max=2000)],
    )
    influence = SelectField(
        _l("Influence on the target"),
        choices=StakeholderInfluence.choices(),
        coerce=int,
        default=3,
    )
    stance = SelectField(
        _l("Where they stand"),
        choices=StakeholderStance.choices(),
        coerce=int,
        default=0,
    )

    def values(self) -> dict:
        return {
            "kind": StakeholderKind(self.kind.data),
            "name": self.name.data.strip(),
            "stake": (self.stake.data or "").strip(),
            "influence": self.influence.data,
            "stance": self.stance.data,
        }

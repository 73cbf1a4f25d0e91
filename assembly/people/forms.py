"""People's forms (the contact part the features' forms share is `web.forms.contact_part`).

`PersonForm` is a person's card as the team writes it in the contact book, and
`ConsentForm` a consent the team collected by hand.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from assembly.auth.models import User
from assembly.clock import local_today
from assembly.people.models import ConsentPurpose, ConsentSource, ReachBy
from assembly.people.operations import CARD_FIELDS
from assembly.people.organizing import LADDER_LEVELS, LEVEL_NAME_LENGTH
from assembly.web.contact import parse_email, parse_phone
from assembly.web.forms import DateField, ViewChoicesField
from assembly.web.once import SentOnce


class PersonForm(FlaskForm):
    """A person's card, as the team writes it: who they are and how to reach them.

    The phone is kept in E.164 and the e-mail checked (web.contact); notes on
    opinions, union membership, health or origin only under a live consent for them
    (the view sets `person`: None for a new card, which has no consent yet).
    """

    name = StringField(_l("Name"), validators=[Length(max=80)])
    phone = StringField(
        _l("Phone"),
        description=_l("For example 06 12 34 56 78, or +44 20 7946 0958."),
        validators=[Optional(), Length(max=40)],
        render_kw={"type": "tel", "autocomplete": "off", "dir": "ltr"},
    )
    email = StringField(
        _l("E-mail"),
        validators=[Optional(), Length(max=254)],
        render_kw={"type": "email", "autocomplete": "off", "dir": "ltr"},
    )
    address = StringField(
        _l("Street address"),
        description=_l("Number and street, if they live outside the buildings."),
        validators=[Optional(), Length(max=200)],
    )
    building = StringField(_l("Building"), validators=[Optional(), Length(max=140)])
    staircase = StringField(_l("Staircase"), validators=[Optional(), Length(max=40)])
    floor = StringField(_l("Floor"), validators=[Optional(), Length(max=40)])
    preferred_channel = SelectField(_l("Prefers to be reached by"), default="")
    language = SelectField(_l("Language for messages"), default="")
    languages = StringField(
        _l("Languages spoken"),
        description=_l("In words, for example: French, Wolof."),
        validators=[Optional(), Length(max=200)],
    )
    sensitive = TextAreaField(
        _l("What they chose to share about their opinions, union membership, health or origin"),
        description=_l(
            "Only with their explicit consent for it, recorded on their page. Leave it empty "
            "otherwise."
        ),
        validators=[Optional(), Length(max=4000)],
        render_kw={"rows": 3},
    )

    def __init__(self, *args, person=None, languages: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.read: dict[str, str] = {}  # the phone and e-mail as read, once validated
        self.preferred_channel.choices = [SelectChoice("", _l("— not said —")), *ReachBy.choices()]
        self.language.choices = [SelectChoice("", _l("— not said —"))] + [
            SelectChoice(code, name) for code, name in (languages or {}).items()
        ]

    def validate_name(self, field):
        if not (field.data or "").strip() and not (self.building.data or "").strip():
            raise ValidationError(_l("Give a name, or at least the building."))

    def validate_phone(self, field):
        self.read["phone"] = _read(parse_phone, field.data)

    def validate_email(self, field):
        self.read["email"] = _read(parse_email, field.data)

    def validate_sensitive(self, field):
        consented = self.person is not None and self.person.may(ConsentPurpose.SENSITIVE)
        if (field.data or "").strip() and not consented:
            raise ValidationError(
                _l(
                    "Record their explicit consent for this first, on their page (“%(purpose)s”). "
                    "Without it, this stays empty.",
                    purpose=ConsentPurpose.SENSITIVE.label,
                )
            )

    def card(self) -> dict:
        """The fields as people.operations takes them (CARD_FIELDS): trimmed, the phone in
        E.164 and the e-mail as checked (the boxes keep what was typed, for a re-display)."""
        card = {name: (self[name].data or "").strip() for name in CARD_FIELDS}
        card.update(self.read)
        channel = card["preferred_channel"]
        card["preferred_channel"] = ReachBy(channel) if channel else None
        return card


def _read(parse, text: str | None) -> str:
    """`text` read by `parse` (web.contact), "" when empty; its message next to the field."""
    try:
        return parse(text) if (text or "").strip() else ""
    except ValueError as error:
        raise ValidationError(str(error)) from None


# Where the team collects a consent by hand; the web form records its own.
TEAM_SOURCES = (ConsentSource.PAPER, ConsentSource.PHONE, ConsentSource.MEETING, ConsentSource.DOOR)


class ConsentForm(SentOnce, FlaskForm):
    """A consent the person gave the team: for what, and how it was collected."""

    purpose = SelectField(_l("They agree to"), choices=ConsentPurpose.choices())
    source = SelectField(
        _l("Given"),
        choices=[SelectChoice(source.value, source.label) for source in TEAM_SOURCES],
    )


# --- One-to-ones, the ladder and asks (people/views/relations.py) ----------------------


def not_after_today(form, field) -> None:
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("This date is still to come: give the day it happened."))


class OneToOneForm(SentOnce, FlaskForm):
    """A one-to-one: when, who met them, what moves them, and the next step."""

    met_on = DateField(
        _l("Met on"),
        default=local_today,
        description=_l("For example 2026-03-14."),
        validators=[InputRequired(), not_after_today],
    )
    met_by = ViewChoicesField(_l("Who met them"))
    self_interest = TextAreaField(
        _l("What they care about"),
        description=_l("Their self-interest: what makes them angry, what they want to change."),
        validators=[Length(max=1000)],
        render_kw={"rows": 3},
    )
    story = TextAreaField(
        _l("Their story"),
        description=_l(
            "What they told of their life here. Their opinions, health, union or origin only "
            "if they agreed that the group keeps them."
        ),
        validators=[Length(max=2000)],
        render_kw={"rows": 4},
    )
    talents = TextAreaField(
        _l("Talents"),
        description=_l("What they know how to do, what they like doing."),
        validators=[Length(max=500)],
        render_kw={"rows": 2},
    )
    networks = TextAreaField(
        _l("Networks"),
        description=_l("Whom they know: neighbours, family, work, a club, a parents' group…"),
        validators=[Length(max=500)],
        render_kw={"rows": 2},
    )
    next_step = StringField(
        _l("Next step"),
        description=_l("For example: Call her back to invite her to the assembly."),
        validators=[Length(max=200)],
    )
    next_step_on = DateField(
        _l("Next step by (optional)"),
        description=_l("The follow-up list shows it from that day."),
        validators=[Optional()],
    )

    def offer(self, members: list[User]) -> None:
        """The group's members as the choices of `met_by`."""
        self.members = {str(user.id): user for user in members}
        self.met_by.choices = [
            SelectChoice(key, user.display_name) for key, user in self.members.items()
        ]

    def member(self) -> User | None:
        """The member chosen, if the value is one of the group's members."""
        return getattr(self, "members", {}).get(self.met_by.data or "")

    def validate_met_by(self, field) -> None:
        if self.member() is None:
            raise ValidationError(_l("Choose a member of the group."))

    def validate_next_step_on(self, field) -> None:
        if field.data is None:
            return
        if not (self.next_step.data or "").strip():
            raise ValidationError(_l("Say what the next step is, or leave its date empty."))
        if self.met_on.data is not None and field.data < self.met_on.data:
            raise ValidationError(_l("The next step comes after the one-to-one."))

    def fields(self) -> dict:
        """What the operations take, read from the form."""
        return {
            "met_on": self.met_on.data,
            "met_by": self.member(),
            "self_interest": self.self_interest.data or "",
            "story": self.story.data or "",
            "talents": self.talents.data or "",
            "networks": self.networks.data or "",
            "next_step": self.next_step.data or "",
            "next_step_on": self.next_step_on.data,
        }


class LadderForm(FlaskForm):
    """The names of the group's ladder of engagement, one per line, the first rung first."""

    levels = TextAreaField(
        _l("Levels, one per line"),
        description=_l("From the first contact to leadership: 2 to 10 levels."),
        validators=[InputRequired(), Length(max=2000)],
        render_kw={"rows": 6},
    )

    def names(self) -> list[str]:
        return [line.strip() for line in (self.levels.data or "").splitlines() if line.strip()]

    def validate_levels(self, field) -> None:
        names = self.names()
        low, high = LADDER_LEVELS
        if not low <= len(names) <= high:
            raise ValidationError(
                _l("Give from %(low)s to %(high)s levels, one per line.", low=low, high=high)
            )
        if long := [name for name in names if len(name) > LEVEL_NAME_LENGTH]:
            raise ValidationError(
                _l(
                    "A level's name has %(most)s characters at most: %(name)s",
                    most=LEVEL_NAME_LENGTH,
                    name=long[0][:LEVEL_NAME_LENGTH] + "…",
                )
            )
        if len({name.casefold() for name in names}) < len(names):
            raise ValidationError(_l("Two levels have the same name."))


class AskForm(SentOnce, FlaskForm):
    """What the group asked of someone ("will you bring three neighbours?"), and when."""

    what = StringField(
        _l("What we asked"),
        description=_l("For example: Will you bring three neighbours to the assembly?"),
        validators=[InputRequired(), Length(max=200)],
    )
    asked_on = DateField(
        _l("Asked on"),
        default=local_today,
        description=_l("For example 2026-03-14."),
        validators=[InputRequired(), not_after_today],
    )

    def with_ids(self, prefix: str) -> "AskForm":
        """Ids of its own on the person's page, which has other forms; names stay."""
        for f in self:
            f.id = f.label.field_id = f"{prefix}{f.name}"
        return self


# --- end of one-to-ones, the ladder and asks --------------------------------------------

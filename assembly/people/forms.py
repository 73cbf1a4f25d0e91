"""The one contact part every form that takes a resident's contact uses, and people's forms.

`contact_part(label, wording)` makes a mixin with two fields: `contact` (a phone or an
e-mail, read and checked by people.contact) and `consent` (a box whose words are the
consent's wording). A contact given without the box ticked is refused next to the box;
`form.consented_contact()` is what may be kept, `form.consent_wording()` the words the
person saw, in their language, for the Consent row.

`PersonForm` is a person's card as the team writes it in the contact book, and
`ConsentForm` a consent the team collected by hand.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from assembly.people.contact import Contact, parse_contact, parse_email, parse_phone
from assembly.people.models import ConsentPurpose, ConsentSource, ReachBy
from assembly.people.operations import CARD_FIELDS
from assembly.web.once import SentOnce


class ContactField(StringField):
    """A phone or an e-mail in one box; `.contact` holds it read (E.164, checked e-mail)."""

    contact = Contact()

    def pre_validate(self, form):
        self.contact = Contact()
        try:
            self.contact = parse_contact(self.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


def contact_part(label, wording, refusal=None) -> type:
    """A form mixin: `contact` labelled `label`, `consent` worded `wording`.

    `refusal` is the message when a contact comes without the box ticked.
    """
    refusal = refusal or _l(
        "Tick this box if we may keep your contact, or leave the contact empty."
    )

    def consent_needed(form, field):
        if (form.contact.data or "").strip() and not field.data:
            raise ValidationError(refusal)

    class ContactPart:
        contact = ContactField(label, validators=[Optional(), Length(max=254)])
        consent = BooleanField(wording, validators=[consent_needed])

        def consented_contact(self) -> Contact:
            """The contact read from the form, only when its consent box is ticked."""
            return self.contact.contact if self.consent.data else Contact()

        def consent_wording(self) -> str:
            """The consent's words as the person read them (in the page's language)."""
            return str(self.consent.label.text)

    return ContactPart


class PersonForm(FlaskForm):
    """A person's card, as the team writes it: who they are and how to reach them.

    The phone is kept in E.164 and the e-mail checked (people.contact); notes on
    opinions, union membership, health or origin only under a live consent for them
    (the view sets `person`: None for a new card, which has no consent yet).
    """

    name = StringField(_l("Name"), validators=[Length(max=80)])
    phone = StringField(
        _l("Phone"),
        description=_l("For example 06 12 34 56 78, or +44 20 7946 0958."),
        validators=[Optional(), Length(max=40)],
        render_kw={"type": "tel", "autocomplete": "off"},
    )
    email = StringField(
        _l("E-mail"),
        validators=[Optional(), Length(max=254)],
        render_kw={"type": "email", "autocomplete": "off"},
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
    """`text` read by `parse` (people.contact), "" when empty; its message next to the field."""
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

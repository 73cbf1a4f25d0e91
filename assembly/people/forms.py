"""The one contact part every form that takes a resident's contact uses, and people's forms.

`contact_part(label, wording)` makes a mixin with two fields: `contact` (a phone or an
e-mail, read and checked by people.contact) and `consent` (a box whose words are the
consent's wording). A contact given without the box ticked is refused next to the box;
`form.consented_contact()` is what may be kept, `form.consent_wording()` the words the
person saw, in their language, for the Consent row.
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional, ValidationError

from assembly.people.contact import Contact, parse_contact


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

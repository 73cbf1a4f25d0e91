"""Form pieces every feature uses."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import ValidationError


class ConsentToContact:
    """On a consent box: a contact given without the box ticked is refused.

    A phone or e-mail is personal data the group keeps only with consent, so the
    form says so next to the box rather than quietly keeping or dropping it.
    """

    def __init__(self, contact_field: str = "contact", message=None):
        self.contact_field = contact_field
        self.message = message or _l(
            "Tick this box if we may keep your contact, or leave the contact empty."
        )

    def __call__(self, form, field):
        if (form[self.contact_field].data or "").strip() and not field.data:
            raise ValidationError(self.message)


class ViewChoicesField(SelectField):
    """A select whose options the view sets (the group's themes, its members…).

    The view looks the chosen value up among its own records, so an unknown value
    simply means "none" instead of a validation error.
    """

    def __init__(self, label=None, **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)

"""Forms of a campaign's petition: writing it, signing it online, typing in paper sheets,
handing it over."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from assembly.campaigns.operations.petitions import Row
from assembly.web.contact import parse_contact
from assembly.web.forms import DateField, PublicForm, ViewChoicesField, contact_part
from assembly.web.once import SentOnce

BATCH_ROWS = 15  # the rows of one page of the batch form: about one paper sheet

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class PetitionForm(FlaskForm):
    """A petition's words and its target among the campaign's."""

    title = StringField(
        _l("Title"),
        description=_l("Short, as a demand: for example, Repair our lifts."),
        validators=[DataRequired(), Length(max=140)],
    )
    text = TextAreaField(
        _l("Text of the petition"),
        description=_l("What the signers ask, and of whom. Printed at the top of each sheet."),
        validators=[DataRequired(), Length(max=4000)],
        render_kw={"rows": 6},
    )
    target = ViewChoicesField(_l("Addressed to"))


SignatureContact = contact_part(
    _l("Phone or e-mail (optional)"),
    _l(
        "I agree that the group keeps this phone or e-mail to tell me what becomes of this "
        "petition and of the campaign's actions. Only the group's team sees it."
    ),
)


class SignForm(SignatureContact, SentOnce, PublicForm):
    """Signing online: no account, no e-mail needed; the contact and each use of it only
    if the signer chooses."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    place = StringField(
        _l("Your building or street"),
        description=_l("For example: Bâtiment A, or Rue des Lilas."),
        validators=[DataRequired(), Length(max=140)],
    )
    lives_here = RadioField(
        _l("Do you live here?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Say whether you live here."))],
    )
    reminders = BooleanField(
        _l("Also send me a reminder before the campaign's actions, by SMS or e-mail.")
    )

    def validate_reminders(self, field) -> None:
        if field.data and not (self.contact.data or "").strip():
            raise ValidationError(_l("Leave a phone or an e-mail for the reminders."))

    def reminders_wording(self) -> str:
        """The reminders box's words, if ticked, as the signer read them."""
        return str(self.reminders.label.text) if self.reminders.data else ""


# The consent box of a paper sheet, printed on it and recorded with each contact typed in.
PAPER_CONSENT = _l(
    "Tick if you agree that the group keeps your phone or e-mail to tell you what becomes "
    "of this petition and of the campaign's actions."
)


class SheetRowForm(Form):
    """One line of a paper sheet; a line left blank is skipped."""

    name = StringField(_l("Name"), validators=[Length(max=80)])
    place = StringField(_l("Building or street"), validators=[Length(max=140)])
    lives_here = SelectField(
        _l("Lives here"),
        choices=[
            SelectChoice("", "?"),
            SelectChoice("yes", _l("yes")),
            SelectChoice("no", _l("no")),
        ],
        validate_choice=False,  # anything else is "not said": row() reads yes or no only
    )
    contact = StringField(_l("Phone or e-mail"), validators=[Length(max=254)])
    consent = BooleanField(_l("Consent ticked"))

    def blank(self) -> bool:
        return not any((self[name].data or "").strip() for name in ("name", "place", "contact"))

    def validate_name(self, field) -> None:
        if not self.blank() and not (field.data or "").strip():
            raise ValidationError(_l("Write the name, or clear the line."))

    def validate_contact(self, field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        try:
            parse_contact(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not self.consent.data:
            raise ValidationError(
                _l("Keep a contact only if its box is ticked on the sheet: clear it otherwise.")
            )

    def row(self) -> Row:
        lives = {"yes": True, "no": False}.get(self.lives_here.data)
        contact = parse_contact(self.contact.data) if self.consent.data else parse_contact("")
        return Row(
            name=self.name.data, place=self.place.data or "", lives_here=lives, contact=contact
        )


class Lines(FieldList):
    """Exactly `min_entries` lines, each read from its own index: a line missing from what
    was sent is a blank line (FieldList would renumber the others and read one twice)."""

    def process(self, formdata, data=None, extra_filters=None):
        self.last_index, self.entries, self.object_data = -1, [], []
        for index in range(self.min_entries):
            self._add_entry(formdata if formdata else None, index=index)


class BatchForm(SentOnce, FlaskForm):
    """A page of paper signatures typed in at once, with the sheets' label."""

    sheet = StringField(
        _l("Sheet"),
        description=_l("How the sheets are marked, for example: Sheet 3, Saturday market."),
        validators=[DataRequired(), Length(max=60)],
    )
    rows = Lines(FormField(SheetRowForm), min_entries=BATCH_ROWS, max_entries=BATCH_ROWS)

    def typed_rows(self) -> list[Row]:
        return [entry.form.row() for entry in self.rows if not entry.form.blank()]

    def validate_rows(self, field) -> None:
        if not any(not entry.form.blank() for entry in field):
            raise ValidationError(_l("Type at least one line of the sheet."))


class DeliverForm(FlaskForm):
    """When and where the petition is handed to its target."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=140)])
    date = DateField(_l("Date"), validators=[InputRequired()])
    time = TimeField(_l("Time"), validators=[InputRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=140)])

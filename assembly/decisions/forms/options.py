"""The options of a majority judgment, typed one per line: the same rule for every form."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from assembly.decisions.models import Method
from assembly.decisions.operations.online import MAX_OPTIONS


class JudgmentOptions:
    """For a form with `method` and `options` fields: read and check the options typed."""

    def option_labels(self) -> list[str]:
        """The options typed, one per line, blanks and repeats left out."""
        lines = [line.strip() for line in (self.options.data or "").splitlines()]
        return list(dict.fromkeys(line for line in lines if line))

    def validate_options(self, field):
        if self.method.data != Method.JUDGMENT:
            return
        labels = self.option_labels()
        if len(labels) < 2:
            raise ValidationError(_l("A majority judgment needs at least two options."))
        if len(labels) > MAX_OPTIONS:
            raise ValidationError(_l("At most 12 options."))
        if any(len(label) > 200 for label in labels):
            raise ValidationError(_l("Each option must fit in 200 characters."))

"""Enums that carry their own words: `DecisionStatus.OPEN.label` instead of a `STATUS_NAMES` dict.

A feature writes its labels next to its members, in the manner of Indico's
`RichEnum`:

    class DecisionStatus(Labelled, StrEnum):
        __labels__ = {"open": _l("open"), "closed": _l("closed")}
        OPEN = "open"
        CLOSED = "closed"

Labels are lazy strings, so forms built at import time translate at render time.
`tests/web/test_enums.py` holds that every member of every such enum has one.
"""

from enum import Enum
from typing import Any

from sqlalchemy import Enum as SQLEnum
from wtforms.fields.choices import SelectChoice


class Labelled:
    """Mixin for an enum whose `__labels__` maps each member's value to its label."""

    __labels__: dict[Any, Any] = {}

    @property
    def label(self) -> Any:
        """The member's name in words, translated when rendered."""
        return type(self).__labels__[self.value]  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """(value, label) options in declaration order, for a WTForms field."""
        return [SelectChoice(member.value, member.label) for member in cls]  # type: ignore[attr-defined]

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        """{value: label} for every member, e.g. to name the keys of a count."""
        return {member.value: member.label for member in cls}  # type: ignore[attr-defined]


def enum_text(enum: type[Enum], length: int) -> SQLEnum:
    """A column type that stores `enum`'s values as VARCHAR(length) and loads its members.

    No native type and no CHECK constraint: the schema is the plain string column it was,
    so rows load as members (`need.status.label`) without a migration.
    """
    return SQLEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )

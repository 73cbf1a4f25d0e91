"""What personal data each feature keeps, why, for how long and who sees it — and how its
rows point at a person, which the residents' rights follow.

The /data pages render this registry; the export, the erasure and the daily purge
(`web/rights.py`) act on it; the shared floor never imports a feature. Each feature
declares its own data from its models module, which the app always imports, with
`declare(feature, title, *kept, refers=…, purge=…)`:

- a `Kept` says what is kept, why, how long, who sees it, and names its columns, so a
  test can hold that every column holding personal data is declared somewhere;
- a `Refers` says how rows of one table point at a person (`people.id`) or an account
  (`users.id`), and what erasing the person does to them: `DELETE` the row, or `Keep`
  it for the group's counts with some columns erased (`Erase.NULL`, `Erase.BLANK`,
  `Erase.NEUTRAL`, or `Drop` keys of a JSON column);
- a `Purge` is a retention rule: which rows are past their time, and what becomes of them.

Say only what the code does: a datum nobody erases is "kept as long as the group
keeps its records", not "a year".
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Literal

from flask_babel import LazyString

# The tables whose rows are the subjects of the rights: a person a group knows, an account.
SUBJECTS: Final = ("people", "users")

# What a name shown in lists becomes once erased (an attendance, an answer, a named ballot):
# no language's word, so that the row reads the same in every language.
ERASED_NAME: Final = "—"


class Erase(StrEnum):
    """What erasing does to one column of a row the group keeps."""

    NULL = "null"  # a link, a key, a date: set to NULL
    BLANK = "blank"  # a text emptied, a flag cleared
    NEUTRAL = "neutral"  # a name lists still show: replaced by ERASED_NAME


DELETE: Final = "delete"  # the whole row goes


@dataclass(frozen=True)
class Drop:
    """For a JSON column: take these keys out, leave the rest (the journal's payload)."""

    keys: tuple[str, ...]

    def __init__(self, *keys: str) -> None:
        object.__setattr__(self, "keys", keys)


@dataclass(frozen=True)
class Keep:
    """The row stays, because the group counts it; the named columns are erased.

    Besides them, the row's links to a person or an account (its `Refers.by` columns
    that point at `people` or `users`) are set to NULL.
    """

    columns: Mapping[str, Erase | Drop]

    def __init__(self, **columns: Erase | Drop) -> None:
        object.__setattr__(self, "columns", columns)


Treatment = Keep | Literal["delete"]


@dataclass(frozen=True, eq=False)
class Refers:
    """How rows of `table` point at a person or an account, and what erasure does to them.

    `by` names the pointing columns: a foreign key to `people.id` or `users.id`, the
    table's own id for the person or account row itself, or a foreign key to rows of
    another table that some `Refers` reaches (a speaking turn's attendance). A column
    without a foreign key says what it points at with `to`, and `where` restricts the
    rows (the journal's `subject_id`, for `subject_type` "people").

    `acted=True`: the person only did something to the row (recorded someone's consent,
    knocked a door); the row is someone else's, so the export gives the link and the
    columns in `shows`, and erasing leaves it (it goes with the account). `withheld`
    columns are never exported: secrets that prove nothing to the person (a password's hash).
    """

    table: str
    by: tuple[str, ...]
    erase: Treatment = DELETE
    acted: bool = False
    shows: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()
    to: str | None = None
    where: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Purge:
    """A retention rule that `assembly purge` applies every day.

    `due(now)` is the SQL condition on `table` for the rows past their time; `erase`
    deletes them (a person: erased, as on request) or keeps them with columns erased.
    `name` (English) names the count in the command's output.
    """

    table: str
    name: str
    due: Callable[[datetime], Any]
    erase: Treatment


@dataclass(frozen=True)
class Kept:
    """One personal datum a feature keeps: what, why, how long, who sees it."""

    what: LazyString
    why: LazyString
    how_long: LazyString
    seen_by: LazyString
    columns: tuple[str, ...] = field(default=())  # "table.column" this covers


@dataclass(frozen=True)
class Declaration:
    """One feature's personal data, under a heading of its own."""

    feature: str
    title: LazyString
    kept: tuple[Kept, ...]
    refers: tuple[Refers, ...] = ()
    purge: tuple[Purge, ...] = ()


DECLARATIONS: dict[str, Declaration] = {}


def declare(
    feature: str,
    title: LazyString,
    *kept: Kept,
    refers: tuple[Refers, ...] = (),
    purge: tuple[Purge, ...] = (),
) -> None:
    """Say what personal data `feature` keeps, how it points at people, and when it
    goes (call it once, at import)."""
    DECLARATIONS[feature] = Declaration(feature, title, kept, refers, purge)


def declarations() -> list[Declaration]:
    """Every feature's declaration, in the order the features were imported."""
    return list(DECLARATIONS.values())


def declared_columns() -> set[str]:
    """Every "table.column" some declaration covers."""
    return {column for d in DECLARATIONS.values() for kept in d.kept for column in kept.columns}


def all_refers() -> list[Refers]:
    """Every declared way a row points at a person or an account."""
    return [ref for d in DECLARATIONS.values() for ref in d.refers]


def all_purges() -> list[Purge]:
    """Every declared retention rule, in declaration order."""
    return [rule for d in DECLARATIONS.values() for rule in d.purge]


def referring_columns() -> set[str]:
    """Every "table.column" some `Refers` follows."""
    return {f"{ref.table}.{column}" for ref in all_refers() for column in ref.by}

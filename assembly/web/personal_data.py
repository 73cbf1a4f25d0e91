"""What personal data each feature keeps, why, for how long and who sees it.

The /data page renders this registry; the shared floor never imports a feature.
Each feature declares its own data from its models module, which the app always
imports, with `declare(feature, title, *kept)`. A `Kept` names the columns it covers,
so a test can hold that every column holding personal data is declared somewhere.
Say only what the code does: a datum nobody erases is "kept as long as the group
keeps its records", not "a year".
"""

from dataclasses import dataclass, field

from flask_babel import LazyString


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


DECLARATIONS: dict[str, Declaration] = {}


def declare(feature: str, title: LazyString, *kept: Kept) -> None:
    """Say what personal data `feature` keeps (call it once, at import)."""
    DECLARATIONS[feature] = Declaration(feature, title, kept)


def declarations() -> list[Declaration]:
    """Every feature's declaration, in the order the features were imported."""
    return list(DECLARATIONS.values())


def declared_columns() -> set[str]:
    """Every "table.column" some declaration covers."""
    return {column for d in DECLARATIONS.values() for kept in d.kept for column in kept.columns}

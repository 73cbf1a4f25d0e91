"""Residents' rights, done from the declarations: export, erasure and the daily purge.

Features only declare (`web/personal_data.py`): which of their columns point at a
person or an account (`Refers`), what erasing does to each row, and which rows expire
(`Purge`). This engine follows those links through `db.metadata`, table by table, and
never names a feature:

- `reach(seeds, group_id)` finds every row that refers to the seeds (people, accounts),
  following the declared links one step further each pass (a person → their attendances
  → the speaking turns of those attendances), within one group when `group_id` is given;
- `archive(found, …)` packs those rows as JSON and as one formula-safe CSV per table in a zip;
- `erase(found)` deletes or anonymises them as declared, so that counts stay right;
- `purge(now)` applies the retention rules.

Callers commit (except `purge`, which commits each rule as it goes).
"""

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Table, and_, delete, false, or_, select, update

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.web.personal_data import (
    DELETE,
    ERASED_NAME,
    SUBJECTS,
    Drop,
    Erase,
    Keep,
    Refers,
    all_purges,
    all_refers,
    declarations,
)
from assembly.web.spreadsheet import csv_text

Key = tuple  # a row's primary key, as a tuple (one value for most tables)
Found = dict[Refers, set[Key]]
CHUNK = 500  # ids per IN (…): far below SQLite's and PostgreSQL's limits


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _key_columns(table: Table) -> list:
    return list(table.primary_key.columns)


def target(ref: Refers, column: str) -> str:
    """The table `ref.table.column` points at: its foreign key's, `ref.to`, or the table
    itself for its own id (the person's row)."""
    if ref.to is not None:
        return ref.to
    col = _table(ref.table).c[column]
    keys = list(col.foreign_keys)
    if not keys and col.primary_key:
        return ref.table
    (key,) = keys
    return key.column.table.name


def subject_links(ref: Refers) -> list[str]:
    """The columns of `ref.by` that point at a person or an account (not at the row itself)."""
    own = {column.name for column in _key_columns(_table(ref.table))}
    return [c for c in ref.by if target(ref, c) in SUBJECTS and not (c in own and ref.to is None)]


def in_group(table: Table, group_id: int, _seen: tuple[str, ...] = ()) -> ColumnElement | None:
    """SQL: the rows of `table` that belong to group `group_id`, by its `group_id` or through
    its first foreign key to a table that has one (a support through its need); None when
    the table belongs to no group (an account)."""
    if "group_id" in table.c:
        return table.c.group_id == group_id
    for column in table.c:
        for key in column.foreign_keys:
            parent = key.column.table
            if parent is table or parent.name in _seen:
                continue
            inner = in_group(parent, group_id, (*_seen, table.name))
            if inner is not None:
                return column.in_(select(key.column).where(inner))
    return None


def _key_in(table: Table, keys: Iterable[Key]) -> ColumnElement:
    """SQL: the rows of `table` whose primary key is one of `keys`."""
    columns = _key_columns(table)
    keys = list(keys)
    if len(columns) == 1:
        return columns[0].in_([key[0] for key in keys])
    return or_(*(and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in keys))


def _chunks(keys: Iterable[Key]) -> Iterable[list[Key]]:
    keys = sorted(keys)
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def reach(seeds: Mapping[str, Iterable[int]], group_id: int | None = None) -> Found:
    """Every row that refers to the `seeds` ({"people": ids, "users": ids}), by declared
    `Refers`, within group `group_id` when given (rows of no group are then left out).

    Rows found by a `Refers` that is not `acted` are followed in turn: a link to them
    (a speaking turn's attendance) reaches further.
    """
    refers = all_refers()
    selected: dict[str, set[int]] = defaultdict(set)
    for table, ids in seeds.items():
        selected[table].update(i for i in ids if i is not None)
    found: Found = {ref: set() for ref in refers}
    for _ in range(len(refers) + 1):  # each pass follows one more link; a few suffice
        grew = False
        for ref in refers:
            table = _table(ref.table)
            pointing = [
                table.c[column].in_(sorted(selected[target(ref, column)]))
                for column in ref.by
                if selected[target(ref, column)]
            ]
            if not pointing:
                continue
            query = select(*_key_columns(table)).where(or_(*pointing))
            query = query.where(*(table.c[name] == value for name, value in ref.where.items()))
            if group_id is not None:
                scope = in_group(table, group_id)
                query = query.where(scope if scope is not None else false())
            new = {tuple(row) for row in db.session.execute(query)} - found[ref]
            if new:
                found[ref] |= new
                grew = True
                if not ref.acted and len(table.primary_key.columns) == 1:
                    selected[ref.table].update(key[0] for key in new)
        if not grew:
            break
    return found


def subject_seeds(table_name: str, ids: Iterable[int]) -> dict[int | None, dict[str, set[int]]]:
    """The seeds to erase the subject rows `ids` of `table_name` ("people"), by group:
    each row and the accounts it links to (a person's account)."""
    table = _table(table_name)
    links = [
        (column, target(ref, column))
        for ref in all_refers()
        if ref.table == table_name and not ref.acted
        for column in subject_links(ref)
    ]
    grouped = "group_id" in table.c
    by_group: dict[int | None, dict[str, set[int]]] = {}
    for chunk in _chunks((i,) for i in ids):
        for row in db.session.execute(select(table).where(_key_in(table, chunk))).mappings():
            seeds = by_group.setdefault(row["group_id"] if grouped else None, defaultdict(set))
            seeds[table_name].add(row["id"])
            for column, linked in links:
                if row[column] is not None:
                    seeds[linked].add(row[column])
    return by_group


# --- Export ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON holds it: enums by value, dates in ISO 8601."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def rows_of(found: Found) -> dict[str, list[dict[str, Any]]]:
    """The rows found, table by table (by primary key): whole, less the `withheld`
    columns; a row the person only acted on, as its link and the columns it `shows`."""
    whole: dict[str, set[Key]] = defaultdict(set)
    partial: dict[str, dict[Key, set[str]]] = defaultdict(lambda: defaultdict(set))
    withheld: dict[str, set[str]] = defaultdict(set)
    for ref, keys in found.items():
        withheld[ref.table].update(ref.withheld)
        if ref.acted:
            for key in keys:
                partial[ref.table][key].update((*ref.by, *ref.shows))
        else:
            whole[ref.table] |= keys
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in db.metadata.sorted_tables:
        keys = whole[table.name] | set(partial[table.name])
        if not keys:
            continue
        key_names = [c.name for c in _key_columns(table)]
        rows = []
        for chunk in _chunks(keys):
            query = select(table).where(_key_in(table, chunk))
            for row in db.session.execute(query.order_by(*_key_columns(table))).mappings():
                key = tuple(row[name] for name in key_names)
                if key in whole[table.name]:
                    shown = [c.name for c in table.c if c.name not in withheld[table.name]]
                else:
                    link = {*key_names, *partial[table.name][key]}
                    shown = [c.name for c in table.c if c.name in link]
                rows.append({name: _plain(row[name]) for name in shown})
        tables[table.name] = rows
    return tables


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def archive(found: Found, about: Mapping[str, Any], readme: str) -> bytes:
    """A zip of the rows found: `data.json` (every table), one CSV per table (formula-safe,
    semicolons, for French spreadsheets) and `README.txt` (`readme`, in the reader's words)."""
    tables = rows_of(found)
    now = utcnow()
    document = {"exported_at": now.isoformat(), "about": dict(about), "tables": tables}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:

        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, text.encode())

        put("README.txt", readme)
        put("data.json", json.dumps(document, ensure_ascii=False, indent=1))
        for name, rows in tables.items():
            header = list(dict.fromkeys(column for row in rows for column in row))
            cells = ([_cell(row.get(column)) for column in header] for row in rows)
            put(f"{name}.csv", csv_text(header, cells))
    return out.getvalue()


# --- Erasure --------------------------------------------------------------------------


@dataclass
class Counts:
    """How many rows erasure deleted and kept (anonymised), by declaring feature."""

    deleted: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())

    @property
    def total_kept(self) -> int:
        return sum(self.kept.values())


def _blank(column) -> Any:
    if isinstance(column.type, Boolean):
        return False
    if isinstance(column.type, JSON):
        return {}
    return ""


def _erased_values(table: Table, keep: Keep, links: Iterable[str]) -> dict[str, Any]:
    """The values a `Keep` writes, besides dropped keys: links and NULL columns to NULL,
    texts blanked, names neutral."""
    values: dict[str, Any] = dict.fromkeys(links)
    for name, how in keep.columns.items():
        if how == Erase.NULL:
            values[name] = None
        elif how == Erase.BLANK:
            values[name] = _blank(table.c[name])
        elif how == Erase.NEUTRAL:
            values[name] = ERASED_NAME
    return values


def _keep(table: Table, keep: Keep, keys: set[Key], links: Iterable[str] = ()) -> None:
    """Erase the columns `keep` names (and the `links`) of the rows `keys`, which stay."""
    values = _erased_values(table, keep, links)
    drops = {name: how.keys for name, how in keep.columns.items() if isinstance(how, Drop)}
    for chunk in _chunks(keys):
        if values:
            db.session.execute(update(table).where(_key_in(table, chunk)).values(**values))
        for name, dropped in drops.items():
            query = select(*_key_columns(table), table.c[name]).where(_key_in(table, chunk))
            for *key, payload in db.session.execute(query).all():
                if payload and any(k in payload for k in dropped):
                    kept = {k: v for k, v in payload.items() if k not in dropped}
                    statement = update(table).where(_key_in(table, [tuple(key)]))
                    db.session.execute(statement.values({name: kept}))


def _delete(table: Table, keys: set[Key]) -> None:
    for chunk in _chunks(keys):
        db.session.execute(delete(table).where(_key_in(table, chunk)))


def feature_of(ref: Refers) -> str:
    """The feature that declared `ref`."""
    return next(d.feature for d in declarations() if any(r is ref for r in d.refers))


def plan(found: Found) -> Counts:
    """What `erase(found)` would do, counted by feature (the confirmation page)."""
    deleted: dict[str, set] = defaultdict(set)
    kept: dict[str, set] = defaultdict(set)
    for ref, keys in found.items():
        if ref.acted or not keys:
            continue
        into = deleted if ref.erase == DELETE else kept
        into[feature_of(ref)] |= {(ref.table, key) for key in keys}
    return Counts(
        deleted={feature: len(rows) for feature, rows in deleted.items()},
        kept={feature: len(rows - deleted[feature]) for feature, rows in kept.items()},
    )


def erase(found: Found) -> Counts:
    """Delete or anonymise every row found, as declared; rows the person only acted on stay.

    Rows kept are anonymised first, then rows deleted go, those that point at others first.
    """
    counts = plan(found)
    for ref, keys in found.items():
        if keys and not ref.acted and isinstance(ref.erase, Keep):
            _keep(_table(ref.table), ref.erase, keys, subject_links(ref))
    order = {table.name: rank for rank, table in enumerate(db.metadata.sorted_tables)}
    doomed = [(ref, keys) for ref, keys in found.items() if keys and not ref.acted]
    for ref, keys in sorted(doomed, key=lambda pair: -order[pair[0].table]):
        if ref.erase == DELETE:
            _delete(_table(ref.table), keys)
    db.session.expire_all()
    return counts


def erase_subjects(table_name: str, ids: Iterable[int]) -> Counts:
    """Erase the subject rows `ids` of `table_name` ("people") and every row that refers to
    them, each within its own group."""
    total = Counts()
    for group_id, seeds in subject_seeds(table_name, ids).items():
        counts = erase(reach(seeds, group_id))
        for feature, n in counts.deleted.items():
            total.deleted[feature] = total.deleted.get(feature, 0) + n
        for feature, n in counts.kept.items():
            total.kept[feature] = total.kept.get(feature, 0) + n
    return total


# --- Retention ------------------------------------------------------------------------


def _pending(table: Table, keep: Keep) -> ColumnElement:
    """SQL: the rows that still hold something `keep` erases (so each day only new ones)."""
    conditions = []
    for name, how in keep.columns.items():
        column = table.c[name]
        if isinstance(how, Drop):
            conditions += [column[key].as_string().is_not(None) for key in how.keys]
        elif how == Erase.NULL:
            conditions.append(column.is_not(None))
        elif how == Erase.NEUTRAL:
            conditions.append(column != ERASED_NAME)
        elif isinstance(column.type, Boolean):
            conditions.append(column.is_(True))
        else:
            conditions.append(column != "")
    return or_(false(), *conditions)


def purge(now: datetime) -> list[tuple[str, int]]:
    """Apply every retention rule at `now`; return (rule name, rows treated), in order.

    A subject row past its time (a person without activity) is erased as on request;
    other rows are deleted, or keep what is not erased. Each rule commits.
    """
    done = []
    for rule in all_purges():
        table = _table(rule.table)
        query = select(*_key_columns(table)).where(rule.due(now))
        if isinstance(rule.erase, Keep):
            query = query.where(_pending(table, rule.erase))
        keys = {tuple(row) for row in db.session.execute(query)}
        if rule.erase == DELETE and rule.table in SUBJECTS:
            erase_subjects(rule.table, (key[0] for key in keys))
        elif rule.erase == DELETE:
            _delete(table, keys)
        else:
            _keep(table, rule.erase, keys)
        db.session.commit()
        done.append((rule.name, len(keys)))
    return done

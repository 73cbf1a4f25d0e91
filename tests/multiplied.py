"""More of the rows a page lists: the demo's people and what they did, copied in bulk.

A page that runs one statement per row it shows (an N+1) looks fine on the demo's few
rows and falls over on a real group's thousands. `multiply(times)` adds `times` copies
of every person, account and membership, and of what people did — needs and their
supports, attendances and replies, speaking turns, ballots, door visits, signatures,
contributions, one-to-ones, messages, tasks, events… — each copy done by a copied
person, on the *same* meeting, decision, canvass, campaign or need as the original:
every page lists `times + 1` times as many rows. One INSERT … SELECT per table,
on SQLite and PostgreSQL alike (tests/web/test_queries_per_page.py,
bench/queries_per_page.py).
"""

import sqlalchemy as sa

from assembly.extensions import db

# The tables copied, and for each the foreign keys that point to the copy of the row
# they referenced (the copied user, person, visit…); every other foreign key keeps the
# original row: the meeting, the decision, the need the copy belongs to. Tables not
# named here (groups, meetings, decisions, campaigns…) are the containers the pages show.
COPIED = {
    "users": (),
    "people": ("user_id",),
    "memberships": ("user_id",),
    "consents": ("person_id", "recorded_by_id"),
    "asks": ("person_id",),
    "one_to_ones": ("person_id",),
    "needs": ("author_id", "person_id"),
    "supports": ("user_id", "person_id"),
    "counted_supports": (),
    "attendances": ("user_id", "person_id"),
    "rsvps": ("user_id", "person_id"),
    "speaker_turns": ("attendance_id",),
    "agenda_items": (),
    "agenda_item_needs": ("item_id",),
    "ballots": ("user_id", "attendance_id"),
    "decision_options": (),
    "objections": (),
    "ballot_grades": ("ballot_id",),
    "voting_roll": (),
    "arguments": ("user_id",),
    "canvass_team": ("user_id",),
    "canvass_visits": ("person_id", "knocked_by_id"),
    "canvass_visit_themes": ("visit_id",),
    "visit_needs": ("visit_id",),
    "petition_signatures": ("person_id", "duplicate_of_id"),
    "consultation_contributions": ("user_id", "person_id"),
    "consultation_stances": ("user_id", "person_id"),
    "consultation_endorsements": ("user_id", "person_id"),
    "campaign_needs": ("need_id",),
    "campaign_quotes": (),
    "campaign_scores": ("user_id",),
    "messages": ("person_id", "user_id", "consent_id"),
    "tasks": ("assignee_id",),
    "events": ("actor_id",),
}


def multiply(times: int) -> dict[str, int]:
    """Add `times` copies of the rows of COPIED, in one transaction; rows per table after."""
    tables = [t for t in db.metadata.sorted_tables if t.name in COPIED]
    assert {t.name for t in tables} == COPIED.keys(), "a table of COPIED is gone"
    step = {t.name: largest_id(t) for t in tables}
    tables = [t for t in tables if fits(t, times, step)]
    if times > 0:
        copy_rows(tables, times, step)
    if db.engine.dialect.name == "postgresql":
        for table in tables:
            if "id" in table.c:
                move_sequence_on(table)
    db.session.commit()
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables}


def fits(table, times: int, step: dict[str, int]) -> bool:
    """Whether the copies' ids fit the id columns: a secret ballot's id is random, up to
    2³¹, and PostgreSQL's integers stop there (SQLite's go to 2⁶³); its grades go with it."""
    if db.engine.dialect.name == "sqlite":
        return True
    named = [table.name] + [
        next(iter(table.c[name].foreign_keys)).column.table.name for name in COPIED[table.name]
    ]
    return all(step[name] * (times + 1) < 2**31 for name in named)


def copy_rows(tables: list, times: int, step: dict[str, int]) -> None:
    """One INSERT … SELECT per table, its rows joined to the copies' numbers 1…times
    (made by the database: a recursive WITH, as SQLite and PostgreSQL both read it)."""
    copies = sa.select(sa.literal(1).label("k")).cte("copies", recursive=True)
    copies = copies.union_all(sa.select(copies.c.k + 1).where(copies.c.k < times))
    for table in tables:
        columns = [copied(column, copies.c.k, step) for column in table.columns]
        rows = sa.select(*columns).select_from(table).join(copies, sa.true())
        db.session.execute(sa.insert(table).from_select([c.name for c in table.columns], rows))


def largest_id(table) -> int:
    """The table's largest id: copy k of row i gets id i + k × it (its row count when it
    has no id: that names the round in the copies' suffixes)."""
    if "id" not in table.c:
        return db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 1
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))) or 1


def copied(column, copy, step: dict[str, int]):
    """The value of `column` in copy number `copy` (a column: 1…times) of a row.

    Its own id and the foreign keys of COPIED move by `copy` × the referenced table's
    largest id, so they name the copied rows; in a unique set of columns that none of
    those changes, a string (a username, a key, a token) gets a suffix and a number (a
    need's number in its group) moves like an id.
    """
    table = column.table
    if column.name == "id":
        return (column + copy * step[table.name]).label(column.name)
    if column.name in COPIED[table.name]:
        (key,) = column.foreign_keys
        return (column + copy * step[key.column.table.name]).label(column.name)
    if column.name in kept_apart(table):
        if isinstance(column.type, sa.String):
            # Named after the round too: "admin~24.1" is the first copy of "admin" made when
            # the largest user id was 24, so a second round cannot make it again.
            suffix = f"~{step[table.name]}."
            value = column
            if column.type.length:  # a key of 64 characters stays 64 long (PostgreSQL checks)
                value = ending(column, column.type.length - len(suffix) - 7)
            return (value + suffix + sa.cast(copy, sa.String)).label(column.name)
        top = db.session.scalar(sa.select(sa.func.max(column))) or 0
        return (column + copy * (top + 1)).label(column.name)
    return column


def ending(column, length: int):
    """SQL: the last `length` characters of `column`, where an earlier round's copies
    differ (its suffix); the start would make the copies of two copies the same."""
    longer = sa.func.length(column) > length
    return sa.case(
        (longer, sa.func.substr(column, sa.func.length(column) - length + 1)), else_=column
    )


def kept_apart(table) -> set[str]:
    """The columns to change so that copies break no unique constraint, index or key."""
    moved = {"id", *COPIED[table.name]}
    sets = [c.columns for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
    sets += [index.columns for index in table.indexes if index.unique]
    sets.append(table.primary_key.columns)
    apart = set()
    for columns in sets:
        if not moved & {c.name for c in columns}:
            apart |= {
                c.name
                for c in columns
                if not c.foreign_keys and isinstance(c.type, sa.String | sa.Integer)
            }
    return apart


def move_sequence_on(table) -> None:
    """PostgreSQL: the next id past the copies (they were given their ids explicitly)."""
    after = sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0) + 1).scalar_subquery()
    sequence = sa.func.pg_get_serial_sequence(table.name, "id")
    db.session.execute(sa.select(sa.func.setval(sequence, after, False)))

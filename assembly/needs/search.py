"""Full-text search of needs that ignores case and accents ("evier" finds "évier").

SQLite: an FTS5 index kept up to date by triggers. PostgreSQL: French text search
with unaccent, on an expression index. The same statements run from the models'
`after_create` (tests, `create_all`) and from the migration, so both stay alike.
"""

import re

from sqlalchemy import DDL, column, event, table, text
from sqlalchemy.sql import Select

from assembly.database import UNMAPPED_NAMES
from assembly.extensions import db
from assembly.needs.models import Need

_INSERT = (
    "INSERT INTO needs_fts(rowid, title, body, place) "
    "VALUES (new.id, new.title, new.body, new.place); "
)
_REMOVE = (
    "INSERT INTO needs_fts(needs_fts, rowid, title, body, place) "
    "VALUES ('delete', old.id, old.title, old.body, old.place); "
)
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS needs_fts USING fts5(title, body, place, "
    "content='needs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS needs_fts_insert AFTER INSERT ON needs BEGIN {_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS needs_fts_delete AFTER DELETE ON needs BEGIN {_REMOVE} END",
    "CREATE TRIGGER IF NOT EXISTS needs_fts_update AFTER UPDATE OF title, body, place ON needs "
    f"BEGIN {_REMOVE}{_INSERT} END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS needs_fts_insert",
    "DROP TRIGGER IF EXISTS needs_fts_delete",
    "DROP TRIGGER IF EXISTS needs_fts_update",
    "DROP TABLE IF EXISTS needs_fts",
)

# The text search configuration belongs to the database, not to the table: made once.
POSTGRES_DOCUMENT = "to_tsvector('assembly_french', title || ' ' || body || ' ' || place)"
POSTGRES_CREATE = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DO $$ BEGIN "
    "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'assembly_french') THEN "
    "CREATE TEXT SEARCH CONFIGURATION assembly_french (COPY = pg_catalog.french); "
    "ALTER TEXT SEARCH CONFIGURATION assembly_french "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem; "
    "END IF; END $$",
    f"CREATE INDEX IF NOT EXISTS ix_needs_search ON needs USING gin ({POSTGRES_DOCUMENT})",
)
POSTGRES_DROP = ("DROP INDEX IF EXISTS ix_needs_search",)

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}
UNMAPPED_NAMES.update({"needs_fts", "ix_needs_search"})


def create_search_index(connection) -> None:
    """Create the search index for this database's dialect (used by the migration too)."""
    for statement in STATEMENTS.get(connection.dialect.name, ((), ()))[0]:
        connection.execute(text(statement))


def drop_search_index(connection) -> None:
    for statement in STATEMENTS.get(connection.dialect.name, ((), ()))[1]:
        connection.execute(text(statement))


for _dialect, (_create, _drop) in STATEMENTS.items():
    for _statement in _create:
        event.listen(Need.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
    for _statement in _drop:
        event.listen(Need.__table__, "before_drop", DDL(_statement).execute_if(dialect=_dialect))

WORD = re.compile(r"\w+", re.UNICODE)


def words(query: str) -> list[str]:
    """The words of a search box, without FTS syntax (quotes, stars, AND…)."""
    return WORD.findall(query)[:8]


def search(select: Select, *, text_query: str = "", place: str = "", order=(), newest_first=False):
    """Filter needs by the search box and the place box, and order them.

    Every word must match, accents and case aside, and word beginnings match too.
    On SQLite one FTS5 query does both boxes and, for newest first, drives the query
    in rowid order, so the first page costs the same with 1,000 or 100,000 needs.
    """
    terms, place_terms = words(text_query), words(place)
    if not (terms or place_terms):
        return select.order_by(*order)
    if db.engine.dialect.name == "postgresql":
        if terms:
            # Prefixes of stems: "evier" (stem "evi") finds "évier" and "éviers" (stem "evier").
            condition = text(
                f"{POSTGRES_DOCUMENT} @@ to_tsquery('assembly_french', :search_query)"
            ).bindparams(search_query=" & ".join(f"{term}:*" for term in terms))
            select = select.where(condition)
        if place_terms:
            select = select.where(Need.place.ilike(f"%{place.strip()}%"))
        return select.order_by(*order)
    parts = [" ".join(f'"{term}"*' for term in terms)] if terms else []
    if place_terms:
        parts.append("{place} : (" + " ".join(f'"{term}"*' for term in place_terms) + ")")
    fts = table("needs_fts", column("rowid"))
    select = select.join(fts, fts.c.rowid == Need.id).where(
        text("needs_fts MATCH :search_query").bindparams(search_query=" AND ".join(parts))
    )
    return select.order_by(fts.c.rowid.desc()) if newest_first else select.order_by(*order)

"""Full-text search of needs that ignores case and accents ("evier" finds "évier").

SQLite: an FTS5 index kept up to date by triggers. PostgreSQL: French text search
with unaccent, on an expression index. The same statements run from the models'
`after_create` (tests, `create_all`) and from the migration, so both stay alike.
"""

import re

from sqlalchemy import DDL, event, text
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


def filter_by_text(select: Select, query: str) -> Select:
    """Keep only the needs matching every word of `query` (prefixes match too on SQLite)."""
    terms = words(query)
    if not terms:
        return select
    if db.engine.dialect.name == "postgresql":
        # Prefixes of stems: "evier" (stem "evi") finds "évier" and "éviers" (stem "evier").
        tsquery = " & ".join(f"{term}:*" for term in terms)
        condition = text(
            f"{POSTGRES_DOCUMENT} @@ to_tsquery('assembly_french', :search_query)"
        ).bindparams(search_query=tsquery)
        return select.where(condition)
    fts_query = " ".join(f'"{term}"*' for term in terms)
    matching = text("SELECT rowid FROM needs_fts WHERE needs_fts MATCH :search_query").bindparams(
        search_query=fts_query
    )
    return select.where(Need.id.in_(matching.columns(rowid=db.Integer)))

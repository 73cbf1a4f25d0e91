"""Full-text search of needs in French: case, accents, plurals and genders aside.

Both engines search the same stemmed text: `stemmed()` turns a need's title, text
and place into their French stems without accents or stop words ("Ascenseurs
cassés" → "ascenseur cass", by `web.words`, the stemming the report's lexical
analysis counts with too), kept in `needs.search_text` whenever a need is written,
and a search box's words go through the same function. SQLite: an FTS5 index over
that column, kept up to date by triggers. PostgreSQL: `to_tsvector('simple', …)` of
that column on an expression index. The same statements run from the models'
`after_create` (tests, `create_all`) and from the migration, so both stay alike.
The place box is not stemmed: each word typed must begin a word of the place, case
and accents aside (the FTS5 index's `place` column; `place_has_word` on PostgreSQL).
"""

from sqlalchemy import DDL, column, event, func, inspect, literal, table, text
from sqlalchemy.sql import Select

from assembly.database import UNMAPPED_NAMES
from assembly.extensions import db
from assembly.needs.models import Need, NeedStatus
from assembly.web.words import WORD, stem, tokens, unaccent

_INSERT = (
    "INSERT INTO needs_fts(rowid, search_text, place) VALUES (new.id, new.search_text, new.place); "
)
_REMOVE = (
    "INSERT INTO needs_fts(needs_fts, rowid, search_text, place) "
    "VALUES ('delete', old.id, old.search_text, old.place); "
)
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS needs_fts USING fts5(search_text, place, "
    "content='needs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS needs_fts_insert AFTER INSERT ON needs BEGIN {_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS needs_fts_delete AFTER DELETE ON needs BEGIN {_REMOVE} END",
    "CREATE TRIGGER IF NOT EXISTS needs_fts_update AFTER UPDATE OF search_text, place ON needs "
    f"BEGIN {_REMOVE}{_INSERT} END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS needs_fts_insert",
    "DROP TRIGGER IF EXISTS needs_fts_delete",
    "DROP TRIGGER IF EXISTS needs_fts_update",
    "DROP TABLE IF EXISTS needs_fts",
)
# Fills the FTS5 index from the needs already there (the migration's last step).
SQLITE_REBUILD = "INSERT INTO needs_fts(needs_fts) VALUES ('rebuild')"

# The text is stemmed already: the 'simple' configuration only splits and lowercases it.
POSTGRES_DOCUMENT = "to_tsvector('simple', search_text)"
POSTGRES_CREATE = (
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


# The FTS5 table on SQLite (made by the DDL above), for the statements that join it.
FTS = table("needs_fts", column("rowid"), column("rank"))

# From this many matches on, a search in another order than newest first walks that
# order's index (at most about 20 × needs / MANY_MATCHES rows) rather than sorting every
# match (at most MANY_MATCHES of them): both stay near a millisecond at 100,000 needs.
MANY_MATCHES = 500


def stems(text_: str, limit: int | None = None) -> list[str]:
    """The stems of a text, in order, without repeats (FTS syntax cannot get through)."""
    found = dict.fromkeys(s for s in map(stem, tokens(text_)) if s)
    return list(found)[:limit]


def stemmed(*texts: str) -> str:
    """The text both engines index: every stem of the given texts, once, space-separated."""
    return " ".join(stems(" ".join(t or "" for t in texts)))


@event.listens_for(Need, "before_insert")
@event.listens_for(Need, "before_update")
def _keep_search_text(mapper, connection, need: Need) -> None:
    """Every write of a need through the ORM keeps its search text in step.

    Only when a searched field changed: a support alone must not rewrite the index. A need
    written in another language is found by its French summary too (web/languages.py).
    """
    state = inspect(need)
    searched = ("title", "body", "place", "french_summary")
    if state.persistent and not any(state.attrs[name].history.has_changes() for name in searched):
        return
    need.search_text = stemmed(need.title, need.body, need.place, need.french_summary or "")


def words(query: str) -> list[str]:
    """The words of a place box, without FTS syntax (quotes, stars, AND…)."""
    return WORD.findall(query)[:8]


def search(select: Select, *, text_query: str = "", place: str = "", order=(), newest_first=False):
    """Filter needs by the search box and the place box, and order them.

    Every word's stem must match ("ascenseurs" finds "ascenseur", "voisine" finds
    "voisin"), and stem beginnings match too. On SQLite one FTS5 query does both
    boxes and, for newest first, drives the query in rowid order, so the first page
    costs the same with 1,000 or 100,000 needs.
    """
    terms, place_terms = stems(text_query, limit=8), words(place)
    if not (terms or place_terms):
        return select.order_by(*order)
    if db.engine.dialect.name == "postgresql":
        if terms:
            condition = text(
                f"{POSTGRES_DOCUMENT} @@ to_tsquery('simple', :search_query)"
            ).bindparams(search_query=" & ".join(f"{term}:*" for term in terms))
            select = select.where(condition)
        return select.where(*map(place_has_word, place_terms)).order_by(*order)
    words_match = "{search_text} : (" + " ".join(f'"{t}"*' for t in terms) + ")"
    place_match = "{place} : (" + " ".join(f'"{term}"*' for term in place_terms) + ")"
    parts = ([words_match] if terms else []) + ([place_match] if place_terms else [])
    match = _fts_match(" AND ".join(parts))
    if order and not newest_first and _at_least(match, MANY_MATCHES):
        # Many matches: walk the needs in the order asked (by its index, e.g. most shared
        # first) and keep those that match, rather than sort every match; the page is
        # full after about 20 × needs / matches rows. Each row's own stems answer for
        # the search box (`has_stem`), so the matches are never all read; the place
        # box, rarer, by the index. `+ 0` keeps SQLite from driving the query by the
        # matches' ids instead.
        if terms and not all(term.isalnum() for term in terms):
            select = select.where((Need.id + 0).in_(db.select(FTS.c.rowid).where(match)))
        else:
            select = select.where(*map(has_stem, terms))
            if place_terms:
                place_ids = db.select(FTS.c.rowid).where(_fts_match(place_match))
                select = select.where((Need.id + 0).in_(place_ids))
        return select.order_by(*order)
    select = select.join(FTS, FTS.c.rowid == Need.id).where(match)
    return select.order_by(FTS.c.rowid.desc()) if newest_first else select.order_by(*order)


# PostgreSQL's place box reads places as SQLite's index does: case and accents aside.
_FOLDED = {c: unaccent(c.lower()) for c in map(chr, range(0xC0, 0x250))}  # Latin letters
_ACCENTED = "".join(c for c, plain in _FOLDED.items() if len(plain) == 1 and plain != c)
_PLAIN = "".join(_FOLDED[c] for c in _ACCENTED)


def place_has_word(word: str):
    """PostgreSQL: the need's place has a word that begins with `word`, case and accents
    aside ("batiment a" finds "Bâtiment A"), as the FTS5 index answers on SQLite."""
    plain = func.translate(func.lower(Need.place), _ACCENTED, _PLAIN)
    return plain.regexp_match(r"\m" + unaccent(word.lower()))


def _fts_match(query: str):
    return text("needs_fts MATCH :search_query").bindparams(search_query=query)


def has_stem(term: str):
    """SQLite: the need's own search text has a word that begins with `term` — what the
    FTS5 index answers for `"term"*`, asked of one row (a term of letters and digits: the
    index splits words at any other character). The text holds stems, lowercased and
    without accents, one space between them, like the term."""
    return (literal(" ") + Need.search_text).like(f"% {term}%")


def _at_least(match, many: int) -> bool:
    """Whether `match` finds `many` rows or more in the FTS5 index (in any group, in
    any state): a count that stops there, to choose how to sort the matches."""
    first = db.select(FTS.c.rowid).where(match).limit(many).subquery()
    return db.session.scalar(db.select(func.count()).select_from(first)) >= many


def similar_needs(group_id: int, title: str, body: str = "", limit: int = 3) -> list[Need]:
    """Up to `limit` approved, open needs of the group that share stems with a new one.

    The title's stems count (the body's too when the title has none); the needs that
    share the most come first: bm25 on SQLite, ts_rank on PostgreSQL.
    """
    terms = stems(title, limit=12) or stems(body, limit=12)
    if not terms:
        return []
    select = db.select(Need).where(
        Need.group_id == group_id,
        Need.listable(),
        Need.merged_into_id.is_(None),
        Need.status.not_in((NeedStatus.RESOLVED, NeedStatus.DECLINED)),
    )
    if db.engine.dialect.name == "postgresql":
        query = " | ".join(terms)
        document = text(POSTGRES_DOCUMENT)
        select = select.where(
            text(f"{POSTGRES_DOCUMENT} @@ to_tsquery('simple', :similar_query)").bindparams(
                similar_query=query
            )
        ).order_by(func.ts_rank(document, func.to_tsquery("simple", query)).desc(), Need.id.desc())
    else:
        match = "{search_text} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        select = (
            select.join(FTS, FTS.c.rowid == Need.id)
            .where(text("needs_fts MATCH :similar_query").bindparams(similar_query=match))
            .order_by(FTS.c.rank, Need.id.desc())
        )
    return list(db.session.scalars(select.limit(limit)))

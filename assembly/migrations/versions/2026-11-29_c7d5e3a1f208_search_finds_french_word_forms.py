"""Search finds French word forms: needs keep their stemmed text, both engines index it.

"ascenseurs" found nothing where "ascenseur" found B-1. Each need now keeps
`search_text`, the French stems of its title, text and place without accents or stop
words (`assembly.needs.search.stemmed`, the same function the search box goes
through). SQLite's FTS5 index and PostgreSQL's GIN index (`to_tsvector('simple', …)`)
both cover that column; the existing needs get theirs and the index is rebuilt.
Downgrading drops the column and puts back the previous index over title, body and
place (FTS5 with unaccent tokens; PostgreSQL's `assembly_french` configuration, which
the earlier revision made and this one leaves alone).

Revision: c7d5e3a1f208
Revises: c7d4e1f2a9b8
Created: 2026-11-29 23:10:00
"""

import sqlalchemy as sa
from alembic import op

from assembly.needs.search import stemmed

revision = "c7d5e3a1f208"
down_revision = "c7d4e1f2a9b8"
branch_labels = None
depends_on = None


def _fts(columns):
    """The FTS5 table over `columns` of needs, and the triggers that keep it in step."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # Bandit's B608 (SQL built from strings) is accepted: the column names are this
    # migration's constants, never input.
    insert = f"INSERT INTO needs_fts(rowid, {names}) VALUES (new.id, {new}); "  # nosec B608
    remove = (
        f"INSERT INTO needs_fts(needs_fts, rowid, {names}) VALUES ('delete', old.id, {old}); "  # nosec B608
    )
    return (
        f"CREATE VIRTUAL TABLE needs_fts USING fts5({names}, content='needs', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs BEGIN {insert} END",
        f"CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs BEGIN {remove} END",
        f"CREATE TRIGGER needs_fts_update AFTER UPDATE OF {names} ON needs "
        f"BEGIN {remove}{insert} END",
        "INSERT INTO needs_fts(needs_fts) VALUES ('rebuild')",
    )


DROP = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS needs_fts_insert",
        "DROP TRIGGER IF EXISTS needs_fts_delete",
        "DROP TRIGGER IF EXISTS needs_fts_update",
        "DROP TABLE IF EXISTS needs_fts",
    ),
    "postgresql": ("DROP INDEX IF EXISTS ix_needs_search",),
}
STEMMED = {
    "sqlite": _fts(("search_text", "place")),
    "postgresql": (
        "CREATE INDEX ix_needs_search ON needs USING gin (to_tsvector('simple', search_text))",
    ),
}
PREVIOUS = {
    "sqlite": _fts(("title", "body", "place")),
    "postgresql": (
        "CREATE INDEX ix_needs_search ON needs USING gin "
        "(to_tsvector('assembly_french', title || ' ' || body || ' ' || place))",
    ),
}


def _run(statements):
    bind = op.get_bind()
    for statement in statements.get(bind.dialect.name, ()):
        bind.execute(sa.text(statement))


def upgrade():
    _run(DROP)
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))

    bind = op.get_bind()
    needs = sa.table(
        "needs",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("body", sa.Text),
        sa.column("place", sa.String),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(sa.select(needs.c.id, needs.c.title, needs.c.body, needs.c.place))
    values = [
        {"need_id": id_, "text": stemmed(title, body, place)} for id_, title, body, place in rows
    ]
    if values:
        bind.execute(
            needs.update()
            .where(needs.c.id == sa.bindparam("need_id"))
            .values(search_text=sa.bindparam("text")),
            values,
        )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.alter_column("search_text", existing_type=sa.Text(), nullable=False)
    _run(STEMMED)


def downgrade():
    _run(DROP)
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("search_text")
    _run(PREVIOUS)

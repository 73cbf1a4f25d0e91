"""Needs, their supports (online and counted), themes, per-group settings, and search.

Revision: eb1cb6370ee9
Revises: e9a9eb81559f
Created: 2026-11-28 14:03:28.191324
"""

import sqlalchemy as sa
from alembic import op

# The search index as this revision made it, frozen here: assembly/needs/search.py has
# moved on (a later revision indexes the stemmed `search_text` column instead).

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

_STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def create_search_index(connection):
    for statement in _STATEMENTS.get(connection.dialect.name, ((), ()))[0]:
        connection.execute(sa.text(statement))


def drop_search_index(connection):
    for statement in _STATEMENTS.get(connection.dialect.name, ((), ()))[1]:
        connection.execute(sa.text(statement))


revision = 'eb1cb6370ee9'
down_revision = 'e9a9eb81559f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('need_settings',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('premoderation', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_need_settings_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_need_settings'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_themes_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('group_id', 'name', name=op.f('uq_themes_group_id_name'))
    )
    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=140), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('moderation', sa.String(length=16), nullable=False),
    sa.Column('moderation_reason', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=80), nullable=False),
    sa.Column('contact', sa.String(length=254), nullable=False),
    sa.Column('contact_consent_at', sa.DateTime(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('counted_support', sa.Integer(), nullable=False),
    sa.Column('total_support', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_needs_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_needs_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['needs.id'], name=op.f('fk_needs_merged_into_id_needs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_needs_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    sa.UniqueConstraint('group_id', 'number', name=op.f('uq_needs_group_id_number'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index('ix_needs_listing', ['group_id', 'moderation', 'id'], unique=False)
        batch_op.create_index('ix_needs_support', ['group_id', 'moderation', 'total_support'], unique=False)

    op.create_table('counted_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_counted_supports_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_counted_supports_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counted_supports'))
    )
    with op.batch_alter_table('counted_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counted_supports_need_id'), ['need_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('anonymous_key', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_supports_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('need_id', 'anonymous_key', name=op.f('uq_supports_need_id_anonymous_key')),
    sa.UniqueConstraint('need_id', 'user_id', name=op.f('uq_supports_need_id_user_id'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_need_id'), ['need_id'], unique=False)

    # Full-text search (FTS5 on SQLite, French text search on PostgreSQL).
    create_search_index(op.get_bind())



def downgrade():
    drop_search_index(op.get_bind())
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_need_id'))

    op.drop_table('supports')
    with op.batch_alter_table('counted_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counted_supports_need_id'))

    op.drop_table('counted_supports')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index('ix_needs_support')
        batch_op.drop_index('ix_needs_listing')

    op.drop_table('needs')
    op.drop_table('themes')
    op.drop_table('need_settings')

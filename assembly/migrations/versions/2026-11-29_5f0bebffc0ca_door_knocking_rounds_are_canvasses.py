"""Door-knocking's rounds are canvasses: "campaign" is left to organizing campaigns.

canvass_campaigns becomes canvasses, campaign_id becomes canvass_id (in canvass_team
and canvass_visits), and every index and constraint takes the name the naming
convention now gives it. Rows keep their ids, so printed links still lead to the same
round. The journal follows: events about a round name the new table, and a logged
visit's payload says "canvass" instead of "campaign".

PostgreSQL renames everything in place. SQLite renames the table and the columns in
place too (its ALTER TABLE carries the references along), but cannot rename a
constraint: each of the three tables is then rebuilt from its definition below (batch
mode with copy_from), with foreign keys off while it happens (env.py), so that dropping
the old copy deletes nothing that points at it.

Revision: 5f0bebffc0ca
Revises: 7629778ead7a
Created: 2026-11-29 21:40:00
"""

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision = '5f0bebffc0ca'
down_revision = '7629778ead7a'
branch_labels = None
depends_on = None


class Names(NamedTuple):
    """The names that change; every constraint name follows from them."""

    table: str  # the rounds themselves
    column: str  # the reference to a round, in canvass_team and canvass_visits
    visits_index: str  # canvass_visits by round, then time
    payload_key: str  # what a "canvass.visit_logged" event calls the round


OLD = Names("canvass_campaigns", "campaign_id", "ix_canvass_visits_campaign", "campaign")
NEW = Names("canvasses", "canvass_id", "ix_canvass_visits_canvass", "canvass")


def upgrade():
    rename(OLD, NEW)
    retell_journal(OLD, NEW)


def downgrade():
    retell_journal(NEW, OLD)
    rename(NEW, OLD)


def rename(old: Names, new: Names) -> None:
    """Rename the table, the two columns, then the indexes and constraints."""
    op.rename_table(old.table, new.table)
    for table in ("canvass_team", "canvass_visits"):
        op.alter_column(table, old.column, new_column_name=new.column)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER SEQUENCE {old.table}_id_seq RENAME TO {new.table}_id_seq")
        for table, before, after in zip(constraint_tables(new), constraints(old), constraints(new)):
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {before} TO {after}")
        for before, after in zip(indexes(old), indexes(new)):
            op.execute(f"ALTER INDEX {before} RENAME TO {after}")
    else:
        for table in definitions(new):
            with op.batch_alter_table(table.name, copy_from=table, recreate="always"):
                pass


def constraints(names: Names) -> list[str]:
    """The constraints whose names change, as the naming convention spells them."""
    return [
        f"pk_{names.table}",
        f"fk_{names.table}_created_by_id_users",
        f"fk_{names.table}_group_id_groups",
        f"fk_canvass_team_{names.column}_{names.table}",
        f"fk_canvass_visits_{names.column}_{names.table}",
    ]


def constraint_tables(names: Names) -> list[str]:
    """The table of each of `constraints(names)`."""
    return [names.table, names.table, names.table, "canvass_team", "canvass_visits"]


def indexes(names: Names) -> list[str]:
    return [f"ix_{names.table}_group_id", names.visits_index]


def definitions(names: Names) -> list[sa.Table]:
    """The three tables as the models describe them, under `names` (for SQLite's rebuild)."""
    meta = sa.MetaData()
    for stub in ("users", "groups"):  # only so the foreign keys resolve
        sa.Table(stub, meta, sa.Column("id", sa.Integer(), primary_key=True))
    rounds = sa.Table(
        names.table,
        meta,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('places', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=f'fk_{names.table}_created_by_id_users', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=f'fk_{names.table}_group_id_groups', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=f'pk_{names.table}'),
        sa.Index(f'ix_{names.table}_group_id', 'group_id'),
    )
    team = sa.Table(
        'canvass_team',
        meta,
        sa.Column(names.column, sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([names.column], [f'{names.table}.id'], name=f'fk_canvass_team_{names.column}_{names.table}', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_canvass_team_user_id_users', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(names.column, 'user_id', name='pk_canvass_team'),
    )
    visits = sa.Table(
        'canvass_visits',
        meta,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column(names.column, sa.Integer(), nullable=False),
        sa.Column('building', sa.String(length=140), nullable=False),
        sa.Column('floor', sa.String(length=60), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('wants_involvement', sa.Boolean(), nullable=False),
        sa.Column('contact', sa.String(length=254), nullable=False),
        sa.Column('contact_consent_at', sa.DateTime(), nullable=True),
        sa.Column('knocked_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint([names.column], [f'{names.table}.id'], name=f'fk_canvass_visits_{names.column}_{names.table}', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name='fk_canvass_visits_group_id_groups', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['knocked_by_id'], ['users.id'], name='fk_canvass_visits_knocked_by_id_users', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_canvass_visits'),
        sa.Index(names.visits_index, names.column, 'created_at'),
    )
    return [rounds, team, visits]


def retell_journal(old: Names, new: Names) -> None:
    """Events about a round name its table; a logged visit's payload names the round."""
    events = sa.table(
        'events',
        sa.column('id', sa.Integer()),
        sa.column('verb', sa.String()),
        sa.column('subject_type', sa.String()),
        sa.column('payload', sa.JSON()),
    )
    op.execute(
        events.update()
        .where(events.c.subject_type == old.table)
        .values(subject_type=new.table)
    )
    connection = op.get_bind()
    logged = connection.execute(
        sa.select(events.c.id, events.c.payload).where(events.c.verb == 'canvass.visit_logged')
    ).all()
    for event_id, payload in logged:
        if old.payload_key in payload:
            renamed = {new.payload_key if key == old.payload_key else key: value for key, value in payload.items()}
            connection.execute(events.update().where(events.c.id == event_id).values(payload=renamed))

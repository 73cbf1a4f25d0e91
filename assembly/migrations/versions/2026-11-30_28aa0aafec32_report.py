"""Retour d'expérience: the report's settings, the team's bilans, the kept figures.

The observer role needs no change: roles are plain strings.

Revision: 28aa0aafec32
Revises: b7e2d41c9a53
Created: 2026-11-30 11:22:47.387639
"""

import sqlalchemy as sa
from alembic import op

revision = '28aa0aafec32'
down_revision = 'b7e2d41c9a53'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bilans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_bilans_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_bilans_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bilans')),
    sa.UniqueConstraint('group_id', 'starts_on', 'ends_on', name=op.f('uq_bilans_group_id_starts_on_ends_on'))
    )
    op.create_table('report_settings',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('licence', sa.String(length=32), nullable=False),
    sa.Column('no_resale', sa.Boolean(), nullable=False),
    sa.Column('stop_words', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_report_settings_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_report_settings'))
    )
    op.create_table('report_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_report_snapshots_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshots')),
    sa.UniqueConstraint('group_id', 'name', 'starts_on', 'ends_on', name=op.f('uq_report_snapshots_group_id_name_starts_on_ends_on'))
    )


def downgrade():
    op.drop_table('report_snapshots')
    op.drop_table('report_settings')
    op.drop_table('bilans')

"""Door-knocking: listening campaigns, their team, the visits, their themes and needs.

Revision: 903cc80285c1
Revises: eb1cb6370ee9
Created: 2026-11-28 14:12:57.958154
"""

import sqlalchemy as sa
from alembic import op

revision = '903cc80285c1'
down_revision = 'eb1cb6370ee9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('canvass_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('places', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_canvass_campaigns_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_canvass_campaigns_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canvass_campaigns'))
    )
    with op.batch_alter_table('canvass_campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canvass_campaigns_group_id'), ['group_id'], unique=False)

    op.create_table('canvass_team',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['canvass_campaigns.id'], name=op.f('fk_canvass_team_campaign_id_canvass_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_canvass_team_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'user_id', name=op.f('pk_canvass_team'))
    )
    op.create_table('canvass_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('building', sa.String(length=140), nullable=False),
    sa.Column('floor', sa.String(length=60), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('wants_involvement', sa.Boolean(), nullable=False),
    sa.Column('contact', sa.String(length=254), nullable=False),
    sa.Column('contact_consent_at', sa.DateTime(), nullable=True),
    sa.Column('knocked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['canvass_campaigns.id'], name=op.f('fk_canvass_visits_campaign_id_canvass_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_canvass_visits_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['knocked_by_id'], ['users.id'], name=op.f('fk_canvass_visits_knocked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canvass_visits'))
    )
    with op.batch_alter_table('canvass_visits', schema=None) as batch_op:
        batch_op.create_index('ix_canvass_visits_campaign', ['campaign_id', 'created_at'], unique=False)

    op.create_table('canvass_visit_themes',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_canvass_visit_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['canvass_visits.id'], name=op.f('fk_canvass_visit_themes_visit_id_canvass_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id', 'theme_id', name=op.f('pk_canvass_visit_themes'))
    )
    op.create_table('visit_needs',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_visit_needs_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['canvass_visits.id'], name=op.f('fk_visit_needs_visit_id_canvass_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id', 'need_id', name=op.f('pk_visit_needs'))
    )


def downgrade():
    op.drop_table('visit_needs')
    op.drop_table('canvass_visit_themes')
    with op.batch_alter_table('canvass_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_canvass_visits_campaign')

    op.drop_table('canvass_visits')
    op.drop_table('canvass_team')
    with op.batch_alter_table('canvass_campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvass_campaigns_group_id'))

    op.drop_table('canvass_campaigns')

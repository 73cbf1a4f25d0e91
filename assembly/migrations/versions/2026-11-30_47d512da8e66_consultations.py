"""Consultations: a text in paragraphs and its versions, the contributions on each
paragraph (comments, amendments) with the team's answers, positions on paragraphs, supports
of amendments, and the links from the final text to the contributions behind it.

Revision: 47d512da8e66
Revises: 28aa0aafec32
Created: 2026-11-30 14:24:43.049158
"""

import sqlalchemy as sa
from alembic import op

revision = '47d512da8e66'
down_revision = '28aa0aafec32'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('audience', sa.Enum('public', 'members', name='audience', native_enum=False, length=16), nullable=False),
    sa.Column('premoderation', sa.Boolean(), nullable=False),
    sa.Column('stage', sa.Enum('draft', 'open', 'final', name='stage', native_enum=False, length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('final_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_consultations_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('group_id', 'number', name=op.f('uq_consultations_group_id_number'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_group_id'), ['group_id'], unique=False)

    op.create_table('consultation_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_versions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultation_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_versions')),
    sa.UniqueConstraint('consultation_id', 'number', name=op.f('uq_consultation_versions_consultation_id_number'))
    )
    with op.batch_alter_table('consultation_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_versions_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_paragraphs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('origin_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['origin_id'], ['consultation_paragraphs.id'], name=op.f('fk_consultation_paragraphs_origin_id_consultation_paragraphs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['consultation_versions.id'], name=op.f('fk_consultation_paragraphs_version_id_consultation_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_paragraphs'))
    )
    with op.batch_alter_table('consultation_paragraphs', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_paragraphs_order', ['version_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_paragraphs_origin_id'), ['origin_id'], unique=False)

    op.create_table('consultation_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('for', 'against', 'question', 'amendment', name='kind', native_enum=False, length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rewrite', sa.Text(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=80), nullable=False),
    sa.Column('anonymous_key', sa.String(length=64), nullable=True),
    sa.Column('address_key', sa.String(length=64), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('web', 'door', 'meeting', 'paper', 'phone', name='channel', native_enum=False, length=16), nullable=False),
    sa.Column('moderation', sa.Enum('pending', 'approved', 'rejected', 'spam', 'merged', name='moderation', native_enum=False, length=16), nullable=False),
    sa.Column('answer', sa.Enum('kept', 'in_part', 'not_kept', name='answer', native_enum=False, length=16), nullable=True),
    sa.Column('answer_reason', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_consultation_contributions_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_contributions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paragraph_id'], ['consultation_paragraphs.id'], name=op.f('fk_consultation_contributions_paragraph_id_consultation_paragraphs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_consultation_contributions_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_contributions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_contributions'))
    )
    with op.batch_alter_table('consultation_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_contributions_anonymous_key'), ['anonymous_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_contributions_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index('ix_consultation_contributions_paragraph', ['paragraph_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_contributions_person_id'), ['person_id'], unique=False)

    op.create_table('consultation_stances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Enum('support', 'oppose', name='position', native_enum=False, length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('anonymous_key', sa.String(length=64), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_stances_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paragraph_id'], ['consultation_paragraphs.id'], name=op.f('fk_consultation_stances_paragraph_id_consultation_paragraphs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_consultation_stances_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_stances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_stances')),
    sa.UniqueConstraint('paragraph_id', 'anonymous_key', name=op.f('uq_consultation_stances_paragraph_id_anonymous_key')),
    sa.UniqueConstraint('paragraph_id', 'user_id', name=op.f('uq_consultation_stances_paragraph_id_user_id'))
    )
    with op.batch_alter_table('consultation_stances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_stances_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_stances_person_id'), ['person_id'], unique=False)

    op.create_table('consultation_endorsements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('anonymous_key', sa.String(length=64), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['consultation_contributions.id'], name=op.f('fk_consultation_endorsements_contribution_id_consultation_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_consultation_endorsements_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_endorsements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_endorsements')),
    sa.UniqueConstraint('contribution_id', 'anonymous_key', name=op.f('uq_consultation_endorsements_contribution_id_anonymous_key')),
    sa.UniqueConstraint('contribution_id', 'user_id', name=op.f('uq_consultation_endorsements_contribution_id_user_id'))
    )
    with op.batch_alter_table('consultation_endorsements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_endorsements_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_endorsements_person_id'), ['person_id'], unique=False)

    op.create_table('consultation_paragraph_sources',
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['consultation_contributions.id'], name=op.f('fk_consultation_paragraph_sources_contribution_id_consultation_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paragraph_id'], ['consultation_paragraphs.id'], name=op.f('fk_consultation_paragraph_sources_paragraph_id_consultation_paragraphs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paragraph_id', 'contribution_id', name=op.f('pk_consultation_paragraph_sources'))
    )
    with op.batch_alter_table('consultation_paragraph_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_paragraph_sources_contribution_id'), ['contribution_id'], unique=False)



def downgrade():
    with op.batch_alter_table('consultation_paragraph_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_paragraph_sources_contribution_id'))

    op.drop_table('consultation_paragraph_sources')
    with op.batch_alter_table('consultation_endorsements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_endorsements_person_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_endorsements_contribution_id'))

    op.drop_table('consultation_endorsements')
    with op.batch_alter_table('consultation_stances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_stances_person_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_stances_consultation_id'))

    op.drop_table('consultation_stances')
    with op.batch_alter_table('consultation_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_contributions_person_id'))
        batch_op.drop_index('ix_consultation_contributions_paragraph')
        batch_op.drop_index(batch_op.f('ix_consultation_contributions_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_contributions_anonymous_key'))

    op.drop_table('consultation_contributions')
    with op.batch_alter_table('consultation_paragraphs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_paragraphs_origin_id'))
        batch_op.drop_index('ix_consultation_paragraphs_order')

    op.drop_table('consultation_paragraphs')
    with op.batch_alter_table('consultation_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_versions_consultation_id'))

    op.drop_table('consultation_versions')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_group_id'))

    op.drop_table('consultations')

"""Decisions (options, ballots, grades, objections, arguments), tasks, minutes;
notes per agenda item, and consent to appear by name in the minutes.

Revision: 7629778ead7a
Revises: 47a7eb842e2c
Created: 2026-11-28 16:02:38.371908
"""

import sqlalchemy as sa
from alembic import op

revision = '7629778ead7a'
down_revision = '47a7eb842e2c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_minutes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_meeting_id'))
    )
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('proposal', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('voters', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('hands_for', sa.Integer(), nullable=True),
    sa.Column('hands_against', sa.Integer(), nullable=True),
    sa.Column('hands_abstain', sa.Integer(), nullable=True),
    sa.Column('present', sa.Integer(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('follows_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_decisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follows_id'], ['decisions.id'], name=op.f('fk_decisions_follows_id_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_decisions_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_decisions_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('arguments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_arguments_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_arguments_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_arguments'))
    )
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_arguments_decision_id'), ['decision_id'], unique=False)

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('voter', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('attendance_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('choice', sa.String(length=8), nullable=True),
    sa.Column('cast_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['attendance_id'], ['attendances.id'], name=op.f('fk_ballots_attendance_id_attendances'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_ballots_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ballots_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('decision_id', 'voter', name=op.f('uq_ballots_decision_id_voter'))
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_decision_id'), ['decision_id'], unique=False)

    op.create_table('decision_needs',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_needs_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_decision_needs_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'need_id', name=op.f('pk_decision_needs'))
    )
    op.create_table('decision_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_options_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_options'))
    )
    with op.batch_alter_table('decision_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_options_decision_id'), ['decision_id'], unique=False)

    op.create_table('objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_objections_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_decision_id'), ['decision_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('assignee_name', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_tasks_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasks_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_tasks_decision_id_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_tasks_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_tasks_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_tasks_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('ballot_grades',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_grades_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['decision_options.id'], name=op.f('fk_ballot_grades_option_id_decision_options'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ballot_id', 'option_id', name=op.f('pk_ballot_grades'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notes', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_in_minutes', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_in_minutes', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('rsvps', schema=None) as batch_op:
        batch_op.drop_column('named_in_minutes')

    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_column('named_in_minutes')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('notes')

    op.drop_table('ballot_grades')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_group_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_decision_id'))

    op.drop_table('objections')
    with op.batch_alter_table('decision_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_options_decision_id'))

    op.drop_table('decision_options')
    op.drop_table('decision_needs')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_decision_id'))

    op.drop_table('ballots')
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_arguments_decision_id'))

    op.drop_table('arguments')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_group_id'))

    op.drop_table('decisions')
    op.drop_table('minutes')

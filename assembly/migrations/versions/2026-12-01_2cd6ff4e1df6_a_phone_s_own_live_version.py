"""A phone's own live version: what one phone alone shows (whether its person voted)
changes its ETag without touching the whole meeting.

Revision: 2cd6ff4e1df6
Revises: 8b2d4e6f1a37
Created: 2026-12-01 14:15:36.482597
"""

import sqlalchemy as sa
from alembic import op

revision = '2cd6ff4e1df6'
down_revision = '8b2d4e6f1a37'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_column('live_version')

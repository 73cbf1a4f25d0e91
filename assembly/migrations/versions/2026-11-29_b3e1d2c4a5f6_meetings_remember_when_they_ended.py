"""Meetings remember when they ended.

`meetings.ended_at` (naive UTC) is set when the team ends a meeting and cleared when
it reopens it; the team may reopen only on the calendar day of the end, and the
observer's report counts no speaking time past it. Meetings closed before this
revision keep NULL: they ended before anyone noted when, so they cannot be reopened.

Revision: b3e1d2c4a5f6
Revises: 3c1d2a7e9b40
Created: 2026-11-29 22:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b3e1d2c4a5f6"
down_revision = "3c1d2a7e9b40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("ended_at")

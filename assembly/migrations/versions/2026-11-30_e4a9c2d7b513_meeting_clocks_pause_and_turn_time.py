"""The item's clock pauses and takes extra minutes; a meeting may set a time per turn.

`meetings.item_paused_at` (naive UTC, while paused), `item_paused_seconds` (the pauses
of the current item, summed) and `item_extra_minutes` ("+5 min") make the item's clock
that the conduct page, the projector and phones all read; `turn_minutes` is the time
each speaker has (0: no limit). Existing meetings get no pause, no extra time, no limit.

Revision: e4a9c2d7b513
Revises: f3c8a2d95b16
Created: 2026-11-30 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a9c2d7b513"
down_revision = "f3c8a2d95b16"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_paused_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("item_paused_seconds", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("item_extra_minutes", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("turn_minutes", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("turn_minutes")
        batch_op.drop_column("item_extra_minutes")
        batch_op.drop_column("item_paused_seconds")
        batch_op.drop_column("item_paused_at")

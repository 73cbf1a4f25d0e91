"""A planned meeting can be cancelled, and planned again while its start is ahead.

`meetings.state` takes a fourth value, "cancelled" (a plain VARCHAR: no schema change).
`cancelled_at` (naive UTC), `cancelled_by_id` (the organizer's account; SET NULL when it
goes) and `cancel_reason` (a line shown to residents, "" when none) say when, by whom and
why; they are cleared when the meeting is planned again. Existing meetings are not
cancelled.

Revision: 4a6accdf76c9
Revises: ad17b6e44a82
Created: 2026-11-30 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "4a6accdf76c9"
down_revision = "ad17b6e44a82"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_cancelled_by_id_users"),
            "users",
            ["cancelled_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    # The older code knows no cancelled meeting: it reads as planned again (its reason and
    # who cancelled it stay in the journal).
    op.execute("UPDATE meetings SET state = 'planned' WHERE state = 'cancelled'")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_meetings_cancelled_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_by_id")
        batch_op.drop_column("cancelled_at")

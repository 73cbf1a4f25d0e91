"""Forms sent once: the keys of forms already sent, for a day.

`sent_forms`: the SHA-256 of a form's one-time key and the page its result is on,
so that the back button or a double tap shows the first result instead of making a
second need or RSVP (`assembly/web/once.py`).

Revision: e5b19c3d7f42
Revises: d8e6f4b2a310
Created: 2026-11-30 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5b19c3d7f42"
down_revision = "d8e6f4b2a310"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sent_forms",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_forms")),
    )
    op.create_index(op.f("ix_sent_forms_created_at"), "sent_forms", ["created_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_sent_forms_created_at"), table_name="sent_forms")
    op.drop_table("sent_forms")

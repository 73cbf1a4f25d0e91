"""Calls to action are kept (`broadcasts`), and each message can point to its own.

`broadcasts`: what an organizer sent to a selection of the contact book — the words, the
selection in words, how many were reached by SMS and by e-mail, how many were left out,
the SMS parts it cost — with the form's one-time key (`batch`, unique), so the same form
sent twice is one call. `messages.broadcast_id`: the call a message belongs to (none for
the others), so the outbox can show one call's messages.

Revision: ad17b6e44a82
Revises: d8e2f6a4c913
Created: 2026-11-30 05:28:23.824114
"""

import sqlalchemy as sa
from alembic import op

revision = "ad17b6e44a82"
down_revision = "d8e2f6a4c913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("selection", sa.String(length=500), nullable=False),
        sa.Column("by_sms", sa.Integer(), nullable=False),
        sa.Column("by_email", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("sms_parts", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_broadcasts_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_broadcasts_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
        sa.UniqueConstraint("batch", name=op.f("uq_broadcasts_batch")),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.create_index("ix_broadcasts_group", ["group_id", "created_at"], unique=False)

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("broadcast_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_messages_broadcast_id"), ["broadcast_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_broadcast_id_broadcasts"),
            "broadcasts",
            ["broadcast_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_messages_broadcast_id_broadcasts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_messages_broadcast_id"))
        batch_op.drop_column("broadcast_id")

    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcasts_group")

    op.drop_table("broadcasts")

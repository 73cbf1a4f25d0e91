"""The outbox (`messages`) and each group's message settings (`message_settings`).

Revision: d8e2f6a4c913
Revises: c41e8d2f7a93
Created: 2026-11-30 05:19:40.768924
"""

import sqlalchemy as sa
from alembic import op

revision = "d8e2f6a4c913"
down_revision = "c41e8d2f7a93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message_settings",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("turned_off", sa.String(length=400), nullable=False),
        sa.Column("reminder_hours", sa.String(length=40), nullable=False),
        sa.Column("quiet_from", sa.Integer(), nullable=False),
        sa.Column("quiet_until", sa.Integer(), nullable=False),
        sa.Column("sender_name", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_message_settings_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_message_settings")),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting_invitation",
                "meeting_reminder",
                "meeting_changed",
                "need_update",
                "vote_opened",
                "vote_closing",
                "vote_result",
                "task_due",
                "team_digest",
                "call_to_action",
                "account_recovery",
                "stop_confirmation",
                name="kind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.Enum(
                "need_followup",
                "meeting_news",
                "group_actions",
                "sms_reminders",
                "email_reminders",
                "named_in_minutes",
                "sensitive",
                name="consentpurpose",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "channel",
            sa.Enum("sms", "email", name="channel", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "sending",
                "sent",
                "delivered",
                "failed",
                "cancelled",
                name="status",
                native_enum=False,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("send_after", sa.DateTime(), nullable=False),
        sa.Column("send_before", sa.DateTime(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("gateway_id", sa.String(length=64), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_messages_consent_id_consents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_messages_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_messages_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_messages_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_messages_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_messages_dedup_key")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_due", ["status", "send_after"], unique=False)
        batch_op.create_index(batch_op.f("ix_messages_gateway_id"), ["gateway_id"], unique=False)
        batch_op.create_index("ix_messages_group", ["group_id", "created_at"], unique=False)
        batch_op.create_index("ix_messages_person", ["person_id", "created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_person")
        batch_op.drop_index("ix_messages_group")
        batch_op.drop_index(batch_op.f("ix_messages_gateway_id"))
        batch_op.drop_index("ix_messages_due")

    op.drop_table("messages")
    op.drop_table("message_settings")

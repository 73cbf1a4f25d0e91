"""Rate-limit counters in the database, shared by every process.

`rate_limits`: Flask-Limiter's counters (a key, a count, when the window ends), so
that two gunicorn workers or two servers count the same wrong passwords
(`assembly/web/limits.py`, RATELIMIT_STORAGE_URI = "assembly://").

Revision: f3c8a2d95b16
Revises: e5b19c3d7f42
Created: 2026-11-30 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f3c8a2d95b16"
down_revision = "e5b19c3d7f42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )
    op.create_index(op.f("ix_rate_limits_expires_at"), "rate_limits", ["expires_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_rate_limits_expires_at"), table_name="rate_limits")
    op.drop_table("rate_limits")

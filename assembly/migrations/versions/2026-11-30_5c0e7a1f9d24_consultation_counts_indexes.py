"""Consultations: indexes that hold what the counts read.

The counts of a consultation (each paragraph's positions, comments, amendments and
people; the summary's totals) are read on every page of the text. With these indexes the
database counts without opening the contributions' rows, whose words make them large:
`consultation_contributions` (paragraph, moderation, kind, and who: account, browser,
person) replaces its (paragraph, kind) index, which it starts with; `consultation_stances`
gets (paragraph, position, and who). Measured in bench/consultation_scale.py.

Revision: 5c0e7a1f9d24
Revises: 47d512da8e66
Created: 2026-11-30 15:10:00
"""

from alembic import op

revision = "5c0e7a1f9d24"
down_revision = "47d512da8e66"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_contributions", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_contributions_paragraph")
        batch_op.create_index(
            "ix_consultation_contributions_counts",
            ["paragraph_id", "moderation", "kind", "user_id", "anonymous_key", "person_id"],
            unique=False,
        )
    with op.batch_alter_table("consultation_stances", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_stances_counts",
            ["paragraph_id", "position", "user_id", "anonymous_key", "person_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("consultation_stances", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_stances_counts")
    with op.batch_alter_table("consultation_contributions", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_contributions_counts")
        batch_op.create_index(
            "ix_consultation_contributions_paragraph", ["paragraph_id", "kind"], unique=False
        )

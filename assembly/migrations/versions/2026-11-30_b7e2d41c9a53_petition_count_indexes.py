"""Petitions: the counts read from indexes alone, at any number of signatures.

The counts per building and street read (petition, place key, review, lives here, place)
from one covering index, in its order, instead of every signature's row; the count of a
petition reads (petition, review). The first replaces the index on (petition, place key),
which it begins with.

Revision: b7e2d41c9a53
Revises: fd6612aeca6e
Created: 2026-11-30 09:00:00
"""

from alembic import op

revision = "b7e2d41c9a53"
down_revision = "fd6612aeca6e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("petition_signatures", schema=None) as batch_op:
        batch_op.drop_index("ix_petition_signatures_place")
        batch_op.create_index(
            "ix_petition_signatures_counts",
            ["petition_id", "place_key", "review", "lives_here", "place"],
            unique=False,
        )
        batch_op.create_index(
            "ix_petition_signatures_review", ["petition_id", "review"], unique=False
        )


def downgrade():
    with op.batch_alter_table("petition_signatures", schema=None) as batch_op:
        batch_op.drop_index("ix_petition_signatures_review")
        batch_op.drop_index("ix_petition_signatures_counts")
        batch_op.create_index(
            "ix_petition_signatures_place", ["petition_id", "place_key"], unique=False
        )

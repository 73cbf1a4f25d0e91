"""Merged duplicates leave the moderation queue: pending and merged becomes "merged".

Merging now settles a waiting duplicate's moderation (`Moderation.MERGED`), so that
it can no longer be approved from the queue. Duplicates merged before this change
still wait as "pending": they are settled the same way. Data only, no schema change
(the column is a plain VARCHAR). Downgrading puts them back as "pending", which is
what the previous code wrote.

Revision: b41d2c7e9a03
Revises: b3e1d2c4a5f6
Created: 2026-11-29 22:50:00
"""

from alembic import op

revision = "b41d2c7e9a03"
down_revision = "b3e1d2c4a5f6"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE needs SET moderation = 'merged'"
        " WHERE moderation = 'pending' AND merged_into_id IS NOT NULL"
    )


def downgrade():
    op.execute("UPDATE needs SET moderation = 'pending' WHERE moderation = 'merged'")

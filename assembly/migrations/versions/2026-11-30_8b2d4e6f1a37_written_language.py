"""The language of a resident's own words, and the team's French summary beside them.

Needs, arguments and door notes keep the language they were written in (French for
those written before: the interface spoke only French and English, and the English
pages were the team's) and an empty summary.

Revision: 8b2d4e6f1a37
Revises: 5c0e7a1f9d24
Created: 2026-11-30 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8b2d4e6f1a37"
down_revision = "5c0e7a1f9d24"
branch_labels = None
depends_on = None

TABLES = ("needs", "arguments", "canvass_visits")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("language", sa.String(length=12), server_default="fr", nullable=False)
            )
            batch_op.add_column(
                sa.Column("french_summary", sa.Text(), server_default="", nullable=False)
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("french_summary")
            batch_op.drop_column("language")

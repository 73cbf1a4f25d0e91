"""Groups say whom to ask about personal data.

`groups.contact`: an e-mail, a phone or a place the group's administrators set on
the members page; the group's home page shows it next to the link to /data.
Existing groups get an empty contact.

Revision: c7d4e1f2a9b8
Revises: b41d2c7e9a03
Created: 2026-11-29 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c7d4e1f2a9b8"
down_revision = "b41d2c7e9a03"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact", sa.String(length=200), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("contact")

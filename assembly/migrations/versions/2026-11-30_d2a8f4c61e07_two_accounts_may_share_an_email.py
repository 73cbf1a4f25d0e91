"""Two accounts may share an e-mail address.

The account page used to refuse an address another account had, which told anyone
with an account who else was registered. Addresses are no longer unique: signing in
with an e-mail tries the accounts that carry it. An index keeps that look-up fast.

Revision: d2a8f4c61e07
Revises: c7d5e3a1f208
Created: 2026-11-30 01:00:00
"""

from alembic import op

revision = "d2a8f4c61e07"
down_revision = "c7d5e3a1f208"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_email", type_="unique")
        batch_op.create_index("ix_users_email", ["email"], unique=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_email")
        batch_op.create_unique_constraint("uq_users_email", ["email"])

"""Supports past one address's daily cap are held for review; one's own can be withdrawn.

`supports.held`: an anonymous "moi aussi" beyond SUPPORTS_PER_ADDRESS_PER_DAY from one
address on one need within a day is kept but not counted until the team counts or
discards it. `supports.address_key`: the keyed hash (HMAC) of the address an anonymous
support came from, which that cap counts; erased after a day. Existing supports were
all counted and have no address key. Downgrading drops the held supports first (they
were never counted, and the older schema would count them on the next merge).

Revision: d8e6f4b2a310
Revises: d2a8f4c61e07
Created: 2026-11-30 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d8e6f4b2a310"
down_revision = "d2a8f4c61e07"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_key", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("held", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_supports_address_key", ["address_key"], unique=False)
        batch_op.create_index("ix_supports_held", ["held", "need_id"], unique=False)


def downgrade():
    op.execute(sa.text("DELETE FROM supports WHERE held"))
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.drop_index("ix_supports_held")
        batch_op.drop_index("ix_supports_address_key")
        batch_op.drop_column("held")
        batch_op.drop_column("address_key")

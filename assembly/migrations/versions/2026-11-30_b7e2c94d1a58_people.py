"""People: the group's persons, consents, ladder levels, one-to-ones and asks.

- `people` (per group), `consents` (per person and purpose, withdrawal keeps the row),
  `ladder_levels` (a group's own names for its ladder), `one_to_ones`, `asks`.
- `person_id` on needs, supports, canvass_visits, rsvps and attendances: the person
  behind the record, where one is known (SET NULL when the person is erased).
- `groups.retention_years`: people without activity for that long are purged (3).

Revision: b7e2c94d1a58
Revises: a6d3f18c2e90
Created: 2026-11-30 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7e2c94d1a58"
down_revision = "a6d3f18c2e90"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ladder_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_ladder_levels_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ladder_levels")),
    )
    with op.batch_alter_table("ladder_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ladder_levels_group_id"), ["group_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("building", sa.String(length=140), nullable=False),
        sa.Column("staircase", sa.String(length=40), nullable=False),
        sa.Column("floor", sa.String(length=40), nullable=False),
        sa.Column("preferred_channel", sa.String(length=8), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("sensitive", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("ladder_rank", sa.Integer(), nullable=False),
        sa.Column("last_contact_at", sa.DateTime(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_people_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_people_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            "ix_people_group_contact", ["group_id", "last_contact_at"], unique=False
        )
        batch_op.create_index("ix_people_group_email", ["group_id", "email"], unique=False)
        batch_op.create_index("ix_people_group_name", ["group_id", "name"], unique=False)
        batch_op.create_index("ix_people_group_phone", ["group_id", "phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_user_id"), ["user_id"], unique=False)

    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asked_by_id"],
            ["users.id"],
            name=op.f("fk_asks_asked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_asks_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
    )
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asks_person_id"), ["person_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_consents_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_consents_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index("ix_consents_person", ["person_id", "purpose"], unique=False)

    op.create_table(
        "one_to_ones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("met_by_id", sa.Integer(), nullable=True),
        sa.Column("self_interest", sa.Text(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("talents", sa.Text(), nullable=False),
        sa.Column("networks", sa.Text(), nullable=False),
        sa.Column("next_step", sa.String(length=200), nullable=False),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["met_by_id"],
            ["users.id"],
            name=op.f("fk_one_to_ones_met_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_one_to_ones_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_to_ones")),
    )
    with op.batch_alter_table("one_to_ones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_one_to_ones_next_step_on"), ["next_step_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_one_to_ones_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attendances_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_attendances_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("canvass_visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_canvass_visits_person_id"), ["person_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_canvass_visits_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention_years", sa.Integer(), server_default="3", nullable=False)
        )

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_needs_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_needs_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_rsvps_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_rsvps_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_supports_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_supports_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_supports_person_id_people"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_supports_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_rsvps_person_id_people"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_rsvps_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_needs_person_id_people"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_needs_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("retention_years")

    with op.batch_alter_table("canvass_visits", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_canvass_visits_person_id_people"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_canvass_visits_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attendances_person_id_people"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attendances_person_id"))
        batch_op.drop_column("person_id")

    with op.batch_alter_table("one_to_ones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_one_to_ones_person_id"))
        batch_op.drop_index(batch_op.f("ix_one_to_ones_next_step_on"))

    op.drop_table("one_to_ones")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index("ix_consents_person")

    op.drop_table("consents")
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asks_person_id"))

    op.drop_table("asks")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_user_id"))
        batch_op.drop_index("ix_people_group_phone")
        batch_op.drop_index("ix_people_group_name")
        batch_op.drop_index("ix_people_group_email")
        batch_op.drop_index("ix_people_group_contact")

    op.drop_table("people")
    with op.batch_alter_table("ladder_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_levels_group_id"))

    op.drop_table("ladder_levels")

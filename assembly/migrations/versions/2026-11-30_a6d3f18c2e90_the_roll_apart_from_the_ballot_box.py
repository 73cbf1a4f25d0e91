"""The roll apart from the ballot box; duplicate attendances can be struck.

- `voting_roll` (decision, voter): who has voted, for every decision; no id, no time,
  and on SQLite no rowid (stored in key order), so it keeps no voting order.
- `ballots`: `voter` and `cast_at` may be empty (a secret ballot has neither, and no
  server default stamps a time any more); `change_key`, the SHA-256 of the token the
  voter's phone keeps, lets a secret ballot be changed. Ids are drawn at random by
  the app: on PostgreSQL the column loses its sequence.
- `ballot_grades` is stored without rowid on SQLite (in key order).
- `attendances.struck_at`: a duplicate the team struck.

Data: the roll is filled from the named ballots. A secret ballot of a vote still open
is put on the roll by matching its old keyed hash (HMAC with the app's secret key)
against the meeting's attendances and the accounts; without the key, or without a
match, it gets no roll row (its voter could then vote again in that vote). Then every
secret ballot loses its hash and its time, and gets a new random id, in random order,
so that nothing stored links it to its voter any more, closed votes included.

Downgrade puts back the old columns, but cannot link a secret ballot to its voter
again (that is the point): their `voter` becomes a placeholder (`x:<id>`), and in a
secret vote still open those who voted could vote a second time. Close open secret
votes before going back.

Revision: a6d3f18c2e90
Revises: e4a9c2d7b513
Created: 2026-11-30 14:00:00
"""

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

revision = "a6d3f18c2e90"
down_revision = "e4a9c2d7b513"
branch_labels = None
depends_on = None

BALLOT_IDS = 2**31 - 1  # as assembly.decisions.models.random_ballot_id


def old_voter_hash(key: str, decision_id: int, who: str) -> str:
    """The keyed hash secret ballots kept until this revision (kept here, not in the app)."""
    message = f"ballot:{decision_id}:{who}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def upgrade():
    op.create_table(
        "voting_roll",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_voting_roll_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "voter", name=op.f("pk_voting_roll")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("struck_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_key", sa.String(length=64), nullable=True))
        batch_op.alter_column("voter", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column(
            "cast_at",
            existing_type=sa.DateTime(),
            nullable=True,
            server_default=None,
            existing_server_default=sa.text("(CURRENT_TIMESTAMP)"),
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_ballots_decision_id_change_key"), ["decision_id", "change_key"]
        )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE ballots ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS ballots_id_seq")
    else:
        with op.batch_alter_table(
            "ballot_grades", recreate="always", table_kwargs={"sqlite_with_rowid": False}
        ):
            pass
    fill_the_roll(bind)
    unlink_secret_ballots(bind)


def fill_the_roll(bind) -> None:
    """The roll of every named vote; that of open secret votes, from their old hashes."""
    bind.execute(
        sa.text(
            "INSERT INTO voting_roll (decision_id, voter) "
            "SELECT b.decision_id, b.voter FROM ballots b JOIN decisions d ON d.id = b.decision_id "
            "WHERE NOT d.secret AND b.voter IS NOT NULL ORDER BY b.decision_id, b.voter"
        )
    )
    key = current_app.config.get("SECRET_KEY") if has_app_context() else None
    if not key:
        return
    users = [f"u:{uid}" for (uid,) in bind.execute(sa.text("SELECT id FROM users"))]
    still_open = bind.execute(
        sa.text("SELECT id, meeting_id FROM decisions WHERE secret AND status = 'open'")
    ).all()
    for decision_id, meeting_id in still_open:
        present = bind.execute(
            sa.text("SELECT id FROM attendances WHERE meeting_id = :m"), {"m": meeting_id}
        )
        candidates = users + [f"a:{aid}" for (aid,) in present]
        by_hash = {old_voter_hash(key, decision_id, who): who for who in candidates}
        hashes = bind.execute(
            sa.text("SELECT voter FROM ballots WHERE decision_id = :d"), {"d": decision_id}
        )
        voters = sorted({by_hash[h] for (h,) in hashes if h in by_hash})
        if voters:
            bind.execute(
                sa.text("INSERT INTO voting_roll (decision_id, voter) VALUES (:d, :v)"),
                [{"d": decision_id, "v": voter} for voter in voters],
            )


def unlink_secret_ballots(bind) -> None:
    """No hash, no name, no time on a secret ballot, and a new random id (in random order)."""
    bind.execute(
        sa.text(
            "UPDATE ballots SET voter = NULL, cast_at = NULL, user_id = NULL, "
            "attendance_id = NULL, name = '' "
            "WHERE decision_id IN (SELECT id FROM decisions WHERE secret)"
        )
    )
    old_ids = [
        ballot_id
        for (ballot_id,) in bind.execute(
            sa.text(
                "SELECT id FROM ballots WHERE decision_id IN (SELECT id FROM decisions WHERE secret)"
            )
        )
    ]
    taken = {ballot_id for (ballot_id,) in bind.execute(sa.text("SELECT id FROM ballots"))}
    secrets.SystemRandom().shuffle(old_ids)
    for old in old_ids:
        new = secrets.randbelow(BALLOT_IDS) + 1
        while new in taken:
            new = secrets.randbelow(BALLOT_IDS) + 1
        taken.add(new)
        bind.execute(
            sa.text(
                "INSERT INTO ballots (id, decision_id, voter, user_id, attendance_id, name, "
                "choice, cast_at, change_key) SELECT :new, decision_id, NULL, NULL, NULL, '', "
                "choice, NULL, NULL FROM ballots WHERE id = :old"
            ),
            {"new": new, "old": old},
        )
        bind.execute(
            sa.text("UPDATE ballot_grades SET ballot_id = :new WHERE ballot_id = :old"),
            {"new": new, "old": old},
        )
        bind.execute(sa.text("DELETE FROM ballots WHERE id = :old"), {"old": old})


def downgrade():
    bind = op.get_bind()
    # A secret ballot cannot be given back its voter: a placeholder keeps the column filled.
    bind.execute(
        sa.text(
            "UPDATE ballots SET voter = 'x:' || CAST(id AS VARCHAR(20)) WHERE voter IS NULL"
        )
    )
    bind.execute(sa.text("UPDATE ballots SET cast_at = CURRENT_TIMESTAMP WHERE cast_at IS NULL"))
    if bind.dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE ballots_id_seq OWNED BY ballots.id")
        op.execute("SELECT setval('ballots_id_seq', COALESCE(MAX(id), 0) + 1, false) FROM ballots")
        op.execute("ALTER TABLE ballots ALTER COLUMN id SET DEFAULT nextval('ballots_id_seq')")
    else:
        with op.batch_alter_table(
            "ballot_grades", recreate="always", table_kwargs={"sqlite_with_rowid": True}
        ):
            pass
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_ballots_decision_id_change_key"), type_="unique")
        batch_op.alter_column(
            "cast_at",
            existing_type=sa.DateTime(),
            nullable=False,
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
        )
        batch_op.alter_column("voter", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column("change_key")
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_column("struck_at")
    op.drop_table("voting_roll")

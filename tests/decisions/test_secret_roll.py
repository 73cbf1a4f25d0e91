"""Secret means secret, even from the host (issue 11): the roll apart from the ballot box.

The adversary holds the instance's secret key and the whole database (every table, the
SQLite files themselves) after a secret vote, and tries every way we know to tell who
voted what: keyed or plain hashes of each possible voter against every column, the
order of ids, rows and transactions against the roll's order or the order people
joined in, and timestamps. Nothing may link a ballot to a voter. (What is not protected
is said in the README: someone watching the server while people vote, PostgreSQL's
physical row order, a voter showing their phone, a unanimous vote.)
"""

import hashlib
import hmac
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import DatabaseError

from assembly.decisions.models import Method, Voters
from assembly.extensions import db
from tests.decisions.conftest import ballot_url
from tests.helpers import Auth, post

GRADES = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (0, 2), (1, 3), (2, 4), (3, 5)]
# The order the ten phones vote in: none votes in the place it joined in.
VOTING_ORDER = [3, 7, 0, 9, 5, 1, 8, 2, 6, 4]
CHANGED = (0, 1)  # the first to join changes their vote at the end, from their phone
MEMBERS = ("member", "organizer", "admin")


def sql(statement: str, **values):
    return db.session.execute(db.text(statement), values)


def fingerprints(key: str, decisions: list[int], voters: list[str]) -> dict[str, str]:
    """Every mark of a voter we can think of, keyed or not → the voter it would name."""
    marks = {}
    for who in voters:
        for message in [who] + [f"ballot:{d}:{who}" for d in decisions]:
            keyed = hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()
            marks[keyed] = marks[hashlib.sha256(message.encode()).hexdigest()] = who
    return marks


def every_value() -> list[tuple[str, str, object]]:
    """(table, column, value) of every cell of every table in the database."""
    cells = []
    for table in db.inspect(db.session.connection()).get_table_names():
        result = sql(f'SELECT * FROM "{table}"')  # noqa: S608 (names read from the database)
        columns = list(result.keys())
        cells += [(table, c, v) for row in result for c, v in zip(columns, row, strict=True)]
    return cells


def candidates() -> list[str]:
    """Everyone who could have voted: every attendance and every account, as the roll names them."""
    present = [f"a:{i}" for (i,) in sql("SELECT id FROM attendances")]
    return present + [f"u:{i}" for (i,) in sql("SELECT id FROM users")]


def secret_decisions() -> list[int]:
    return [d for (d,) in sql("SELECT id FROM decisions WHERE secret ORDER BY id")]


def assert_no_voter_mark_anywhere(app, files: bool = True) -> None:
    """No column of any table, nor (`files`) the SQLite files' bytes, holds a mark of any
    voter. (A migrated database's free space may still hold marks written before it.)"""
    marks = fingerprints(app.config["SECRET_KEY"], secret_decisions(), candidates())
    found = [
        (table, column, marks[str(value)])
        for table, column, value in every_value()
        if str(value) in marks
    ]
    assert found == [], f"ballots linked to voters through {found[:3]}"
    if files and db.engine.dialect.name == "sqlite":
        database = Path(db.engine.url.database)
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert not [m for m in marks if m.encode() in raw], "a voter's mark in the SQLite files"


def storage_order(table: str, column: str, where: str = "") -> list:
    """`column` of `table` in the order the rows are stored (rowid on SQLite, ctid on
    PostgreSQL), or in the table's own order when it has no rowid."""
    if db.engine.dialect.name == "postgresql":
        return list(sql(f"SELECT {column} FROM {table} {where} ORDER BY ctid").scalars())  # noqa: S608
    try:
        return list(sql(f"SELECT {column} FROM {table} {where} ORDER BY rowid").scalars())  # noqa: S608
    except DatabaseError:  # WITHOUT ROWID: stored in key order
        db.session.rollback()
        return list(sql(f"SELECT {column} FROM {table} {where}").scalars())  # noqa: S608


@pytest.fixture
def election(app, room, join, put_to_vote, people):
    """Ten phones grade two options in a secret vote of those present, in VOTING_ORDER, and
    one changes their vote; three members vote in a secret vote of members (left open)."""
    phones = [join(f"Voisine {n}") for n in range(len(GRADES))]
    present = put_to_vote(Method.JUDGMENT, secret=True, options=["Samedi", "Dimanche"])
    with app.app_context():
        options = [o for (o,) in sql("SELECT id FROM decision_options ORDER BY position, id")]
        attendance_ids = [a for (a,) in sql("SELECT id FROM attendances ORDER BY id")]
        events_before = sql("SELECT count(*) FROM events").scalar_one()

    def grade(phone, grades):
        data = {f"option_{o}": str(g) for o, g in zip(options, grades, strict=True)}
        assert post(phone, ballot_url(present), data).status_code == 302

    for n in VOTING_ORDER:
        grade(phones[n], GRADES[n])
    grade(phones[0], CHANGED)
    with app.app_context():
        assert sql("SELECT count(*) FROM events").scalar_one() == events_before  # no trace
    members = put_to_vote(Method.BALLOT, secret=True, voters=Voters.MEMBERS)
    for username, choice in zip(MEMBERS, ("yes", "no", "abstain"), strict=True):
        client = app.test_client()
        Auth(client).login(people[username].username)
        assert post(client, ballot_url(members), {"choice": choice}).status_code == 302
    team = app.test_client()
    Auth(team).login(people["facilitator"].username)
    assert post(team, f"/g/glycines/decisions/{present}/close").status_code == 302
    truth = {f"a:{a}": GRADES[n] for n, a in enumerate(attendance_ids)}
    truth[f"a:{attendance_ids[0]}"] = CHANGED
    return present, members, options, truth


def test_with_the_key_and_the_database_nobody_links_a_secret_ballot_to_its_voter(app, election):
    present, members, options, truth = election
    with app.app_context():
        assert_no_voter_mark_anywhere(app)
        # The ballot box: no voter, no name, no time, only the answer and the phone's key.
        for decision in (present, members):
            rows = sql(
                "SELECT voter, user_id, attendance_id, name, cast_at, change_key FROM ballots "
                "WHERE decision_id = :d",
                d=decision,
            ).all()
            assert {row[:5] for row in rows} == {(None, None, None, "", None)}
            assert len({row.change_key for row in rows}) == len(rows)
        # The roll: who voted, nothing else: no id, no time, and stored in key order.
        columns = db.inspect(db.session.connection()).get_columns("voting_roll")
        assert {column["name"] for column in columns} == {"decision_id", "voter"}
        where = f"WHERE decision_id = {present}"
        on_roll = storage_order("voting_roll", "voter", where)
        assert sorted(on_roll) == sorted(truth)
        if db.engine.dialect.name == "sqlite":
            assert on_roll == sorted(on_roll)
            for table in ("voting_roll", "ballot_grades"):
                with pytest.raises(DatabaseError, match="rowid"):
                    sql(f"SELECT rowid FROM {table}")  # noqa: S608
                db.session.rollback()
        else:  # every row of a roll carries the transaction of the last voter, the same
            xmins = "SELECT count(DISTINCT xmin::text) FROM voting_roll WHERE decision_id = :d"
            assert sql(xmins, d=present).scalar_one() == 1
            assert sql(xmins, d=members).scalar_one() == 1
        # Ids are drawn at random: not a sequence that would give the order of casting.
        ids = sorted(sql("SELECT id FROM ballots WHERE decision_id = :d", d=present).scalars())
        assert ids != list(range(ids[0], ids[0] + len(ids)))

        # Orders: pair the ballots, in every order they can be read in, with the voters,
        # in every order the database gives them; no pairing may name every voter.
        answers = {
            ballot: tuple(grade for _, grade in sorted(grades))
            for ballot, grades in _grades_by_ballot(present).items()
        }
        ballot_orders = {
            "id": sorted(answers),
            "storage": storage_order("ballots", "id", where),
            "grades' storage": list(
                dict.fromkeys(storage_order("ballot_grades", "ballot_id", _of(answers)))
            ),
        }
        if db.engine.dialect.name == "postgresql":
            ballot_orders["transaction"] = list(
                sql(f"SELECT id FROM ballots {where} ORDER BY xmin::text::bigint").scalars()  # noqa: S608
            )
        voter_orders = {
            "roll": on_roll,
            "joined": sorted(truth, key=lambda v: int(v[2:])),
            "roll, numbered": sorted(on_roll, key=lambda v: int(v[2:])),
        }
        for (b_name, b_order), (v_name, v_order) in _pairs(ballot_orders, voter_orders):
            pairs = zip(b_order, v_order, strict=True)
            guessed = {voter: answers[ballot] for ballot, voter in pairs}
            assert guessed != truth, f"ballots by {b_name} match voters by {v_name}"


def _grades_by_ballot(decision: int) -> dict[int, list[tuple[int, int]]]:
    rows = sql(
        "SELECT g.ballot_id, g.option_id, g.grade FROM ballot_grades g "
        "JOIN ballots b ON b.id = g.ballot_id WHERE b.decision_id = :d",
        d=decision,
    )
    by_ballot: dict[int, list[tuple[int, int]]] = {}
    for ballot, option, grade in rows:
        by_ballot.setdefault(ballot, []).append((option, grade))
    return by_ballot


def _of(ballots) -> str:
    return f"WHERE ballot_id IN ({', '.join(str(int(b)) for b in ballots)})"


def _pairs(first: dict, second: dict):
    return [(a, b) for a in first.items() for b in second.items()]


# The migration: ballots cast before it were linked to their voter by a keyed hash.

BEFORE = "e4a9c2d7b513"  # the revision before the roll


@pytest.fixture
def migrated(app):
    """The test database made by the migrations (then put back as the other tests expect)."""
    with app.app_context():
        db.drop_all()
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        sql("DROP TABLE IF EXISTS alembic_version")
        db.session.commit()


def test_the_migration_unlinks_past_secret_ballots_and_keeps_open_votes_one_per_person(
    migrated, make_user
):
    app = migrated
    key = app.config["SECRET_KEY"]
    voters = [make_user(f"votante{n}") for n in range(3)]
    with app.app_context():
        db.session.remove()
        downgrade(revision=BEFORE)
        sql("INSERT INTO groups (id, slug, name, description) VALUES (1, 'g', 'G', '')")
        sql(
            "INSERT INTO meetings (id, group_id, title, kind, starts_at, duration_minutes, place,"
            " description, public, state, join_code, order_rule, notes, live_version)"
            " VALUES (1, 1, 'AG', 'assembly', '2026-11-05 18:00:00', 90, '', '', :t, 'live',"
            " 'OLD01', 'first_come', '', 1)",
            t=True,
        )
        for a in (1, 2):
            sql(
                "INSERT INTO attendances (id, meeting_id, name, source)"
                " VALUES (:a, 1, :n, 'phone')",
                a=a,
                n=f"Voisin {a}",
            )
        for d, secret, status in ((1, True, "open"), (2, True, "closed"), (3, False, "open")):
            sql(
                "INSERT INTO decisions (id, group_id, meeting_id, question, proposal, method,"
                " voters, secret, public, status, opened_at) VALUES (:d, 1, 1, 'Q ?', '',"
                " 'ballot', 'present', :s, :t, :status, '2026-11-05 18:30:00')",
                d=d,
                s=secret,
                t=True,
                status=status,
            )

        def old_hash(d, who):
            message = f"ballot:{d}:{who}".encode()
            return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()

        old = [  # (id, decision, voter as stored, choice)
            (1, 1, old_hash(1, "a:1"), "yes"),
            (2, 1, old_hash(1, f"u:{voters[0].id}"), "no"),
            (3, 1, "f" * 64, "abstain"),  # matches nobody: no roll row
            (4, 2, old_hash(2, "a:2"), "yes"),
            (5, 3, "a:2", "no"),
        ]
        for ballot, d, voter, choice in old:
            sql(
                "INSERT INTO ballots (id, decision_id, voter, name, choice, cast_at) VALUES"
                " (:b, :d, :v, '', :c, '2026-11-05 18:31:07.123456')",
                b=ballot,
                d=d,
                v=voter,
                c=choice,
            )
        db.session.commit()
        db.session.remove()

        upgrade()
        roll = "SELECT decision_id, voter FROM voting_roll ORDER BY decision_id, voter"
        assert sql(roll).all() == [(1, "a:1"), (1, f"u:{voters[0].id}"), (3, "a:2")]
        secret = sql(
            "SELECT id, decision_id, voter, cast_at, choice FROM ballots WHERE decision_id < 3"
        ).all()
        assert sorted((d, v, t, c) for _, d, v, t, c in secret) == [
            (1, None, None, "abstain"),
            (1, None, None, "no"),
            (1, None, None, "yes"),
            (2, None, None, "yes"),
        ]
        assert not {i for i, *_ in secret} & {1, 2, 3, 4}  # new random ids
        assert sql("SELECT voter, cast_at FROM ballots WHERE decision_id = 3").one()[0] == "a:2"
        assert_no_voter_mark_anywhere(app, files=False)
        db.session.remove()

        downgrade(revision=BEFORE)  # back: the secret ballots keep their answers, not a name
        choices = sql("SELECT decision_id, choice FROM ballots ORDER BY decision_id, choice")
        assert choices.all() == [(1, "abstain"), (1, "no"), (1, "yes"), (2, "yes"), (3, "no")]
        db.session.remove()
        upgrade()

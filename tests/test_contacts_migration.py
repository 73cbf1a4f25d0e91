"""The migration that moves the contacts of needs, doors and RSVPs into the contact book.

Each readable contact becomes a person of the group (an account's one person for what an
account sent), with its consent in the words the form showed then; a value that is
neither a phone nor an e-mail is dropped and counted; the old columns go. Going back
down puts them back, filled from what is still held under a live consent.
"""

from datetime import date, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade

from assembly.extensions import db

BEFORE = "b7e2c94d1a58"  # the people tables, person_id everywhere, contacts still on the rows
MOVE = "c41e8d2f7a93"
NOW = datetime(2026, 12, 1, 9)
T1, T2, T3 = datetime(2026, 3, 2, 10), datetime(2026, 3, 20, 15), datetime(2027, 2, 20, 8)
STARTS = datetime(2027, 3, 5, 17)
# The words each form's consent box showed until this migration (in French, the default).
NEED = (
    "J’accepte que le groupe garde ce téléphone ou cet e-mail pour me recontacter au sujet de "
    "ce besoin, jusqu’à ce qu’il soit clos. Seule l’équipe du groupe peut le voir."
)
DOOR = (
    "La personne accepte que le groupe garde ce téléphone ou cet e-mail pour la recontacter, "
    "pendant un an après la fin de cette tournée de porte-à-porte. Seuls les organisateur·rices "
    "et l’équipe de cette tournée peuvent le voir."
)
RSVP = (
    "J’accepte que le groupe garde ce téléphone ou cet e-mail pour me prévenir au sujet de cette "
    "réunion, jusqu’à une semaine après. Seule l’équipe du groupe peut le voir."
)


@pytest.fixture
def before_move(app, clock):
    """The test app's database as the migrations up to `BEFORE` made it; the clock at NOW."""
    clock.freeze(NOW)
    with app.app_context():
        db.drop_all()
        upgrade(revision=BEFORE)
    yield app
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


def sql(statement: str, **values):
    return db.session.execute(db.text(statement), values)


def need(number: int, group: int, contact: str, **fields):
    """A need row in the schema of `BEFORE` (today's Need model no longer has `contact`)."""
    row = {
        "id": number,
        "group": group,
        "number": number,
        "title": f"Besoin {number}",
        "channel": "web",
        "status": "new",
        "moderation": "approved",
        "author_id": None,
        "author_name": "",
        "contact": contact,
        "consent_at": None,
        **fields,
    }
    sql(
        "INSERT INTO needs (id, group_id, number, title, body, place, search_text, channel,"
        " status, status_reason, moderation, moderation_reason, author_id, author_name,"
        " contact, contact_consent_at, support_count, counted_support, total_support)"
        " VALUES (:id, :group, :number, :title, '', '', '', :channel, :status, '',"
        " :moderation, '', :author_id, :author_name, :contact, :consent_at, 0, 0, 0)",
        **row,
    )


def seed(make_user) -> dict:
    """A group's needs, doors and RSVPs with contacts as they were typed; returns ids."""
    from assembly.canvassing.models import Canvass
    from assembly.groups.operations import create_group

    fatou, awa = make_user("fatou"), make_user("awa")
    group = create_group("Collectif des Glycines", "glycines", admin=None).id
    need(1, group, "06 12 12 12 12", author_name="Mme Durand", consent_at=T1)
    need(2, group, "  diallo@Exemple.FR ", channel="paper", consent_at=T1)
    need(3, group, "06 11 22 33 44", author_id=awa.id, author_name="Awa", consent_at=T1)
    need(4, group, "awa@example.org", author_id=awa.id, consent_at=T2)
    need(5, group, "06 12 34", author_name="M. Petit", consent_at=T1)  # no phone number
    need(6, group, "06 99 88 77 66", status="resolved", consent_at=T1)  # closed: ran out
    need(7, group, "", channel="door")  # raised at door 1, whose contact is on the door
    canvass = Canvass(
        group_id=group,
        name="Écoute des Glycines",
        starts_on=date(2026, 3, 14),
        ends_on=date(2026, 4, 4),
        places="Bâtiment A",
    )
    db.session.add(canvass)
    db.session.flush()
    for visit, contact, involved in (
        (1, "06 98 76 54 32 / voisin@example.org", False),
        (2, "", True),
        (3, "appeler le soir", False),
    ):
        sql(
            "INSERT INTO canvass_visits (id, group_id, canvass_id, building, floor, outcome,"
            " words, wants_involvement, contact, contact_consent_at, knocked_by_id) VALUES"
            " (:id, :group, :canvass, 'Bâtiment A', '2e gauche', 'talked', '', :involved,"
            " :contact, :at, :fatou)",
            id=visit,
            group=group,
            canvass=canvass.id,
            involved=involved,
            contact=contact,
            at=T2 if contact else None,
            fatou=fatou.id,
        )
    sql("INSERT INTO visit_needs (visit_id, need_id) VALUES (1, 7)")
    # In the schema of `BEFORE` (today's Meeting model has columns it lacks).
    sql(
        "INSERT INTO meetings (id, group_id, title, kind, starts_at, duration_minutes, place,"
        " description, public, state, join_code, order_rule, notes, live_version) VALUES"
        " (1, :group, 'Assemblée de mars', 'assembly', :starts, 120, '', '', :public,"
        " 'planned', 'FVHYP', 'newcomers_first', '', 0)",
        group=group,
        starts=STARTS,
        public=True,
    )
    for rsvp, name, user, contact in (
        (1, "Karim", None, "06 12 34 56 78"),
        (2, "Inès", None, ""),
        (3, "Awa", awa.id, "+33 6 11 22 33 44"),
    ):
        sql(
            "INSERT INTO rsvps (id, meeting_id, user_id, name, answer, contact,"
            " contact_consent_at, named_in_minutes) VALUES (:id, :meeting, :user, :name, 'yes',"
            " :contact, :at, :no)",
            id=rsvp,
            meeting=1,
            user=user,
            name=name,
            contact=contact,
            at=T3 if contact else None,
            no=False,
        )
    db.session.commit()
    return {"fatou": fatou.id, "awa": awa.id, "group": group}


def person_of(table: str, row_id: int):
    return sql(
        f"SELECT p.id, p.name, p.phone, p.email, p.building, p.floor, p.user_id"  # noqa: S608
        f" FROM people p JOIN {table} r ON r.person_id = p.id WHERE r.id = :id",
        id=row_id,
    ).one_or_none()


def consents_of(person_id: int) -> list[tuple]:
    query = db.text(
        "SELECT purpose, source, version, given_at, expires_at, recorded_by_id, wording"
        " FROM consents WHERE person_id = :p ORDER BY given_at, purpose"
    ).columns(given_at=db.DateTime, expires_at=db.DateTime)  # read as times on SQLite too
    return [tuple(row) for row in db.session.execute(query, {"p": person_id})]


def columns(table: str) -> set[str]:
    return {column["name"] for column in db.inspect(db.engine).get_columns(table)}


def test_contacts_become_people_with_their_consents_and_come_back_down(
    before_move, make_user, capsys
):
    app = before_move
    with app.app_context():
        ids = seed(make_user)
        db.session.remove()

        upgrade(revision=MOVE)

        printed = capsys.readouterr().out
        assert "needs: 1 contact(s) neither a phone number nor an e-mail address" in printed
        assert "(rows 5)" in printed and "canvass_visits: 1" in printed and "(rows 3)" in printed
        assert "06 12 34" not in printed  # ids, never the values
        for table in ("needs", "canvass_visits", "rsvps"):
            assert not {"contact", "contact_consent_at"} & columns(table)

        durand = person_of("needs", 1)
        assert tuple(durand)[1:] == ("Mme Durand", "+33612121212", "", "", "", None)
        assert consents_of(durand.id) == [("need_followup", "web", 1, T1, None, None, NEED)]
        diallo = person_of("needs", 2)
        assert (diallo.name, diallo.email) == ("", "diallo@exemple.fr")
        assert [c[1] for c in consents_of(diallo.id)] == ["paper"]  # the need's channel
        # What an account sent is that account's one person in the group.
        awa = person_of("needs", 3)
        assert person_of("needs", 4).id == awa.id == person_of("rsvps", 3).id
        assert (awa.name, awa.phone, awa.email, awa.user_id) == (
            "Awa",
            "+33611223344",
            "awa@example.org",
            ids["awa"],
        )
        assert [c[0] for c in consents_of(awa.id)] == [
            "need_followup",
            "need_followup",
            "meeting_news",
        ]
        assert person_of("needs", 5) is None  # unreadable: dropped, not kept half-read
        [closed] = consents_of(person_of("needs", 6).id)
        assert closed[4] == NOW  # the need is closed: its consent has run out

        door = person_of("canvass_visits", 1)
        assert tuple(door)[1:] == (
            "",
            "+33698765432",
            "voisin@example.org",
            "Bâtiment A",
            "2e gauche",
            None,
        )
        a_year_on = datetime(2027, 4, 5)  # to the end of the day a year after the round
        assert consents_of(door.id) == [
            ("group_actions", "door", 1, T2, a_year_on, ids["fatou"], DOOR),
            ("need_followup", "door", 1, T2, a_year_on, ids["fatou"], DOOR),
        ]
        assert person_of("needs", 7).id == door.id  # the need raised at that door
        assert person_of("canvass_visits", 2) is None and person_of("canvass_visits", 3) is None

        karim = person_of("rsvps", 1)
        assert (karim.name, karim.phone) == ("Karim", "+33612345678")
        week = STARTS + timedelta(days=7)  # what the form promised then, not today's month
        assert consents_of(karim.id) == [("meeting_news", "web", 1, T3, week, None, RSVP)]
        assert person_of("rsvps", 2) is None
        people = sql("SELECT count(*) FROM people").scalar_one()
        consents = sql("SELECT count(*) FROM consents").scalar_one()
        db.session.remove()

        downgrade(revision=BEFORE)

        back = dict(sql("SELECT id, contact FROM needs").all())
        assert back[1] == "06 12 12 12 12" and back[2] == "diallo@exemple.fr"
        assert back[3] == back[4] == "06 11 22 33 44 · awa@example.org"  # one person's
        assert back[5] == back[6] == ""  # dropped; ran out when the need closed
        assert back[7] == "06 98 76 54 32 · voisin@example.org"  # told about it at the door
        given = db.text("SELECT contact_consent_at FROM needs WHERE id = 1")
        assert db.session.scalar(given.columns(contact_consent_at=db.DateTime)) == T1
        assert dict(sql("SELECT id, contact FROM canvass_visits").all()) == {
            1: "06 98 76 54 32 · voisin@example.org",
            2: "",
            3: "",
        }
        assert dict(sql("SELECT id, contact FROM rsvps").all()) == {
            1: "06 12 34 56 78",
            2: "",
            3: "06 11 22 33 44 · awa@example.org",
        }
        db.session.remove()

        upgrade(revision=MOVE)  # and up again: the same people, no second consent

        assert sql("SELECT count(*) FROM people").scalar_one() == people
        assert sql("SELECT count(*) FROM consents").scalar_one() == consents
        db.session.remove()

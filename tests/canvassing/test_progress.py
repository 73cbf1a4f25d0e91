"""The canvass page: progress per building and the themes heard most."""

import re

from sqlalchemy import event

from assembly.auth.models import User
from assembly.canvassing import operations
from assembly.canvassing.models import Canvass, VisitOutcome
from assembly.extensions import db
from assembly.needs.models import Theme
from tests.helpers import post

# building, outcome, wants to get involved, themes
DOORS = (
    ("Bâtiment A", VisitOutcome.TALKED, True, ("Logement", "Propreté")),
    ("Bâtiment A", VisitOutcome.TALKED, False, ("Logement",)),
    ("Bâtiment A", VisitOutcome.ABSENT, False, ()),
    ("Bâtiment A", VisitOutcome.REFUSED, False, ()),
    ("Bâtiment B", VisitOutcome.LATER, False, ()),
    ("Rue des Lilas", VisitOutcome.TALKED, True, ("Logement", "Tranquillité", "Propreté")),
)


def knock(app, canvass_id, user_id, doors=DOORS):
    """Log the doors through the operation, as the view does."""
    with app.app_context():
        canvass = db.session.get(Canvass, canvass_id)
        themes = {t.name: t for t in db.session.scalars(db.select(Theme))}
        for building, outcome, involved, names in doors:
            operations.log_visit(
                canvass,
                by=db.session.get(User, user_id),
                building=building,
                outcome=outcome,
                wants_involvement=involved,
                themes=[themes[name] for name in names],
            )


def table_rows(page: str) -> list[tuple[str, ...]]:
    """(place, doors, talks, interested) of the progress table, as the reader sees them."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows.append(tuple(cells))
    return rows


def test_progress_counts_doors_talks_and_interest_per_building(
    app, client, auth, group, people, make_canvass, make_themes
):
    make_themes("Logement", "Propreté", "Tranquillité", "Transports")
    canvass = make_canvass(places="Bâtiment A\nBâtiment B\nBâtiment C")
    knock(app, canvass.id, people["member"].id)
    auth.login("member")
    page = client.get(canvass.url).get_data(as_text=True)
    assert table_rows(page) == [
        ("Bâtiment A", "4", "2", "1"),
        ("Bâtiment B", "1", "0", "0"),
        ("Bâtiment C", "0", "0", "0"),  # on the list, not knocked yet
        ("Rue des Lilas", "1", "1", "1"),  # logged as another place
    ]
    totals = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", totals) == ["6", "3", "2"]


def test_themes_heard_most_come_first(app, client, auth, group, people, make_canvass, make_themes):
    make_themes("Logement", "Propreté", "Tranquillité", "Transports")
    canvass = make_canvass()
    knock(app, canvass.id, people["member"].id)
    with app.app_context():
        ranking = operations.top_themes(db.session.get(Canvass, canvass.id))
    assert ranking == [("Logement", 3), ("Propreté", 2), ("Tranquillité", 1)]
    auth.login("member")
    page = client.get(canvass.url).get_data(as_text=True)
    listed = re.search(r'<ol class="themes">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r"<li>(\S+) ", listed) == ["Logement", "Propreté", "Tranquillité"]


def test_another_canvass_doors_are_not_counted(
    app, client, auth, group, people, make_canvass, make_themes
):
    make_themes("Logement", "Propreté", "Tranquillité")
    first, second = make_canvass("Printemps"), make_canvass("Automne")
    knock(app, first.id, people["member"].id)
    knock(app, second.id, people["member"].id, DOORS[:1])
    with app.app_context():
        canvass = db.session.get(Canvass, second.id)
        assert [(p.place, p.doors) for p in operations.progress(canvass)] == [
            ("Bâtiment A", 1),
            ("Bâtiment B", 0),
        ]
        assert operations.top_themes(canvass) == [("Logement", 1), ("Propreté", 1)]
    auth.login("member")
    listing = client.get("/g/glycines/canvass").get_data(as_text=True)
    assert "Printemps" in listing and "Automne" in listing


def test_progress_and_themes_take_one_query_each_however_many_buildings(
    app, group, people, make_canvass, make_themes
):
    make_themes("Logement", "Propreté", "Tranquillité")
    places = "\n".join(f"Bâtiment {n}" for n in range(30))
    canvass = make_canvass(places=places)
    knock(app, canvass.id, people["member"].id)
    with app.app_context():
        row = db.session.get(Canvass, canvass.id)
        row.place_list  # noqa: B018  (loaded before counting)
        statements = []

        def count(_conn, _cursor, statement, *_args):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert len(operations.progress(row)) == 33  # 30 listed, 3 others
            assert len(statements) == 1
            operations.top_themes(row)
            assert len(statements) == 2
        finally:
            event.remove(db.engine, "before_cursor_execute", count)


def test_a_door_logged_through_the_form_shows_in_the_progress(client, auth, group, make_canvass):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    post(
        client,
        f"{canvass.url}/visit",
        {"building": "Bâtiment B", "outcome": "talked", "wants_involvement": "y"},
    )
    page = client.get(canvass.url).get_data(as_text=True)
    assert ("Bâtiment B", "1", "1", "1") in table_rows(page)

"""Opening and changing a door-knocking round."""

import re

from assembly.canvassing.models import Canvass
from assembly.extensions import db
from assembly.trace.models import Event
from tests.helpers import post

VALID = {
    "name": "Écoute du printemps",
    "starts_on": "2026-03-14",
    "ends_on": "2026-04-04",
    "places": "Bâtiment A\n\n  Bâtiment B  \nBâtiment A\nRue des Lilas",
}


def canvasses(app):
    with app.app_context():
        return [
            (c.name, c.place_list, sorted(u.id for u in c.team))
            for c in db.session.scalars(db.select(Canvass))
        ]


def test_organizer_opens_a_canvass_with_places_and_team(app, client, auth, group, people):
    auth.login("organizer")
    form = client.get("/g/glycines/canvass/new").get_data(as_text=True)
    assert f'value="{people["member"].id}"' in form  # members are offered as team
    response = post(client, "/g/glycines/canvass/new", {**VALID, "team": [people["member"].id]})
    assert response.status_code == 302
    [(name, places, team)] = canvasses(app)
    assert name == "Écoute du printemps"
    assert places == ["Bâtiment A", "Bâtiment B", "Rue des Lilas"]  # blanks and repeats dropped
    assert team == [people["member"].id]
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb="canvass.created"))
        assert event.actor_id == people["organizer"].id and event.group_id == group.id
        assert event.payload["team"] == [people["member"].id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Écoute du printemps" in page and "Rue des Lilas" in page


def test_the_team_can_only_be_chosen_among_the_group_members(app, client, auth, group, people):
    auth.login("organizer")
    post(client, "/g/glycines/canvass/new", {**VALID, "team": [people["outsider"].id]})
    assert canvasses(app)[0][2] == []


def test_last_day_before_first_day_is_refused_and_the_text_kept(app, client, auth, group):
    auth.login("organizer")
    response = post(client, "/g/glycines/canvass/new", {**VALID, "ends_on": "2026-03-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="ends_on-error"' in page
    assert 'value="Écoute du printemps"' in page and "Rue des Lilas" in page
    assert canvasses(app) == []


def test_a_date_that_is_not_one_is_refused(app, client, auth, group):
    auth.login("organizer")
    response = post(client, "/g/glycines/canvass/new", {**VALID, "starts_on": "demain"})
    assert response.status_code == 400
    assert 'id="starts_on-error"' in response.get_data(as_text=True)
    assert canvasses(app) == []


def test_empty_name_or_places_are_refused_and_the_rest_kept(app, client, auth, group):
    auth.login("organizer")
    response = post(client, "/g/glycines/canvass/new", {**VALID, "name": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="name-error"' in page and "Rue des Lilas" in page
    response = post(client, "/g/glycines/canvass/new", {**VALID, "places": "\n \n"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="places-error"' in page and 'value="Écoute du printemps"' in page
    assert canvasses(app) == []


def test_organizer_changes_the_team_and_the_journal_says_so(
    app, client, auth, group, people, make_canvass
):
    canvass = make_canvass(team=("member",))
    auth.login("admin")
    edit_url = f"{canvass.url}/edit"
    form = client.get(edit_url).get_data(as_text=True)
    checked = re.search(rf'<input[^>]*checked[^>]*value="{people["member"].id}"', form)
    assert checked, "the current team is ticked"
    response = post(
        client,
        edit_url,
        {
            **VALID,
            "name": "Écoute des Glycines",
            "places": "Bâtiment A\nBâtiment B",
            "team": [people["facilitator"].id],
        },
    )
    assert response.status_code == 302
    assert canvasses(app)[0][2] == [people["facilitator"].id]
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb="canvass.edited"))
        assert event.payload["fields"] == ["team"]  # the rest was sent unchanged


def test_members_see_the_canvasses_and_organizers_may_open_one(client, auth, group, make_canvass):
    make_canvass("Écoute des Glycines")
    auth.login("member")
    page = client.get("/g/glycines/canvass").get_data(as_text=True)
    assert "Écoute des Glycines" in page
    assert "/g/glycines/canvass/new" not in page
    auth.logout()
    auth.login("organizer")
    assert "/g/glycines/canvass/new" in client.get("/g/glycines/canvass").get_data(as_text=True)


def test_group_home_links_members_to_the_canvasses(client, auth, group):
    assert "/g/glycines/canvass" not in client.get("/g/glycines/").get_data(as_text=True)
    auth.login("member")
    assert "/g/glycines/canvass" in client.get("/g/glycines/").get_data(as_text=True)


def test_a_canvass_of_another_group_is_not_found(app, client, auth, group, make_canvass):
    canvass = make_canvass()
    auth.login("outsider")  # a member of "autre"
    assert client.get(f"/g/autre/canvass/{canvass.id}").status_code == 404
    assert client.get(f"/g/autre/canvass/{canvass.id}/visit").status_code == 404


def test_links_printed_on_door_knocking_sheets_keep_their_shape(app, group, make_canvass):
    """Rounds opened before the rename from "campaign" kept their ids and these paths."""
    from flask import url_for

    canvass = make_canvass()
    with app.test_request_context():
        assert url_for("canvassing.show", slug="glycines", canvass_id=canvass.id) == canvass.url
        assert url_for("canvassing.visit", slug="glycines", canvass_id=7) == (
            "/g/glycines/canvass/7/visit"
        )

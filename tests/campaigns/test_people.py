"""Who is around a campaign: its targets and stakeholders written by the organizers, who
reads what of them (the public nothing, members the targets and names, the team the
stakes, notes and power map), and the power map saying what its table says."""

import math
import re

import pytest

from assembly.campaigns import powermap
from assembly.campaigns.models import Stakeholder, StakeholderKind, Target
from assembly.extensions import db
from assembly.trace.models import Event
from tests.helpers import post


@pytest.fixture
def running(make_campaign):
    return make_campaign("Des ascenseurs qui marchent", started=True)


@pytest.fixture
def place(app, running):
    """Put a target or a stakeholder on the running campaign directly; returns its id."""

    def add(model, **columns):
        with app.app_context():
            row = model(campaign_id=running.id, **columns)
            db.session.add(row)
            db.session.commit()
            return row.id

    return add


def rows(app, model, campaign_id):
    with app.app_context():
        return [
            {c.name: getattr(row, c.name) for c in model.__table__.columns}
            for row in db.session.scalars(
                db.select(model).filter_by(campaign_id=campaign_id).order_by(model.id)
            )
        ]


def verbs(app):
    with app.app_context():
        return [event.verb for event in db.session.scalars(db.select(Event).order_by(Event.id))]


def test_an_organizer_names_targets_and_places_stakeholders(app, client, auth, running):
    auth.login("organizer")
    response = post(
        client,
        f"{running.url}/targets/new",
        {
            "primary": "1",
            "name": "Mme Nadia Roux",
            "role": "directrice d'agence",
            "organisation": "Habitat Isère",
            "power": "Elle signe les bons de travaux.",
            "cares": "Son image auprès de la mairie.",
            "notes": "Répond mieux par écrit.",
        },
    )
    assert response.status_code == 302 and "/people#target-" in response.headers["Location"]
    response = post(
        client,
        f"{running.url}/stakeholders/new",
        {"kind": "opponent", "name": "Ascenseurs Durand", "stake": "Le contrat.",
         "influence": "4", "stance": "-2"},
    )  # fmt: skip
    assert response.status_code == 302
    [target] = rows(app, Target, running.id)
    assert (target["name"], target["primary"], target["notes"]) == (
        "Mme Nadia Roux",
        True,
        "Répond mieux par écrit.",
    )
    [row] = rows(app, Stakeholder, running.id)
    assert (row["kind"], row["influence"], row["stance"]) == (StakeholderKind.OPPONENT, 4, -2)
    assert verbs(app)[-2:] == ["campaign.target_added", "campaign.stakeholder_added"]


def test_a_form_that_fails_answers_400_and_keeps_the_text(client, auth, running):
    auth.login("organizer")
    response = post(
        client, f"{running.url}/targets/new", {"primary": "1", "name": "Mme Nadia Roux"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Mme Nadia Roux"' in page and 'id="role-error"' in page
    response = post(
        client,
        f"{running.url}/stakeholders/new",
        {"kind": "ally", "name": "L'amicale", "stake": "Des charges en moins", "stance": "7"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "L&#39;amicale" in page and "Des charges en moins" in page
    assert 'id="stance-error"' in page


def test_editing_and_removing_are_journaled_and_removing_needs_a_confirmation(
    app, client, auth, running, place
):
    target_id = place(Target, role="directrice", name="Mme Roux")
    row_id = place(Stakeholder, kind=StakeholderKind.ALLY, name="L'amicale", influence=2)
    auth.login("organizer")
    edit = f"{running.url}/targets/{target_id}/edit"
    assert 'value="Mme Roux"' in client.get(edit).get_data(as_text=True)
    data = {"primary": "0", "name": "Mme Roux", "role": "directrice générale"}
    assert post(client, edit, data).status_code == 302
    [target] = rows(app, Target, running.id)
    assert (target["primary"], target["role"]) == (False, "directrice générale")
    data = {"kind": "ally", "name": "L'amicale", "influence": "5", "stance": "2"}
    assert post(client, f"{running.url}/stakeholders/{row_id}/edit", data).status_code == 302
    assert (rows(app, Stakeholder, running.id)[0]["influence"]) == 5
    with app.app_context():
        edited = db.session.scalars(
            db.select(Event).where(Event.verb.like("campaign.%_edited")).order_by(Event.id)
        ).all()
        assert [event.payload["fields"] for event in edited] == [
            ["primary", "role"],
            ["influence", "stance"],
        ]
    # Without the confirmation step, nothing goes.
    post(client, f"{running.url}/targets/{target_id}/remove")
    post(client, f"{running.url}/stakeholders/{row_id}/remove")
    assert rows(app, Target, running.id) and rows(app, Stakeholder, running.id)
    post(client, f"{running.url}/targets/{target_id}/remove", {"confirm": "yes"})
    post(client, f"{running.url}/stakeholders/{row_id}/remove", {"confirm": "yes"})
    assert rows(app, Target, running.id) == rows(app, Stakeholder, running.id) == []
    assert verbs(app)[-2:] == ["campaign.target_removed", "campaign.stakeholder_removed"]


def test_a_part_of_another_campaign_is_not_found(client, auth, make_campaign, place):
    other = make_campaign("Les caves", started=True)
    target_id = place(Target, role="directrice")
    auth.login("organizer")
    assert client.get(f"{other.url}/targets/{target_id}/edit").status_code == 404


@pytest.fixture
def charted(running, place):
    """The running campaign with a target and one stakeholder of each kind."""
    place(
        Target,
        name="Mme Nadia Roux",
        role="directrice d'agence",
        organisation="Habitat Isère",
        power="Elle signe les bons de travaux.",
        cares="Son image à la mairie.",
        notes="Répond mieux par écrit.",
    )
    place(Stakeholder, kind=StakeholderKind.CONSTITUENT, name="Locataires du bâtiment A",
          stake="Monter chez soi.", influence=3, stance=2)  # fmt: skip
    place(Stakeholder, kind=StakeholderKind.ALLY, name="Amicale CNL",
          stake="Sa place au conseil.", influence=4, stance=1)  # fmt: skip
    place(Stakeholder, kind=StakeholderKind.OPPONENT, name="Ascenseurs Durand",
          stake="Le contrat d'entretien.", influence=4, stance=-2)  # fmt: skip
    return running


PUBLIC_WORDS = ("Mme Nadia Roux", "Habitat Isère", "Elle signe", "Son image", "Amicale CNL")
MEMBER_WORDS = PUBLIC_WORDS + ("Locataires du bâtiment A", "Ascenseurs Durand")
TEAM_WORDS = ("Répond mieux par écrit.", "Sa place au conseil.", "Le contrat d")


def test_the_public_sees_nothing_of_the_people_around_a_campaign(client, charted):
    page = client.get(charted.url).get_data(as_text=True)
    assert not [word for word in MEMBER_WORDS + TEAM_WORDS if word in page]
    response = client.get(f"{charted.url}/people")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_members_see_the_targets_and_who_the_stakeholders_are(client, auth, charted):
    auth.login("member")
    for url in (charted.url, f"{charted.url}/people"):
        page = client.get(url).get_data(as_text=True)
        assert all(word in page for word in MEMBER_WORDS), url
        assert not [word for word in TEAM_WORDS if word in page], url
        assert "<svg" not in page
    page = client.get(charted.url).get_data(as_text=True)
    assert "Adversaires\u00a0: Ascenseurs Durand" in page


@pytest.mark.parametrize("role", ["facilitator", "organizer"])
def test_the_team_sees_the_stakes_the_notes_and_the_power_map(client, auth, charted, role):
    auth.login(role)
    page = client.get(charted.url).get_data(as_text=True)
    assert all(word in page for word in MEMBER_WORDS + TEAM_WORDS)
    assert f'href="{charted.url}/people"' in page and "carte du pouvoir" in page.lower()
    assert "<svg" not in page  # the map is on the part's page: the campaign page stays light
    page = client.get(f"{charted.url}/people").get_data(as_text=True)
    assert all(word in page for word in MEMBER_WORDS + TEAM_WORDS)
    assert page.count('<svg class="powermap"') == 1
    assert ("Modifier" in page) is (role == "organizer")


POINT = re.compile(
    r'<g class="point" data-number="(\d+)">\s*<title>(.*?)</title>\s*'
    r'<(circle|rect|polygon) class="(\w+)" ([^>]*)/>\s*<text[^>]*>(\d+)</text>',
    re.S,
)
ROW = re.compile(
    r'<tr id="stakeholder-\d+" data-influence="(-?\d)" data-stance="(-?\d)">\s*'
    r"<td>(\d+)</td>\s*<th scope=\"row\">([^<]*)",
)


def centre(shape: str, attributes: str) -> tuple[float, float, float]:
    """(x, y, half-size) of a drawn point, read from its SVG attributes."""
    values = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
    if shape == "circle":
        return float(values["cx"]), float(values["cy"]), float(values["r"])
    if shape == "rect":
        side = float(values["width"])
        return float(values["x"]) + side / 2, float(values["y"]) + side / 2, side / 2
    corners = [tuple(map(float, pair.split(","))) for pair in values["points"].split()]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, (max(xs) - min(xs)) / 2


def test_the_power_map_draws_what_its_table_says_and_crowded_cells_stay_readable(
    client, auth, charted, place
):
    # Four more in one cell with the ally: five share it.
    for number in range(4):
        place(Stakeholder, kind=StakeholderKind.ALLY, name=f"Voisin {number}", influence=4,
              stance=1)  # fmt: skip
    auth.login("facilitator")
    page = client.get(f"{charted.url}/people").get_data(as_text=True)
    table = {int(n): (name.strip(), int(i), int(s)) for i, s, n, name in ROW.findall(page)}
    drawn = POINT.findall(page)
    assert len(table) == len(drawn) == 7
    points = []
    for number, title, shape, kind, attributes, label in drawn:
        name, influence, stance = table[int(number)]
        assert label == number and title.startswith(f"{number}. {name} ·")
        assert {"circle": "constituent", "rect": "ally", "polygon": "opponent"}[shape] == kind
        x, y, half = centre(shape, attributes)
        assert powermap.cell_of(x, y) == (stance, influence), name
        # Wholly inside its cell.
        left, top = powermap.cell_origin(stance, influence)
        assert left <= x - half and x + half <= left + powermap.CELL_W
        assert top <= y - half and y + half <= top + powermap.CELL_H
        points.append((x, y, half))
    crowded = [p for p, row in zip(points, drawn, strict=True) if "Voisin" in row[1]]
    for i, (x1, y1, h1) in enumerate(crowded):
        for x2, y2, h2 in crowded[i + 1 :]:
            assert math.dist((x1, y1), (x2, y2)) >= h1 + h2  # none hides another
    # Accessible: a title and a description, the viewBox that fits 240 pixels.
    assert 'viewBox="0 0 240 212"' in page and 'role="img"' in page
    assert '<title id="map-title">Carte du pouvoir</title>' in page
    assert '<desc id="map-desc">7 acteurs placés' in page


@pytest.mark.parametrize("count", [1, 2, 5, 9, 16])
def test_any_number_in_one_cell_stays_inside_it_without_overlapping(count):
    class Row:
        def __init__(self, n):
            self.stance, self.influence, self.n = -2, 5, n

    points = powermap.layout([Row(n) for n in range(count)])
    assert [point.number for point in points] == list(range(1, count + 1))
    left, top = powermap.cell_origin(-2, 5)
    for i, point in enumerate(points):
        assert point.r > 1
        assert left <= point.x - point.r and point.x + point.r <= left + powermap.CELL_W
        assert top <= point.y - point.r and point.y + point.r <= top + powermap.CELL_H
        for other in points[i + 1 :]:
            assert math.dist((point.x, point.y), (other.x, other.y)) >= point.r + other.r

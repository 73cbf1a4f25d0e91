"""Before a need is created, the resident sees the approved needs that look the same."""

import pytest

from assembly.extensions import db
from assembly.needs.models import Need, NeedStatus
from tests.helpers import post

NEW = "/g/glycines/needs/new"


@pytest.fixture
def needs(make_need):
    make_need("Ascenseur en panne", body="Depuis trois semaines", place="Bâtiment A")
    make_need("Voisine bruyante la nuit", place="Bâtiment B")
    make_need("Les poubelles débordent", body="Les bacs sont cassés.")
    make_need("Éclairage du parking", approved=False)  # waiting: never found or offered


def count_needs(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Need.id)))


def test_a_new_need_with_similar_ones_shows_them_first_and_keeps_the_text(
    app, client, group, needs
):
    response = post(
        client,
        NEW,
        {"title": "Les ascenseurs ne marchent plus", "body": "Mon texte à moi", "place": "Tour 3"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # nothing created yet
    assert "Ascenseur en panne" in page and "B-1" in page
    assert "Voisine" not in page and "Éclairage" not in page
    assert 'action="/g/glycines/needs/1/support"' in page
    assert "Mon texte à moi" in page and 'value="Tour 3"' in page
    assert 'value="Les ascenseurs ne marchent plus"' in page
    assert 'name="confirmed" type="hidden" value="1"' in page
    assert count_needs(app) == 4


def test_mine_is_different_creates_the_need(client, group, needs, need_row):
    response = post(
        client,
        NEW,
        {"title": "Les ascenseurs ne marchent plus", "body": "Mon texte", "confirmed": "1"},
    )
    assert response.headers["Location"] == "/g/glycines/needs/5/receipt"
    need = need_row(5)
    assert (need.title, need.body) == ("Les ascenseurs ne marchent plus", "Mon texte")


def test_without_similar_need_the_need_is_created_at_once(client, group, needs):
    response = post(client, NEW, {"title": "Chauffage coupé"})
    assert response.headers["Location"] == "/g/glycines/needs/5/receipt"


def test_only_approved_open_needs_are_offered(app, client, group, make_need):
    make_need("Fuite au plafond", approved=False)
    closed = make_need("Fuite dans la cave")
    with app.app_context():
        db.session.get(Need, closed.id).status = NeedStatus.RESOLVED
        db.session.commit()
    first = post(client, NEW, {"title": "Fuites d'eau"})
    assert first.status_code == 302  # nothing to offer: created at once


def test_me_too_from_the_similar_list_supports_that_need(app, client, group, needs, need_row):
    before = need_row(2).support_count
    page = post(client, NEW, {"title": "Voisins bruyants"}).get_data(as_text=True)
    assert 'action="/g/glycines/needs/2/support"' in page
    response = post(client, "/g/glycines/needs/2/support")
    assert response.headers["Location"] == "/g/glycines/needs/2"
    assert need_row(2).support_count == before + 1
    assert count_needs(app) == 4  # no duplicate was created


def test_at_most_three_similar_needs(client, group, make_need):
    for n in range(5):
        make_need(f"Ascenseur {n} en panne")
    page = post(client, NEW, {"title": "Ascenseurs"}).get_data(as_text=True)
    assert page.count("/support") == 3

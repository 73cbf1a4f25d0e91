"""Finding needs in French, and taking them to a spreadsheet."""

import csv
import io
import re

import pytest

from assembly.extensions import db
from tests.helpers import post


@pytest.fixture
def needs(make_need):
    make_need("L'évier de la cuisine commune fuit", body="Le siphon goutte.", place="Bâtiment C")
    make_need("Les ÉVIERS du foyer sont bouchés", place="Foyer")
    make_need("Ascenseur en panne", body="Depuis trois semaines", place="Bâtiment A")
    make_need("Tags dans le hall", approved=False)  # waiting: never found by the public


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("evier", ["L&#39;évier", "ÉVIERS"], ["Ascenseur"]),  # accents and case ignored
        ("ÉVIER cuisine", ["L&#39;évier"], ["ÉVIERS", "Ascenseur"]),  # every word must match
        ("siphon", ["L&#39;évier"], ["Ascenseur"]),  # the text counts too
        ("semaines", ["Ascenseur"], ["évier"]),
        ("tags", [], ["Tags dans le hall"]),
        ('"évier*" (-', ["L&#39;évier", "ÉVIERS"], ["Ascenseur"]),  # FTS syntax is just text
    ],
)
def test_search_ignores_accents_and_case(client, group, needs, query, found, not_found):
    page = client.get("/g/glycines/needs", query_string={"q": query}).get_data(as_text=True)
    for text in found:
        assert text in page, f"{query!r} should find {text!r}"
    for text in not_found:
        assert text not in page, f"{query!r} should not find {text!r}"


def test_search_combines_with_place_filter(client, group, needs):
    page = client.get("/g/glycines/needs", query_string={"q": "evier", "place": "foyer"}).get_data(
        as_text=True
    )
    assert "ÉVIERS" in page and "cuisine" not in page


@pytest.mark.parametrize(
    ("place", "found"),
    [
        ("foyer", ["ÉVIERS"]),
        ("batiment", ["L&#39;évier", "Ascenseur"]),  # accents aside
        ("BÂTIMENT a", ["Ascenseur"]),  # case aside; every word, each beginning a word
        ("bât c", ["L&#39;évier"]),
        ("timent", []),  # inside a word: nothing
        ("a batiment", ["Ascenseur"]),  # in any order
    ],
)
def test_the_place_box_finds_words_however_written(client, group, needs, place, found):
    """The place box finds the places that have a word beginning with each word typed,
    case and accents aside, on SQLite (its index) and on PostgreSQL alike."""
    page = client.get("/g/glycines/needs", query_string={"place": place}).get_data(as_text=True)
    listed = [title for title in ("L&#39;évier", "ÉVIERS", "Ascenseur") if title in page]
    assert listed == found


def test_search_follows_edits(client, auth, group, needs):
    auth.login("facilitator")
    post(client, "/g/glycines/needs/3/edit", {"title": "Monte-charge en panne", "place": "A"})
    assert "Monte-charge" in client.get("/g/glycines/needs?q=monte").get_data(as_text=True)
    assert "Monte-charge" not in client.get("/g/glycines/needs?q=ascenseur").get_data(as_text=True)


@pytest.mark.parametrize("many", [1, 1000])  # walks the support index; sorts the matches
def test_a_search_by_support_lists_the_same_needs_however_many_match(
    app, client, group, make_need, monkeypatch, many
):
    """Many matches are found by walking the needs most shared first, few by sorting the
    matches (`search.MANY_MATCHES`): the same page either way, the group's own approved
    needs only, most shared first."""
    from assembly.groups.models import Group
    from assembly.needs import search
    from assembly.needs.models import Channel, Need
    from assembly.needs.operations import count_support

    monkeypatch.setattr(search, "MANY_MATCHES", many)
    counts = {"Ascenseur en panne": 3, "Chauffage en panne": 12, "Digicode en panne": 0}
    with app.app_context():
        other = Group(name="Loin", slug="loin-test")
        db.session.add(other)
        db.session.commit()
        foreign = other.id
    for title in counts:
        make_need(title)
    make_need("Interphone en panne", approved=False)
    make_need("Éclairage", place="Bâtiment A")
    with app.app_context():
        for title, count in counts.items():
            if count:
                need = db.session.scalar(db.select(Need).filter_by(title=title))
                count_support(need, count, Channel.MEETING, "Réunion", by=None)
        db.session.add(
            Need(group_id=foreign, number=1, title="Portail en panne", search_text="portail pann")
        )
        db.session.commit()
    page = client.get("/g/glycines/needs?q=panne&sort=supported").get_data(as_text=True)
    listed = [title for title in ("Chauffage", "Ascenseur", "Digicode") if title in page]
    assert listed == ["Chauffage", "Ascenseur", "Digicode"]
    assert page.index("Chauffage") < page.index("Ascenseur") < page.index("Digicode")
    assert "Interphone" not in page and "Portail" not in page and "Éclairage" not in page


SEARCHED = (
    ("Ascenseur en panne", "Bâtiment A"),
    ("Les ascenseurs tombent en PANNE", "Bâtiment B"),
    ("L'évier de la cuisine fuit", "Bâtiment A"),
    ("Éviers bouchés au foyer", "Foyer des jeunes"),
    ("Panneau d'affichage cassé", ""),
    ("Chauffage : radiateur_3 en panne", "Rue des Lilas"),
    ("Parking 12 sans éclairage", "Rue des Lilas"),
    ("Le radiateurA3 fuit", ""),
    ("Affiche censurée", ""),
    ("المصعد معطل منذ أسبوع", "Bâtiment A"),
)


@pytest.mark.parametrize(
    ("q", "place"),
    [
        ("panne", ""),  # a stem ("pann"): "panne", "PANNE", and "panneau" by its beginning
        ("ascenseurs panne", ""),  # every stem must be there, in any order
        ("évier", ""),  # accents and plurals aside
        ("pan", "Bâtiment A"),  # with the place box
        ("", "lilas"),  # the place box alone
        ("radiateur_3", ""),  # a word the index splits in two
        ("12", ""),
        ("المصعد", ""),
        ("cuisine lilas", ""),  # nothing has both
        ("cens", ""),  # the beginning of a word ("censur"), not its inside ("ascenseur")
    ],
)
def test_a_search_by_support_walks_to_the_same_page_as_it_sorts(
    app, client, group, make_need, monkeypatch, q, place
):
    """With many matches the needs are walked most shared first and each one's own
    stems answer (`search.has_stem`); with few, the index's matches are sorted: the
    same needs in the same order, for every kind of search."""
    from assembly.needs import search
    from assembly.needs.models import Channel, Need
    from assembly.needs.operations import count_support

    for n, (title, where) in enumerate(SEARCHED):
        number = make_need(title, place=where).number
        with app.app_context():
            need = db.session.scalar(db.select(Need).filter_by(number=number))
            count_support(need, (n * 5) % 7 + 1, Channel.MEETING, "Réunion", by=None)
            db.session.commit()
    pages = []
    for many in (1, 10**6):  # walked, sorted
        monkeypatch.setattr(search, "MANY_MATCHES", many)
        query = {"q": q, "place": place, "sort": "supported"}
        page = client.get("/g/glycines/needs", query_string=query).get_data(as_text=True)
        pages.append(re.findall(r"<strong>(B-\d+)</strong>", page))
    walked, sorted_ = pages
    assert walked == sorted_
    assert bool(sorted_) != (q == "cuisine lilas"), "nothing to compare"


def read_csv(response):
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # BOM: spreadsheets read UTF-8 right away
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_has_the_columns_and_no_personal_data_for_members(
    client, auth, group, make_need
):
    make_need("Chauffage coupé", author_name="Mme Durand", contact="06 12 12 12 12", place="Bât. B")
    make_need("En attente", approved=False)
    auth.login("member")
    rows = read_csv(client.get("/g/glycines/needs.csv?personal=1"))
    assert rows[0][:4] == ["number", "date", "title", "text"]
    assert "contact" not in rows[0] and "author_name" not in rows[0]
    assert [row[0] for row in rows[1:]] == ["B-1"]  # pending needs stay out
    assert rows[1][2] == "Chauffage coupé" and rows[1][5] == "Bât. B"


def test_organizer_gets_personal_columns_only_when_asking(client, auth, group, make_need):
    make_need("Chauffage coupé", author_name="Mme Durand", contact="06 12 12 12 12")
    auth.login("organizer")
    plain = read_csv(client.get("/g/glycines/needs.csv"))
    assert "contact" not in plain[0]
    personal = read_csv(client.get("/g/glycines/needs.csv?personal=1"))
    assert personal[0][-2:] == ["author_name", "contact"]
    assert personal[1][-2:] == ["Mme Durand", "06 12 12 12 12"]


def test_the_export_gives_a_contact_only_while_its_need_is_followed_up(
    app, client, auth, group, make_need
):
    from assembly.needs.models import Need, NeedStatus
    from assembly.needs.operations import set_status

    make_need("Chauffage coupé", author_name="Mme Durand", contact="06 12 12 12 12")
    make_need("Fuite", author_name="M. Diallo", contact="diallo@exemple.fr")
    with app.app_context():
        set_status(db.session.scalar(db.select(Need).filter_by(number=2)), NeedStatus.RESOLVED)
    auth.login("organizer")
    personal = read_csv(client.get("/g/glycines/needs.csv?personal=1"))
    assert [row[-2:] for row in personal[1:]] == [
        ["Mme Durand", "06 12 12 12 12"],
        ["M. Diallo", ""],  # resolved: the name stays, the contact is no longer theirs to use
    ]


def test_facilitator_cannot_get_personal_columns(client, auth, group, make_need):
    make_need("Chauffage coupé", contact="06 12 12 12 12")
    auth.login("facilitator")
    assert "contact" not in read_csv(client.get("/g/glycines/needs.csv?personal=1"))[0]

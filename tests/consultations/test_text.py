"""Preparing a consultation, publishing it, and reading its text in parts."""

from assembly.consultations.models import Consultation, ConsultationStage
from assembly.consultations.text import parts, split
from assembly.extensions import db
from assembly.trace.models import Event
from tests.consultations.conftest import LETTER
from tests.helpers import post

VALID = {
    "title": "Notre lettre au bailleur",
    "context": "Nous l'enverrons en juin.",
    "opens_on": "2026-03-01",
    "closes_on": "2026-03-31",
    "audience": "public",
    "text": LETTER,
}


def test_split_cuts_headings_and_paragraphs_and_keeps_line_breaks():
    blocks = split("# Titre\nPremier.\n\n\n- un\n- deux\r\n\r\n### Petit titre\n\nFin.")
    assert [(b.level, b.body) for b in blocks] == [
        (1, "Titre"),
        (0, "Premier."),
        (0, "- un\n- deux"),
        (3, "Petit titre"),
        (0, "Fin."),
    ]


def test_parts_start_at_headings_and_hold_at_most_the_part_size():
    class Item:
        def __init__(self, level, body):
            self.level, self.body = level, body

    items = [Item(1, "A"), *[Item(0, str(n)) for n in range(5)], Item(1, "B"), Item(2, "B1")]
    items += [Item(0, "x")]
    found = parts(items, size=2)
    assert [(p.title, [i.body for i in p.items]) for p in found] == [
        ("A", ["A", "0", "1"]),
        ("A", ["2", "3"]),  # the section goes on, under its heading's name
        ("A", ["4"]),
        ("B", ["B", "B1", "x"]),  # two headings in a row open one part
    ]


def test_an_organizer_prepares_a_consultation_then_publishes_it(app, client, auth, group):
    auth.login("organizer")
    response = post(client, "/g/glycines/consultations/new", VALID)
    assert response.status_code == 302
    url = response.headers["Location"]
    with app.app_context():
        consultation = db.session.scalar(db.select(Consultation))
        assert consultation.stage == ConsultationStage.DRAFT
        assert [p.level for p in consultation.consulted.paragraphs] == [1, 0, 0, 1, 0]
        assert db.session.scalar(db.select(Event).filter_by(verb="consultation.created"))
    auth.logout()
    assert client.get(url).status_code == 404  # nobody but the team sees it being prepared
    auth.login("organizer")
    assert post(client, url + "/open").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Consultation)).stage == ConsultationStage.OPEN


def test_the_text_changes_until_it_opens_not_after(app, client, auth, group, make_consultation):
    auth.login("organizer")
    draft = make_consultation(opened=False)
    post(client, draft.url + "/edit", {**VALID, "text": "Un seul paragraphe."})
    with app.app_context():
        consultation = db.session.get(Consultation, draft.id)
        assert [p.body for p in consultation.consulted.paragraphs] == ["Un seul paragraphe."]
    opened = make_consultation()
    page = client.get(opened.url + "/edit").get_data(as_text=True)
    assert 'name="text"' not in page
    post(client, opened.url + "/edit", {**VALID, "text": "Tout autre chose."})
    with app.app_context():
        consultation = db.session.get(Consultation, opened.id)
        assert "Tout autre chose." not in [p.body for p in consultation.consulted.paragraphs]
        assert consultation.title == VALID["title"]


def test_a_text_without_a_paragraph_comes_back_with_the_error(client, auth, group):
    auth.login("organizer")
    response = post(client, "/g/glycines/consultations/new", {**VALID, "text": "# Seulement"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "# Seulement" in page and "Notre lettre au bailleur" in page


def test_a_resident_reads_the_text_part_by_part(client, group, make_consultation):
    consultation = make_consultation()
    overview = client.get(consultation.url).get_data(as_text=True)
    assert "Les ascenseurs" in overview and "Le chauffage" in overview
    first = client.get(consultation.url + "/text?part=1").get_data(as_text=True)
    assert "ascenseur de secours" in first and "15 octobre" not in first
    second = client.get(consultation.url + "/text?part=2").get_data(as_text=True)
    assert "15 octobre" in second
    paragraph = consultation.paragraphs[0]
    page = client.get(f"{consultation.url}/p/{paragraph}").get_data(as_text=True)
    assert "sous huit jours" in page


def test_a_members_consultation_is_hidden_from_the_public(client, auth, group, make_consultation):
    from assembly.consultations.models import Audience

    consultation = make_consultation(audience=Audience.MEMBERS)
    assert client.get(consultation.url).status_code == 404
    assert "Notre lettre" not in client.get("/g/glycines/consultations").get_data(as_text=True)
    auth.login("member")
    assert client.get(consultation.url).status_code == 200


def test_the_group_home_invites_to_the_open_consultations_its_visitor_may_join(
    client, auth, group, make_consultation
):
    from datetime import date

    from assembly.consultations.models import Audience

    make_consultation(title="Notre lettre au bailleur")
    make_consultation(title="La charte", audience=Audience.MEMBERS)
    make_consultation(title="Le vieux texte", closes_on=date(2026, 1, 31))
    make_consultation(title="Le brouillon", opened=False)
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "Notre lettre au bailleur" in home
    assert "La charte" not in home and "Le vieux texte" not in home and "Le brouillon" not in home
    auth.login("member")
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "La charte" in home and "Le brouillon" not in home

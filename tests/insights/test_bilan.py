"""The bilan: its generated text on known figures, the team's text, the ODT."""

import io
import re
from datetime import date, datetime

import pytest
from odfdo import Document

from assembly.extensions import db
from assembly.insights.bilans import generated_text
from assembly.insights.models import Bilan
from assembly.insights.period import Period
from tests.helpers import csrf_token

FIRST_HALF = Period(date(2026, 1, 1), date(2026, 6, 30))
URL = "/g/glycines/report/bilan"
PERIOD = {"from": "2026-01", "to": "2026-06"}

FIGURES = {
    "contributions": {"total": 530},
    "contributors": {"distinct": 214, "new": 131, "new_share": 0.61, "top10_share": 0.34},
    "meetings": {"meetings": 6, "distinct": 87, "first_timers": 23, "came_back_share": 0.4},
    "speaking": {"speakers": 41, "top10_share": 0.28},
    "funnel": {
        "raised": 38,
        "discussed": 12,
        "decided": None,
        "acted": 0,
        "resolved": 5,
        "median_days": 23.4,
        "merged": 2,
        "declined": 1,
    },
    "campaigns": {"campaigns": 2, "won": 1, "partly_won": 0, "commitments": 4, "kept": 2},
}


def text_in(app, figures, lang="fr"):
    with app.test_request_context(headers={"Accept-Language": lang}):
        return generated_text(figures, FIRST_HALF)


def test_the_generated_text_tells_the_figures_in_french(app):
    text = text_in(app, FIGURES).replace("\u202f", " ").replace("\xa0", " ")

    assert text.split("\n\n") == [
        "Entre janvier et juin 2026, 214 personnes ont contribué, dont 61 % pour la première "
        "fois. Le groupe a reçu 530 contributions. Les 10 % de contributeurs les plus actifs "
        "ont apporté 34 % des contributions.",
        "Le groupe a tenu 6 réunions. 87 personnes y sont venues, dont 23 pour la première "
        "fois. 40 % des nouveaux venus sont revenus. 41 personnes ont pris la parole. Les "
        "10 % qui ont le plus parlé ont eu 28 % du temps de parole.",
        "38 besoins ont été soulevés ; 12 ont été discutés en réunion et 5 résolus. La moitié "
        "des besoins résolus l’ont été en moins de 23 jours.",
        "2 campagnes ont été menées. 1 a été gagnée, en tout ou en partie. Les cibles ont pris "
        "4 engagements. 2 sont tenus à ce jour.",
    ]


def test_a_hidden_or_zero_figure_leaves_its_sentence_out(app):
    figures = {
        "contributors": {"distinct": None, "new_share": None},
        "contributions": {"total": 530},
        "meetings": {"meetings": 1, "distinct": None},
        "funnel": {"raised": 7, "discussed": None, "resolved": None, "median_days": None},
    }
    text = text_in(app, figures)

    assert text.split("\n\n") == [
        "Entre janvier et juin 2026, le groupe a reçu 530 contributions.",
        "Le groupe a tenu 1 réunion.",
        "7 besoins ont été soulevés.",
    ]


def test_one_month_reads_as_one_and_a_period_without_figures_says_so(app):
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert generated_text({"contributors": {"distinct": 9}}, march) == (
            "En mars 2026, 9 personnes ont contribué."
        )
        assert generated_text({}, march) == "En mars 2026\u00a0: pas encore de chiffre à dire."


def test_the_generated_text_is_in_the_readers_language(app):
    text = text_in(app, {"contributors": {"distinct": 1}}, lang="en")

    assert text == "Between January and June 2026, 1 person contributed."


@pytest.fixture
def first_half(app, group, clock):
    """A frozen July 2026, and six needs raised in February by six people."""
    from tests.insights.builders import Builder

    clock.freeze(datetime(2026, 7, 15, 12))
    with app.app_context():
        make = Builder(group.id)
        for _ in range(6):
            make.need(at=datetime(2026, 2, 2))
        db.session.commit()
    return group


def saved_text(app, group):
    with app.app_context():
        return db.session.scalars(db.select(Bilan.text).filter_by(group_id=group.id)).all()


def test_the_page_opens_with_the_generated_text_and_the_key_figures(client, auth, first_half):
    auth.login("member")
    page = client.get(URL, query_string=PERIOD).get_data(as_text=True)

    assert "6 besoins ont été soulevés." in page
    assert "Besoins soulevés" in page
    assert 'name="text"' not in page  # a member reads, the team edits


def test_the_team_saves_its_text_and_the_page_reads_it(client, auth, app, first_half):
    auth.login("facilitator")
    form = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="text"[^>]*>[^<]*6 besoins ont été soulevés\.', form)

    sent = client.post(
        URL, data={"text": "Un semestre de luttes.", "csrf_token": csrf_token(client), **PERIOD}
    )

    assert sent.status_code == 302
    assert sent.location.endswith("/g/glycines/report/bilan?from=2026-01&to=2026-06")
    assert saved_text(app, first_half) == ["Un semestre de luttes."]
    page = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert "Un semestre de luttes." in page
    assert "6 besoins ont été soulevés." not in page
    # Another period has no saved text: its own generated one.
    other = client.get(URL, query_string={"period": "3m"}).get_data(as_text=True)
    assert "Un semestre de luttes." not in other


def test_an_empty_text_comes_back_400_with_the_error_and_nothing_saved(
    client, auth, app, first_half
):
    auth.login("facilitator")
    sent = client.post(URL, data={"text": "  ", "csrf_token": csrf_token(client), **PERIOD})

    assert sent.status_code == 400
    assert "Écrivez le texte" in sent.get_data(as_text=True)
    assert saved_text(app, first_half) == []


def test_a_text_too_long_comes_back_400_with_the_text_kept(client, auth, app, first_half):
    auth.login("facilitator")
    long = "Bilan. " + "x" * 20_000
    sent = client.post(URL, data={"text": long, "csrf_token": csrf_token(client), **PERIOD})

    assert sent.status_code == 400
    assert long in sent.get_data(as_text=True)
    assert saved_text(app, first_half) == []


def test_starting_again_drops_the_teams_text(client, auth, app, first_half):
    auth.login("facilitator")
    token = csrf_token(client)
    client.post(URL, data={"text": "Notre texte.", "csrf_token": token, **PERIOD})

    client.post(URL, data={"restart": "1", "csrf_token": token, **PERIOD})

    assert saved_text(app, first_half) == []
    page = client.get(URL, query_string=PERIOD).get_data(as_text=True)
    assert "6 besoins ont été soulevés." in page


def test_a_member_may_not_save_a_text(client, auth, app, first_half):
    auth.login("member")
    sent = client.post(URL, data={"text": "Le mien.", "csrf_token": csrf_token(client), **PERIOD})

    assert sent.status_code == 403
    assert saved_text(app, first_half) == []


def test_the_odt_holds_the_saved_text_and_the_figures(client, auth, first_half):
    auth.login("facilitator")
    text = "Un semestre de luttes.\n\nLe bailleur a cédé sur les ascenseurs."
    client.post(URL, data={"text": text, "csrf_token": csrf_token(client), **PERIOD})
    auth.logout()
    auth.login("observer")

    got = client.get(URL + ".odt", query_string=PERIOD)

    assert got.status_code == 200
    assert got.mimetype == "application/vnd.oasis.opendocument.text"
    document = Document(io.BytesIO(got.data))
    paragraphs = [p.text_recursive for p in document.body.get_paragraphs()]
    assert "Un semestre de luttes." in paragraphs
    assert "Le bailleur a cédé sur les ascenseurs." in paragraphs
    rows = [row for table in document.body.get_tables() for row in table.get_values()]
    assert ["Besoins soulevés", "6"] in rows

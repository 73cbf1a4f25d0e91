"""The accessibility statement (/accessibility, on the RGAA's model): the level claimed,
what is tested, what does not conform, its date, whom to tell and the recourse; linked
from the footer of every page. Its claims are `assembly.web.accessibility`'s, which the
browser tests hold (the keyboard flows, the zoomed pages)."""

import json
from pathlib import Path

from flask_babel import force_locale
from markupsafe import escape

from assembly import config
from assembly.web import accessibility as statement
from tests.test_access_matrix import MATRIX, build_url, url_args
from tests.web.test_pages import NOT_HTML

ROOT = Path(__file__).resolve().parents[2]
MENTION = '<a href="/accessibility">Accessibilité\u00a0: partiellement conforme</a>'


def in_french(app, *texts) -> list[str]:
    with app.test_request_context(), force_locale("fr"):
        return [str(escape(str(text))) for text in texts]


def test_the_statement_says_the_level_the_tests_the_gaps_and_the_date(app, client):
    response = client.get("/accessibility")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Déclaration d’accessibilité</h1>" in page
    assert "<strong>partiellement conforme</strong> au RGAA, version 4.1" in page
    assert "WCAG 2.1 au niveau AA" in page
    claims = [
        *statement.KEYBOARD_FLOWS.values(),
        *statement.KNOWN_GAPS,
        *statement.NOT_TESTED,
    ]
    for claim in in_french(app, *claims):
        assert claim in page, claim
    pages = ", ".join(in_french(app, *statement.ZOOMED_PAGES.values())[:-1])
    assert pages in page
    assert (
        "En français, il ne trouve aucune erreur sur les 200 pages où mènent les liens du site,"
        in page
    )
    assert f"axe-core {statement.AXE_VERSION}" in page
    assert "Il lit les pages en français sur un écran de 240 pixels de large" in page
    assert "établie le 1 décembre 2026" in page


def test_the_statement_says_how_to_report_a_problem_and_the_recourse(app, client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert "Demandez au groupe qui utilise ce site" in page  # no host contact configured
    assert "Défenseur des droits" in page
    assert "<bdi>formulaire.defenseurdesdroits.fr</bdi>" in page
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in page
    app.config["HOST_CONTACT"] = "hote@example.org"
    page = client.get("/accessibility").get_data(as_text=True)
    assert "Écrivez à la personne qui héberge ce site\u00a0: hote@example.org." in page


def test_the_statement_counts_the_pages_the_crawls_check(client, monkeypatch):
    monkeypatch.setattr(statement, "AXE_CHECKED_PAGES", 1192)
    monkeypatch.setattr(statement, "VNU_CHECKED_PAGES", 298)
    page = client.get("/accessibility").get_data(as_text=True)
    assert "aucune erreur sur les 1192 pages où mènent" in page
    assert (
        "En anglais, espagnol et arabe, il n’en trouve aucune sur une page de chaque sorte." in page
    )
    assert "dans le code des 298 pages du site" in page
    monkeypatch.setattr(statement, "VNU_CHECKED_PAGES", None)
    page = client.get("/accessibility").get_data(as_text=True)
    assert "dans le code de chaque page du site" in page  # no count: no number is made up


def test_the_statement_speaks_english_too(client):
    client.set_cookie("lang", "en")
    page = client.get("/accessibility").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in page
    assert "<strong>partially compliant</strong>" in page


def test_the_statement_checks_every_shipped_language_with_the_axe_the_tests_inject():
    assert set(statement.OTHER_LANGUAGES_CHECKED) == set(config.LANGUAGES) - {"fr"}
    package = json.loads((ROOT / "package.json").read_text())
    assert package["devDependencies"]["axe-core"] == statement.AXE_VERSION


def test_every_page_links_to_the_statement_from_its_footer(app, client, auth, group, people):
    """Every HTML page, as the instance's administrator (who may open them all)."""
    auth.login(people["instance_admin"].username)
    args = url_args(app, group, people)
    seen = 0
    for endpoint, method in sorted(MATRIX):
        if (
            method != "GET"
            or endpoint in NOT_HTML
            or "instance_admin" not in MATRIX[endpoint, method]
        ):
            continue
        response = client.get(build_url(app, endpoint, args), follow_redirects=True)
        html = response.get_data(as_text=True)
        if endpoint in PRINTED_ALONE:  # the link is in its line for the screen
            assert MENTION in html, f"{endpoint}: no link to the statement"
            continue
        assert '<footer class="site">' in html, f"{endpoint} has no footer"
        footer = html[html.index('<footer class="site">') :]
        assert MENTION in footer, f"{endpoint}: no link to the statement in the footer"
        seen += 1
    assert seen > 100


# Pages printed alone, with no site around them: the letter to the target.
PRINTED_ALONE = {"campaigns.demand_letter"}

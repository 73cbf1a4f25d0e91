"""The consultation leaving the site: the document to print and as an ODT, the
contributions as CSV for the team."""

import csv
import gzip
import io
import random
import re
from datetime import datetime

from odfdo import Document

from assembly.consultations.models import (
    Audience,
    Consultation,
    ConsultationStage,
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    TeamAnswer,
    TextVersion,
)
from assembly.extensions import db
from assembly.needs.models import Channel, Moderation

BUDGET = 14 * 1024


def contribute(app, made, index, kind, text="", *, rewrite=None, answer=None, reason="", **more):
    """A contribution on the consultation's paragraph `index` (headings aside); its id."""
    with app.app_context():
        contribution = Contribution(
            consultation_id=made.id,
            paragraph_id=made.paragraphs[index],
            kind=kind,
            text=text,
            rewrite=rewrite,
            answer=answer,
            answer_reason=reason,
            **more,
        )
        db.session.add(contribution)
        db.session.commit()
        return contribution.id


def write_final(app, made, changes, *, publish=True, removed=(), added=None):
    """The final text: every consulted paragraph copied, `changes` {index: (body, [source
    ids])} rewritten, `removed` indexes emptied, `added` (body, [sources]) at the end."""
    with app.app_context():
        consultation = db.session.get(Consultation, made.id)
        final = TextVersion(number=2)
        by_id = {pid: n for n, pid in enumerate(made.paragraphs)}
        for p in consultation.consulted.paragraphs:
            n = by_id.get(p.id)
            body, sources = changes.get(n, (p.body, []))
            if n in removed:
                body = ""
            final.paragraphs.append(
                Paragraph(position=p.position, level=p.level, body=body, origin_id=p.id,
                          sources=[db.session.get(Contribution, s) for s in sources])
            )  # fmt: skip
        if added:
            body, sources = added
            final.paragraphs.append(
                Paragraph(position=len(final.paragraphs) + 1, body=body,
                          sources=[db.session.get(Contribution, s) for s in sources])
            )  # fmt: skip
        consultation.versions.append(final)
        if publish:
            consultation.stage = ConsultationStage.FINAL
            consultation.final_at = datetime(2026, 6, 1, 10)
        db.session.commit()


def rows_of(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_contributions_csv_is_formula_safe_and_names_no_contact_nor_key(
    app, client, auth, make_consultation
):
    made = make_consultation()
    evil = contribute(
        app, made, 0, ContributionType.FOR, '=HYPERLINK("http://example.org","clic")',
        author_name="Awa", anonymous_key="cle-du-navigateur", address_key="cle-de-l-adresse",
        channel=Channel.PAPER,
    )  # fmt: skip
    amendment = contribute(
        app, made, 1, ContributionType.AMENDMENT, "+ clair", rewrite="-Un ascenseur de secours.",
        answer=TeamAnswer.NOT_KEPT, reason="@déjà demandé", moderation=Moderation.PENDING,
    )  # fmt: skip
    with app.app_context():
        db.session.add_all(
            [Endorsement(contribution_id=amendment, anonymous_key=f"k{n}") for n in range(3)]
        )
        db.session.commit()
    auth.login("facilitator")
    response = client.get(made.url + "/contributions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, *rows = rows_of(response)
    assert not {"contact", "email", "phone", "anonymous_key", "address_key", "user_id"} & set(
        header
    )
    text = response.get_data(as_text=True)
    assert "cle-du-navigateur" not in text and "cle-de-l-adresse" not in text
    got = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert got[evil]["text"] == '\'=HYPERLINK("http://example.org","clic")'
    assert got[evil]["author_name"] == "Awa" and got[evil]["channel"] == "formulaire papier"
    assert got[evil]["paragraph"] == "2"  # §2: the first paragraph after the heading
    shown = got[amendment]
    assert shown["text"] == "'+ clair" and shown["rewrite"] == "'-Un ascenseur de secours."
    assert shown["answer"] == "non retenue" and shown["answer_reason"] == "'@déjà demandé"
    assert shown["moderation"] == "en attente de vérification" and shown["supports"] == "3"


def test_the_contributions_csv_is_the_teams_only(app, client, auth, make_consultation):
    made = make_consultation()
    url = made.url + "/contributions.csv"
    assert client.get(url).status_code == 302  # to the sign-in page
    auth.login("member")
    assert client.get(url).status_code == 403
    page = client.get(made.url).get_data(as_text=True)
    assert "contributions.csv" not in page and "/print" in page and "document.odt" in page
    auth.logout()
    auth.login("facilitator")
    assert "contributions.csv" in client.get(made.url).get_data(as_text=True)


def test_the_document_is_for_those_who_may_read_the_consultation(
    app, client, auth, make_consultation
):
    made = make_consultation(audience=Audience.MEMBERS)
    for url in (made.url + "/print", made.url + "/document.odt"):
        assert client.get(url).status_code == 404
    auth.login("member")
    for url in (made.url + "/print", made.url + "/document.odt"):
        assert client.get(url).status_code == 200


def test_the_odt_holds_the_final_text_the_rate_and_the_answers(app, client, make_consultation):
    made = make_consultation()
    kept = contribute(
        app, made, 0, ContributionType.AMENDMENT, "Huit jours, c'est trop long.",
        rewrite="Nous demandons la réparation des ascenseurs du bâtiment C sous 48 heures.",
        answer=TeamAnswer.KEPT, reason="Repris tel quel.", author_name="Inès",
    )  # fmt: skip
    contribute(
        app, made, 2, ContributionType.AGAINST, "Le 1er octobre plutôt.",
        answer=TeamAnswer.NOT_KEPT, reason="La date légale suffit.",
    )  # fmt: skip
    final = "Nous demandons la réparation des ascenseurs du bâtiment C sous 48 heures."
    write_final(app, made, {0: (final, [kept])})
    response = client.get(made.url + "/document.odt")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.oasis.opendocument.text"
    assert "attachment" in response.headers["Content-Disposition"]
    text = Document(io.BytesIO(response.data)).get_formatted_text()
    assert final in text and "Le texte final" in text
    assert "Contributions qui ont changé le texte\u00a0: 1 sur 2 (50" in text
    assert "Huit jours, c'est trop long." in text and "La date légale suffit." in text
    assert "§2, modifié" in text and "Cette contribution a changé le texte." in text


def test_before_the_final_text_is_published_the_document_is_the_consulted_text(
    app, client, make_consultation
):
    made = make_consultation()
    contribute(app, made, 0, ContributionType.QUESTION, "Et le bâtiment A ?")
    write_final(app, made, {0: ("Un brouillon de l'équipe.", [])}, publish=False)
    page = client.get(made.url + "/print").get_data(as_text=True)
    assert "Le texte soumis à la consultation" in page and "Et le bâtiment A ?" in page
    assert "brouillon" not in page
    odt = client.get(made.url + "/document.odt").data
    text = Document(io.BytesIO(odt)).get_formatted_text()
    assert "brouillon" not in text and "sous huit jours" in text


def test_the_print_page_shows_what_was_taken_out_and_added(app, client, make_consultation):
    made = make_consultation()
    removing = contribute(app, made, 1, ContributionType.AGAINST, "Inutile.",
                          answer=TeamAnswer.KEPT, reason="D'accord.")  # fmt: skip
    adding = contribute(app, made, 2, ContributionType.FOR, "Et l'eau chaude ?",
                        answer=TeamAnswer.IN_PART, author_name="Karim")  # fmt: skip
    write_final(
        app, made, {1: ("", [removing])}, removed={1},
        added=("Nous demandons de l'eau chaude toute l'année.", [adding]),
    )  # fmt: skip
    page = client.get(made.url + "/print").get_data(as_text=True)
    assert "§3, retiré du texte final" in page
    assert "Un paragraphe ajouté au texte final" in page
    assert "Ajouté après\u00a0: pour — Karim (§5)" in page
    text = page.split("<h2>Ce que la consultation a changé</h2>")[0]
    assert "ascenseur de secours" not in text  # taken out of the final text itself


def made_up_words(rng: random.Random) -> list[str]:
    """Words that compress worse than French prose does: 20,000 characters of them weigh
    9.5 KB with gzip, the app's own French sentences 7.7 KB."""
    vowels = ("a", "e", "i", "o", "u", "é", "è", "ou", "an", "on", "in", "ai")
    syllables = [c + v for c in "bcdfghjlmnprstvz" for v in vowels]
    return ["".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(3000)]


def words(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count)).capitalize() + "."


def test_a_text_of_300_paragraphs_prints_in_pages_each_within_the_budget(
    app, client, make_consultation
):
    rng = random.Random(16)
    vocabulary = made_up_words(rng)
    blocks = []
    for n in range(300):
        if n % 20 == 0:
            blocks.append(f"# Section {n // 20 + 1}")
        blocks.append(words(rng, vocabulary, 60))
    made = make_consultation("\n\n".join(blocks))
    changes = {}
    for n in range(0, 300, 3):
        rewrite = words(rng, vocabulary, 60)
        amendment = contribute(
            app, made, n, ContributionType.AMENDMENT, words(rng, vocabulary, 30),
            rewrite=rewrite, answer=TeamAnswer.KEPT, reason=words(rng, vocabulary, 20),
            author_name="Mireille Garnier",
        )  # fmt: skip
        contribute(app, made, n, ContributionType.QUESTION, words(rng, vocabulary, 25),
                   answer=TeamAnswer.NOT_KEPT, reason=words(rng, vocabulary, 15))  # fmt: skip
        changes[n] = (rewrite, [amendment])
    write_final(app, made, changes)
    first = client.get(made.url + "/print")
    count = int(re.search(r"Page 1 sur (\d+)", first.get_data(as_text=True)).group(1))
    assert count > 1
    seen = ""
    for page in range(1, count + 1):
        response = client.get(made.url + f"/print?page={page}")
        assert response.status_code == 200
        html = response.get_data()
        assert len(gzip.compress(html, 6)) <= BUDGET, f"page {page} weighs too much"
        seen += html.decode()
        assert "le fichier ODT le contient en entier" in html.decode()
        assert not re.search(r"</h3>\s*</article>", html.decode())  # no heading ends a page
    with app.app_context():
        final = db.session.get(Consultation, made.id).final.paragraphs
        assert all(p.body in seen for p in final)  # every paragraph is on some page
    assert seen.count("Cette contribution a changé le texte.") == 100


def test_a_long_discussion_of_one_paragraph_goes_on_over_pages(app, client, make_consultation):
    rng = random.Random(9)
    vocabulary = made_up_words(rng)
    made = make_consultation()
    for _ in range(150):
        contribute(app, made, 1, ContributionType.AGAINST, words(rng, vocabulary, 50),
                   answer=TeamAnswer.NOT_KEPT, reason=words(rng, vocabulary, 10))  # fmt: skip
    first = client.get(made.url + "/print").get_data(as_text=True)
    count = int(re.search(r"Page 1 sur (\d+)", first).group(1))
    assert count >= 3
    seen = 0
    for page in range(1, count + 1):
        html = client.get(made.url + f"/print?page={page}").get_data()
        assert len(gzip.compress(html, 6)) <= BUDGET, f"page {page} weighs too much"
        seen += html.decode().count('<span class="badge">contre</span>')
    assert seen == 150
    assert "§3 (suite)" in html.decode()  # the last page goes on with the paragraph's story

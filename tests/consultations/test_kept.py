"""The public "what we kept" page: paragraph by paragraph, the original, the final wording,
what was said with the team's answers, and the share of contributions that changed the text."""

import pytest

from assembly.consultations.models import Consultation, ConsultationStage
from assembly.consultations.synthesis import Rate, rate
from assembly.extensions import db
from assembly.needs.models import Moderation
from tests.consultations.answering import (
    contribute,
    section,
    walk_parts,
    words,
    write_final,
)

FIRST = "Nous demandons la réparation des ascenseurs du bâtiment C sous trois jours."
ADDED = "Nous demandons l’eau chaude toute l’année."


def publish(app, consultation_id):
    with app.app_context():
        db.session.get(Consultation, consultation_id).stage = ConsultationStage.FINAL
        db.session.commit()


@pytest.fixture
def answered(app, make_consultation):
    """The letter consulted, answered, and its final text written: the first paragraph
    changed from an amendment and a comment, the second taken out, the third unchanged
    (though a contribution is linked to it) and a paragraph added after it."""
    c = make_consultation()
    p0, p1, p2 = c.paragraphs
    ids = {
        "a1": contribute(
            app,
            c.id,
            p0,
            "amendment",
            "Huit jours, c’est trop long.",
            rewrite=FIRST,
            author_name="Mireille",
            answer="kept",
        ),
        "a2": contribute(
            app,
            c.id,
            p0,
            "for",
            "Oui, vite.",
            answer="in_part",
            answer_reason="Le délai seulement.",
        ),
        "a3": contribute(
            app,
            c.id,
            p0,
            "against",
            "Inutile.",
            answer="not_kept",
            answer_reason="Nous gardons la demande.",
        ),
        "b1": contribute(app, c.id, p1, "against", "Le bailleur en a déjà un.", answer="kept"),
        "c1": contribute(
            app, c.id, p2, "question", "Et avant ?", answer="not_kept", answer_reason="Hors sujet."
        ),
        "c2": contribute(app, c.id, p2, "for", "D’accord."),
        "d1": contribute(
            app, c.id, p2, "amendment", "Et l’eau chaude ?", rewrite=ADDED, answer="kept"
        ),
        "spam": contribute(app, c.id, p0, "for", "Achetez !", moderation=Moderation.SPAM),
    }
    finals = write_final(
        app,
        c.id,
        changes={
            p0: (FIRST, [ids["a1"], ids["a2"], ids["spam"]]),
            p1: ("", [ids["b1"]]),
            p2: (None, [ids["c1"]]),  # unchanged
        },
        added=[(p2, ADDED, [ids["d1"]])],
    )
    c.ids, c.finals = ids, finals
    return c


def test_the_rate_counts_only_approved_contributions_linked_to_changed_paragraphs(app, answered):
    with app.app_context():
        found = rate(db.session.get(Consultation, answered.id))
    # a1, a2 (the first paragraph), b1 (taken out), d1 (added) out of the 7 approved:
    # not c1 (linked to a paragraph left as it was), not the spam (linked, not approved).
    assert found == Rate(4, 7)
    assert found.share == pytest.approx(4 / 7)


def test_the_kept_page_matches_the_answers(app, client, auth, answered):
    publish(app, answered.id)
    html = client.get(answered.url + "/kept").get_data(as_text=True)
    html += client.get(answered.url + "/kept?part=2").get_data(as_text=True)  # Le chauffage
    ids, finals = answered.ids, answered.finals
    p0, p1, p2 = answered.paragraphs
    top = words(html.split('<div class="text">')[0])
    assert "4 contributions sur 7 ont modifié le texte (57 %)." in top
    assert "3 retenues · 1 retenue en partie · 2 non retenues · 1 sans réponse" in top

    first = section(html, f"p{finals[p0]}")
    assert "Modifié :" in words(first) and "<del>" in first and "<ins>" in first
    assert words(section(first, f"c{ids['a1']}")).startswith(
        "amendement Mireille · retenue · a modifié le texte"
    )
    assert "retenue en partie · a modifié le texte" in words(section(first, f"c{ids['a2']}"))
    assert "Le délai seulement." in section(first, f"c{ids['a2']}")
    a3 = words(section(first, f"c{ids['a3']}"))
    assert "non retenue" in a3 and "a modifié" not in a3 and "Nous gardons la demande." in a3
    assert "Achetez" not in html

    second = words(section(html, f"p{finals[p1]}"))
    assert "Retiré du texte :" in second and "retenue · a modifié le texte" in second

    third = section(html, f"p{finals[p2]}")
    assert "Inchangé :" in words(third)
    assert "a modifié" not in words(third)  # c1 linked, but the paragraph did not change
    assert "pas de réponse" in words(section(third, f"c{ids['c2']}"))
    assert "Hors sujet." in third

    added = section(html, f"p{finals['added 0']}")
    assert "Ajouté au texte :" in words(added) and ADDED in added
    assert "retenue · a modifié le texte" in words(section(added, f"c{ids['d1']}"))


def test_the_public_sees_the_kept_page_once_published_the_team_before(app, client, auth, answered):
    response = client.get(answered.url + "/kept")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pas encore" in html and "Huit jours" not in html and "ont modifié" not in html
    assert f"{answered.url}/kept" not in client.get(answered.url + "/text").get_data(as_text=True)
    auth.login("member")
    assert "Huit jours" not in client.get(answered.url + "/kept").get_data(as_text=True)
    auth.logout()
    auth.login("facilitator")
    html = client.get(answered.url + "/kept").get_data(as_text=True)
    assert "Aperçu" in html and "Huit jours" in html and "ont modifié le texte" in html
    auth.logout()
    publish(app, answered.id)
    html = client.get(answered.url + "/kept").get_data(as_text=True)
    assert "Aperçu" not in html and "Huit jours" in html
    assert f"{answered.url}/kept" in client.get(answered.url + "/text").get_data(as_text=True)
    assert f"{answered.url}/kept" in client.get(answered.url).get_data(as_text=True)


def test_a_members_consultation_keeps_its_account_from_the_public(
    app, client, auth, make_consultation
):
    from assembly.consultations.models import Audience

    consultation = make_consultation(audience=Audience.MEMBERS)
    publish(app, consultation.id)
    assert client.get(consultation.url + "/kept").status_code == 404
    auth.login("member")
    assert client.get(consultation.url + "/kept").status_code == 200


def test_the_kept_page_of_a_300_paragraph_text_stays_within_the_page_budget(
    app, client, make_consultation
):
    text = "\n\n".join(
        (f"# Chapitre {n // 30 + 1}\n\n" if n % 30 == 0 else "")
        + f"Article {n + 1}. Les habitantes et habitants des Glycines demandent au bailleur "
        f"de tenir ses engagements sur l'entretien des parties communes, point {n + 1}."
        for n in range(300)
    )
    consultation = make_consultation(text)
    changes = {}
    for n, paragraph in enumerate(consultation.paragraphs):
        rewrite = f"Article {n + 1}. Les habitants exigent l'entretien, point {n + 1}."
        amendment = contribute(
            app,
            consultation.id,
            paragraph,
            "amendment",
            f"Plus court, {n}.",
            rewrite=rewrite,
            author_name="Mireille",
            answer="kept",
        )
        contribute(
            app,
            consultation.id,
            paragraph,
            "against",
            f"Pas d'accord, {n}.",
            answer="not_kept",
            answer_reason="Nous le gardons ainsi.",
        )
        if n % 2:
            changes[paragraph] = (rewrite, [amendment])
    write_final(app, consultation.id, changes)
    publish(app, consultation.id)
    seen, html = walk_parts(client, f"{consultation.url}/kept")
    assert seen == 300
    assert "150 contributions sur 600 ont modifié le texte (25 %)." in words(html)

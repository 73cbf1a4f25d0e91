"""The team answers each contribution: kept, kept in part, not kept, and why."""

from assembly.consultations.models import Consultation, ConsultationStage, Contribution, TeamAnswer
from assembly.extensions import db
from assembly.needs.models import Moderation
from assembly.trace.models import Event
from tests.consultations.answering import contribute, section, walk_parts, words
from tests.helpers import post


def answer_url(consultation, contribution_id):
    return f"{consultation.url}/contributions/{contribution_id}/answer"


def test_answering_and_changing_an_answer_is_journaled_without_the_reason(
    app, client, auth, make_consultation, people
):
    consultation = make_consultation()
    cid = contribute(
        app,
        consultation.id,
        consultation.paragraphs[0],
        "amendment",
        "Un délai.",
        rewrite="Nous demandons la réparation sous huit jours.",
    )
    auth.login("facilitator")
    response = post(client, answer_url(consultation, cid), {"answer": "kept"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/answers?part=1#p{consultation.paragraphs[0]}")
    response = post(
        client,
        answer_url(consultation, cid),
        {"answer": "not_kept", "reason": "Le bailleur a déjà promis huit jours."},
    )
    assert response.status_code == 302
    with app.app_context():
        contribution = db.session.get(Contribution, cid)
        assert contribution.answer == TeamAnswer.NOT_KEPT
        assert contribution.answer_reason == "Le bailleur a déjà promis huit jours."
        assert contribution.answered_by_id == people["facilitator"].id
        events = db.session.scalars(
            db.select(Event).filter_by(verb="consultation.answered").order_by(Event.id)
        ).all()
        assert [(e.subject_id, e.payload) for e in events] == [
            (cid, {"answer": "kept"}),
            (cid, {"answer": "not_kept", "before": "kept"}),
        ]
        assert events[1].actor_id == people["facilitator"].id
    # The same answer again changes nothing, and writes nothing.
    post(
        client,
        answer_url(consultation, cid),
        {"answer": "not_kept", "reason": "Le bailleur a déjà promis huit jours."},
    )
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(Event.id)).filter_by(verb="consultation.answered")
            )
            == 2
        )


def test_not_kept_or_in_part_without_a_reason_comes_back_with_the_error_next_to_it(
    app, client, auth, make_consultation
):
    consultation = make_consultation()
    first, second = consultation.paragraphs[0], consultation.paragraphs[2]
    cid = contribute(app, consultation.id, second, "against", "Trop tard, le 1er octobre.")
    other = contribute(app, consultation.id, first, "for", "Oui !")
    auth.login("facilitator")
    response = post(client, answer_url(consultation, cid), {"answer": "not_kept", "reason": " "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The answers page, at the contribution's part, its choice kept and the error by the field.
    mine = section(html, f"p{second}")
    assert 'value="not_kept" id="a' in mine and "checked" in mine.split('value="not_kept"')[1][:40]
    assert 'aria-invalid="true"' in mine and "Dites pourquoi" in words(mine)
    assert f'id="p{first}"' not in html  # another part
    response = post(client, answer_url(consultation, cid), {"reason": "Nous verrons en mai."})
    assert response.status_code == 400
    assert "Nous verrons en mai." in section(response.get_data(as_text=True), f"p{second}")
    response = post(client, answer_url(consultation, other), {"answer": "in_part"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Contribution, cid).answer is None
        assert db.session.get(Contribution, other).answer is None
    assert post(client, answer_url(consultation, other), {"answer": "kept"}).status_code == 302


def test_the_answers_page_shows_the_approved_contributions_and_filters_the_unanswered(
    app, client, auth, make_consultation
):
    consultation = make_consultation()
    paragraph = consultation.paragraphs[0]
    done = contribute(
        app, consultation.id, paragraph, "question", "Et le bâtiment D ?", answer="kept"
    )
    waiting = contribute(
        app,
        consultation.id,
        paragraph,
        "amendment",
        "Plus court.",
        rewrite="Réparez les ascenseurs du bâtiment C.",
    )
    contribute(app, consultation.id, paragraph, "for", "Publicité !", moderation=Moderation.SPAM)
    auth.login("facilitator")
    html = client.get(consultation.url + "/answers").get_data(as_text=True)
    assert f'id="c{done}"' in html and f'id="c{waiting}"' in html
    assert "Publicité" not in html
    assert "<del>" in html and "<ins>" in html  # the amendment as a difference
    assert "1 contribution attend une réponse." in words(html)
    html = client.get(consultation.url + "/answers?unanswered=1").get_data(as_text=True)
    assert f'id="c{waiting}"' in html and f'id="c{done}"' not in html
    # The count on the consultation's page, for the team only, leads to those.
    page = client.get(consultation.url).get_data(as_text=True)
    assert "Réponses : 1 contribution en attente" in words(page)
    assert "/answers?unanswered=1" in page
    auth.logout()
    page = client.get(consultation.url).get_data(as_text=True)
    assert "/answers" not in page and "en attente" not in page


def test_answers_no_longer_change_once_the_final_text_is_published(
    app, client, auth, make_consultation
):
    consultation = make_consultation()
    cid = contribute(app, consultation.id, consultation.paragraphs[0], "for", "Oui.", answer="kept")
    with app.app_context():
        db.session.get(Consultation, consultation.id).stage = ConsultationStage.FINAL
        db.session.commit()
    auth.login("organizer")
    response = post(client, answer_url(consultation, cid), {"answer": "not_kept", "reason": "Non."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Contribution, cid).answer == TeamAnswer.KEPT
    html = client.get(consultation.url + "/answers").get_data(as_text=True)
    assert 'name="answer"' not in html


def test_answers_of_a_300_paragraph_text_stay_within_the_page_budget(
    app, client, auth, make_consultation
):
    text = "\n\n".join(
        (f"# Chapitre {n // 30 + 1}\n\n" if n % 30 == 0 else "")
        + f"Article {n + 1}. Les habitantes et habitants des Glycines demandent au bailleur "
        f"de tenir ses engagements sur l'entretien des parties communes, point {n + 1}."
        for n in range(300)
    )
    consultation = make_consultation(text)
    for n, paragraph in enumerate(consultation.paragraphs):
        contribute(
            app,
            consultation.id,
            paragraph,
            "amendment",
            f"Plus précis, {n}.",
            rewrite=f"Article {n + 1}. Les habitants exigent l'entretien, point {n + 1}.",
            author_name="Mireille",
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
    auth.login("facilitator")
    seen, html = walk_parts(client, f"{consultation.url}/answers")
    assert seen == 300

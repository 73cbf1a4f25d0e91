"""The final text: begun as a copy of the consulted one, changed paragraph by paragraph with
the contributions behind each change, then published and frozen."""

import re
from datetime import datetime

import pytest

from assembly.consultations import messages
from assembly.consultations.models import Consultation, ConsultationStage, Paragraph
from assembly.extensions import db
from assembly.trace.models import Event
from tests.consultations.answering import contribute, section, words
from tests.helpers import post


def final_paragraphs(app, consultation_id):
    """[(position, level, body, origin id, [source ids])] of the final text."""
    with app.app_context():
        final = db.session.get(Consultation, consultation_id).final
        return [
            (p.position, p.level, p.body, p.origin_id, [c.id for c in p.sources])
            for p in final.paragraphs
        ]


def final_of(app, consultation_id, origin_id):
    with app.app_context():
        return db.session.scalar(
            db.select(Paragraph.id).where(
                Paragraph.origin_id == origin_id,
                Paragraph.version_id == db.session.get(Consultation, consultation_id).final.id,
            )
        )


@pytest.fixture
def begun(app, client, auth, make_consultation):
    """An open consultation, its final text begun by a facilitator (signed in)."""
    consultation = make_consultation()
    auth.login("facilitator")
    assert post(client, consultation.url + "/final/begin").status_code == 302
    return consultation


def test_the_final_text_begins_as_a_copy_of_the_consulted_one(app, client, begun):
    with app.app_context():
        consultation = db.session.get(Consultation, begun.id)
        consulted = [
            (p.position, p.level, p.body, p.id, []) for p in consultation.consulted.paragraphs
        ]
    assert final_paragraphs(app, begun.id) == consulted
    assert post(client, begun.url + "/final/begin").status_code == 302  # once only
    with app.app_context():
        consultation = db.session.get(Consultation, begun.id)
        assert [v.number for v in consultation.versions] == [1, 2]
        event = db.session.scalar(db.select(Event).filter_by(verb="consultation.changed"))
        assert event.payload == {"final": "begun"}
    page = client.get(begun.url + "/final").get_data(as_text=True)
    assert "0 paragraphe modifié pour l’instant." in words(page)


def test_a_consultation_being_prepared_has_no_final_text_to_begin(
    app, client, auth, make_consultation
):
    draft = make_consultation(opened=False)
    auth.login("organizer")
    post(client, draft.url + "/final/begin")
    with app.app_context():
        assert db.session.get(Consultation, draft.id).final is None


def test_editing_a_paragraph_links_the_contributions_behind_it(app, client, begun):
    first, second = begun.paragraphs[0], begun.paragraphs[1]
    kept = contribute(
        app,
        begun.id,
        first,
        "amendment",
        "Un délai plus court.",
        rewrite="Nous demandons la réparation des ascenseurs sous trois jours.",
        answer="kept",
    )
    partly = contribute(
        app,
        begun.id,
        first,
        "for",
        "Oui, vite.",
        answer="in_part",
        answer_reason="Le délai seulement.",
    )
    refused = contribute(
        app, begun.id, first, "against", "Inutile.", answer="not_kept", answer_reason="Si, utile."
    )
    elsewhere = contribute(app, begun.id, second, "for", "D’accord.", answer="kept")
    target = final_of(app, begun.id, first)
    url = f"{begun.url}/final/{target}"
    # Opened from the consulted paragraph's number, it leads to its final one.
    assert client.get(f"{begun.url}/final/{first}").headers["Location"].endswith(url)
    html = client.get(url).get_data(as_text=True)
    assert "Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours." in html
    ticked = {c for c in (kept, partly, refused) if f'value="{c}" id="s{c}" checked' in html}
    assert ticked == {kept, partly}  # those kept, whole or in part
    assert f'id="c{elsewhere}"' not in html
    body = "Nous demandons la réparation des ascenseurs sous trois jours."
    data = {"body": body, "sources": [str(kept), str(elsewhere), "x"]}
    assert post(client, url, data).status_code == 302
    rows = final_paragraphs(app, begun.id)
    assert (rows[1][2], rows[1][4]) == (body, [kept])  # a forged link is ignored
    with app.app_context():
        event = db.session.scalars(
            db.select(Event).filter_by(verb="consultation.changed").order_by(Event.id.desc())
        ).first()
        assert event.payload == {"final": "changed", "paragraph": target, "sources": [kept]}
    # The overview shows the change as a difference, with the contribution behind it.
    page = client.get(begun.url + "/final").get_data(as_text=True)
    mine = section(page, f"p{target}")
    assert "<del>" in mine and "<ins>" in mine and "Modifié" in mine
    assert f"#c{kept}" in mine and f"#c{partly}" not in mine
    assert "1 paragraphe modifié pour l’instant." in words(page)
    # Saved once, the page ticks what was linked, not what was kept.
    html = client.get(url).get_data(as_text=True)
    assert f'value="{kept}" id="s{kept}" checked' in html
    assert f'value="{partly}" id="s{partly}" checked' not in html


def test_an_amendment_s_wording_is_taken_over_without_saving(app, client, begun):
    first = begun.paragraphs[0]
    rewrite = "Nous exigeons la réparation des ascenseurs sous trois jours."
    amendment = contribute(app, begun.id, first, "amendment", "Plus ferme.", rewrite=rewrite)
    target = final_of(app, begun.id, first)
    response = post(
        client, f"{begun.url}/final/{target}", {"body": "autre chose", "apply": str(amendment)}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(rf">\s*{rewrite}</textarea>", html)
    assert f'value="{amendment}" id="s{amendment}" checked' in html
    assert final_paragraphs(app, begun.id)[1][2] != rewrite  # nothing saved yet


def test_a_paragraph_taken_out_and_one_added(app, client, begun):
    first, second = begun.paragraphs[0], begun.paragraphs[1]
    asked = contribute(app, begun.id, second, "against", "Inutile.", answer="kept")
    target = final_of(app, begun.id, second)
    assert post(client, f"{begun.url}/final/{target}", {"body": "  ", "sources": [str(asked)]})
    response = post(
        client,
        f"{begun.url}/final/{final_of(app, begun.id, first)}/add",
        {"added": "Nous demandons un contrat d’entretien."},
    )
    assert response.status_code == 302
    rows = final_paragraphs(app, begun.id)
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (1, "Les ascenseurs", rows[0][3]),
        (2, "Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours.", first),
        (3, "Nous demandons un contrat d’entretien.", None),
        (4, "", second),
        (5, "Le chauffage", rows[4][3]),
        (6, "Nous demandons que le chauffage soit allumé dès le 15 octobre.", rows[5][3]),
    ]
    assert rows[3][4] == [asked]
    page = words(client.get(begun.url + "/final").get_data(as_text=True))
    assert "Retiré du texte" in page and "Ajouté au texte" in page
    # Adding nothing comes back with the error; an added paragraph emptied is gone.
    added = response.headers["Location"].rsplit("/", 1)[1]
    response = post(client, f"{begun.url}/final/{added}/add", {"added": " "})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert post(client, f"{begun.url}/final/{added}", {"body": ""}).status_code == 302
    bodies = [row[2] for row in final_paragraphs(app, begun.id)]
    assert "Nous demandons un contrat d’entretien." not in bodies


def test_publishing_calls_final_published_and_freezes_the_final_text(
    app, client, auth, begun, clock, monkeypatch
):
    told = []
    monkeypatch.setattr(messages, "final_published", lambda c: told.append(c.id) or [])
    first = begun.paragraphs[0]
    waiting = contribute(app, begun.id, first, "question", "Et le bâtiment D ?")
    target = final_of(app, begun.id, first)
    auth.logout()
    auth.login("organizer")
    page = client.get(begun.url + "/final").get_data(as_text=True)
    # Unanswered contributions are named before publishing: a warning, not a block.
    assert "1 contribution n’a pas encore de réponse" in words(page)
    assert f"#c{waiting}" in page
    assert post(client, begun.url + "/final/publish").status_code == 302  # not confirmed
    assert told == []
    clock.freeze(datetime(2026, 6, 1, 10, 0))
    response = post(client, begun.url + "/final/publish", {"confirm": "yes"})
    assert response.headers["Location"].endswith("/kept")
    assert told == [begun.id]
    with app.app_context():
        consultation = db.session.get(Consultation, begun.id)
        assert consultation.stage == ConsultationStage.FINAL
        assert consultation.final_at == datetime(2026, 6, 1, 10, 0)
        event = db.session.scalar(db.select(Event).filter_by(verb="consultation.final"))
        assert event.payload == {"changed": 0, "total": 1}
    before = final_paragraphs(app, begun.id)
    response = post(client, f"{begun.url}/final/{target}", {"body": "Autre chose."})
    assert response.status_code == 302
    response = post(client, f"{begun.url}/final/{target}/add", {"added": "Encore."})
    assert final_paragraphs(app, begun.id) == before
    assert client.get(f"{begun.url}/final/{target}").status_code == 302
    page = client.get(begun.url + "/final").get_data(as_text=True)
    assert "/final/publish" not in page and f"/final/{target}" not in page
    post(client, begun.url + "/final/publish", {"confirm": "yes"})
    assert told == [begun.id]  # once


def test_publishing_is_one_transaction_with_the_messages(app, client, auth, begun, monkeypatch):
    def broken(consultation):
        raise RuntimeError("the outbox failed")

    monkeypatch.setattr(messages, "final_published", broken)
    auth.logout()
    auth.login("organizer")
    response = post(client, begun.url + "/final/publish", {"confirm": "yes"})
    assert response.status_code == 500
    with app.app_context():
        assert db.session.get(Consultation, begun.id).stage == ConsultationStage.OPEN
        assert db.session.scalar(db.select(Event).filter_by(verb="consultation.final")) is None

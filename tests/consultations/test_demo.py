"""The demo's consultations: the letter to the landlord consulted, answered and final,
with amendments kept and not kept; the charter open to the members now."""

import gzip
from datetime import timedelta

from assembly.clock import local_today, utcnow
from assembly.consultations.counts import consultation_totals
from assembly.consultations.demo import texts
from assembly.consultations.events import CONSULTATION_FINAL, CONTRIBUTION_MADE
from assembly.consultations.models import (
    Consultation,
    ConsultationPhase,
    Contribution,
    ContributionType,
    TeamAnswer,
)
from assembly.consultations.synthesis import rate
from assembly.extensions import db
from assembly.trace.models import Event
from tests.helpers import Auth

PEOPLE = (None, "habitante", "animateur", "organisatrice", "admin")


def test_the_demo_letter_is_answered_and_final_and_the_charter_open(app):
    from assembly.demo import load_demo

    with app.app_context():
        load_demo()
        letter = db.session.scalar(db.select(Consultation).filter_by(title=texts.LETTER_TITLE))
        charter = db.session.scalar(db.select(Consultation).filter_by(title=texts.CHARTER_TITLE))
        today = local_today()
        assert letter.phase(today) == ConsultationPhase.FINAL
        assert charter.phase(today) == ConsultationPhase.OPEN
        assert 0 < rate(letter).share < 1
        amendments = db.session.scalars(
            db.select(Contribution).filter_by(
                consultation_id=letter.id, kind=ContributionType.AMENDMENT
            )
        ).all()
        answers = {a.answer for a in amendments}
        assert TeamAnswer.KEPT in answers and TeamAnswer.NOT_KEPT in answers
        final = letter.final.paragraphs
        assert sum(p.removed for p in final) == 1
        assert sum(p.origin_id is None for p in final) == 1  # the paragraph added
        for p in final:  # a change is linked to the answers behind it
            if p.origin is None or p.body != p.origin.body:
                assert p.sources and all(c.answer != TeamAnswer.NOT_KEPT for c in p.sources)
        assert consultation_totals(letter.id).people >= 20

        # The journal tells the story, dated when it happened.
        made = db.session.scalars(
            db.select(Event).filter_by(
                verb=CONTRIBUTION_MADE, subject_type="consultation_contributions"
            )
        ).all()
        letter_ids = {c.id for c in db.session.scalars(
            db.select(Contribution).filter_by(consultation_id=letter.id))}  # fmt: skip
        assert {e.subject_id for e in made} >= letter_ids
        assert all(e.created_at < utcnow() - timedelta(days=14) for e in made
                   if e.subject_id in letter_ids)  # fmt: skip
        assert db.session.scalar(db.select(Event).filter_by(verb=CONSULTATION_FINAL))
        numbers = letter.number, charter.number

    for person in PEOPLE:
        client = app.test_client()
        if person:
            assert Auth(client).login(person, "assemblee-demo").status_code == 302
        base = f"/g/glycines/consultations/{numbers[0]}"
        for url in (base, base + "/text?part=2", base + "/print", base + "/document.odt"):
            response = client.get(url)
            assert response.status_code == 200, (person, url)
            if response.mimetype == "text/html":
                assert len(gzip.compress(response.data, 6)) <= 14 * 1024, url
        csv = client.get(base + "/contributions.csv").status_code
        assert csv == {None: 302, "habitante": 403}.get(person, 200)  # the team's only
        charter_page = client.get(f"/g/glycines/consultations/{numbers[1]}").status_code
        assert charter_page == (200 if person else 404)  # the members' only

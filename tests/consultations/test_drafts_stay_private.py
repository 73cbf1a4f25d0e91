"""The team's final text stays its own until published; people take part on the text
that was consulted, never on the team's draft of the final one."""

from assembly.consultations.models import Consultation, Contribution
from assembly.extensions import db
from assembly.groups.models import Group
from tests.consultations.answering import contribute, write_final
from tests.helpers import post


def test_no_one_takes_part_on_a_paragraph_of_the_final_text(app, client, group, make_consultation):
    consultation = make_consultation()
    first = consultation.paragraphs[0]
    finals = write_final(app, consultation.id, changes={first: ("Réparez sous trois jours.", [])})
    url = f"{consultation.url}/p/{finals[first]}"
    assert client.get(url).status_code == 404
    answer = post(client, url + "/comment", {"kind": "question", "text": "Pourquoi trois ?"})
    assert answer.status_code == 404
    assert client.get(f"{consultation.url}/p/{first}").status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0


def test_open_data_says_what_changed_only_once_the_final_text_is_out(app, group, make_consultation):
    from assembly.clock import local_today
    from assembly.consultations.models import ConsultationStage
    from assembly.insights.opendata import consultation_rows

    consultation = make_consultation()
    first = consultation.paragraphs[0]
    source = contribute(app, consultation.id, first, "amendment", rewrite="Sous trois jours.")
    write_final(app, consultation.id, changes={first: ("Sous trois jours.", [source])})

    def changed_flags():
        with app.app_context():
            rows = consultation_rows(db.session.get(Group, group.id), local_today())
            return [row[-1] for row in rows]

    assert set(changed_flags()) == {None}  # the team's draft: nothing said of it
    with app.app_context():
        db.session.get(Consultation, consultation.id).stage = ConsultationStage.FINAL
        db.session.commit()
    assert None not in changed_flags() and len(set(changed_flags())) == 2

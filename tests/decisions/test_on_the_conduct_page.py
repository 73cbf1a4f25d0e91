"""Decisions on the conduct page: a show of hands put and counted there, a decision prepared
there; htmx swaps the item's decisions in place, and without it the browser comes back."""

import re

from assembly.decisions.models import Decision, DecisionOutcome, DecisionStatus, Method
from assembly.extensions import db
from assembly.meetings.models import Meeting, State
from assembly.trace.models import Event
from tests.helpers import post

HX = {"HX-Request": "true"}


def show_of_hands(client, conduct_room, question="Fait-on la fête en juin ?", headers=None):
    """The conduct page's short form, as it posts."""
    data = {"quick": "1", "method": "hands", "voters": "present", "start": "y"}
    data.update(question=question, next=conduct_room.conduct + "#decisions")
    return post(client, conduct_room.prepare, data, headers=headers or {})


def the_decision(app) -> Decision | None:
    with app.app_context():
        decision = db.session.scalar(db.select(Decision))
        if decision is not None:
            db.session.expunge(decision)
        return decision


def verbs(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Event.verb).order_by(Event.id)))


def form_tag(html: str, action: str) -> str:
    found = re.search(rf'<form [^>]*action="{re.escape(action)}"[^>]*>', html)
    assert found, f"no form posting to {action}"
    return found.group(0)


def test_the_conduct_page_puts_a_show_of_hands_with_htmx_on_a_real_form(client, conduct_room):
    html = client.get(conduct_room.conduct).get_data(as_text=True)
    tag = form_tag(html, conduct_room.prepare)
    assert 'method="post"' in tag and f'hx-post="{conduct_room.prepare}"' in tag
    assert 'hx-target="#decisions"' in tag
    section = html.split('id="decisions"')[1].split("</section>")[0]
    assert 'name="start" value="y"' in section and 'name="question"' in section
    link = (
        f'href="{conduct_room.prepare}?next=' in section
        and f'hx-get="{conduct_room.prepare}?next=' in section
    )
    assert link, "the link to the whole form works with and without htmx"


def test_a_show_of_hands_is_put_and_opened_in_one_post_without_javascript(
    app, client, conduct_room
):
    response = show_of_hands(client, conduct_room)
    assert response.status_code == 302
    assert response.headers["Location"] == conduct_room.conduct + "#decisions"
    decision = the_decision(app)
    assert (decision.method, decision.status) == (Method.HANDS, DecisionStatus.OPEN)
    assert decision.item_id == conduct_room.item_id
    assert verbs(app)[-2:] == ["decision.created", "decision.opened"]
    html = client.get(conduct_room.conduct).get_data(as_text=True)
    assert "Le vote est ouvert." in html
    assert f'action="/g/glycines/decisions/{decision.id}/hands"' in html


def test_with_htmx_the_decisions_come_back_alone_with_the_counting_form(app, client, conduct_room):
    response = show_of_hands(client, conduct_room, headers=HX)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(
        '<section aria-labelledby="decisions-h" class="panel" id="decisions">'
    )
    assert "<html" not in html and "Le vote est ouvert." in html
    decision = the_decision(app)
    tag = form_tag(html, f"/g/glycines/decisions/{decision.id}/hands")
    assert f'hx-post="/g/glycines/decisions/{decision.id}/hands"' in tag
    assert 'name="close" value="yes"' in html


def test_the_hands_are_counted_and_the_vote_closed_in_one_post(app, client, conduct_room):
    show_of_hands(client, conduct_room)
    decision_id = the_decision(app).id
    hands = f"/g/glycines/decisions/{decision_id}/hands"
    counts = {"yes": "14", "no": "3", "abstain": "2", "present": "20", "close": "yes"}
    response = post(
        client, hands, {**counts, "next": conduct_room.conduct + "#decisions"}, headers=HX
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Le décompte est enregistré et le vote clos." in html and "Adoptée" in html
    decision = the_decision(app)
    assert (decision.status, decision.outcome) == (DecisionStatus.CLOSED, DecisionOutcome.ADOPTED)
    assert (decision.hands_for, decision.hands_against, decision.present) == (14, 3, 20)
    assert verbs(app)[-2:] == ["decision.hands", "decision.closed"]


def test_without_javascript_the_count_comes_back_to_the_conduct_page(app, client, conduct_room):
    show_of_hands(client, conduct_room)
    decision_id = the_decision(app).id
    data = {
        "yes": "2",
        "no": "9",
        "abstain": "0",
        "close": "yes",
        "next": conduct_room.conduct + "#decisions",
    }
    response = post(client, f"/g/glycines/decisions/{decision_id}/hands", data)
    assert response.headers["Location"] == conduct_room.conduct + "#decisions"
    assert the_decision(app).outcome == DecisionOutcome.REJECTED


def test_a_wrong_count_comes_back_in_place_with_the_numbers_and_the_error(
    app, client, conduct_room
):
    show_of_hands(client, conduct_room)
    decision_id = the_decision(app).id
    data = {"yes": "3", "no": "-1", "abstain": "0", "close": "yes"}
    response = post(client, f"/g/glycines/decisions/{decision_id}/hands", data, headers=HX)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and f'id="hands-{decision_id}-no-error"' in html
    assert f'id="hands-{decision_id}-yes" min="0" inputmode="numeric" required value="3"' in html
    assert the_decision(app).status == DecisionStatus.OPEN


def test_a_closed_vote_is_not_closed_again_from_a_stale_page(app, client, conduct_room):
    show_of_hands(client, conduct_room)
    decision_id = the_decision(app).id
    post(client, f"/g/glycines/decisions/{decision_id}/close", {})
    data = {"yes": "1", "no": "0", "abstain": "0", "close": "yes"}
    response = post(client, f"/g/glycines/decisions/{decision_id}/hands", data, headers=HX)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Seule une décision ouverte peut être close." in html
    assert the_decision(app).hands_for is None


def test_an_empty_question_comes_back_in_place_with_its_error(app, client, conduct_room):
    response = show_of_hands(client, conduct_room, question="", headers=HX)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="hands-question-error"' in html
    assert the_decision(app) is None


def test_a_too_long_question_without_javascript_keeps_its_text(app, client, conduct_room):
    question = "Fait-on la fête " + "très " * 80
    response = show_of_hands(client, conduct_room, question=question)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert question.strip() in html and 'id="question-error"' in html
    assert re.search(r'<input [^>]*checked id="start" name="start"', html)  # opens once fixed
    assert f'name="next" type="hidden" value="{conduct_room.conduct}#decisions"' in html


def test_no_show_of_hands_is_opened_once_the_meeting_has_ended(app, client, conduct_room):
    with app.app_context():
        db.session.get(Meeting, conduct_room.id).state = State.CLOSED
        db.session.commit()
    response = show_of_hands(client, conduct_room)
    assert response.status_code == 400
    assert "La réunion est terminée\u00a0: rouvrez-la pour ouvrir un vote." in response.get_data(
        as_text=True
    )
    assert the_decision(app) is None
    assert 'name="quick"' not in client.get(conduct_room.conduct).get_data(as_text=True)


def test_the_whole_form_opens_in_place_and_prepares_a_draft(app, client, conduct_room):
    back = conduct_room.conduct + "#decisions"
    response = client.get(conduct_room.prepare, query_string={"next": back}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'name="method"' in html and 'value="judgment"' in html
    assert f'name="next" type="hidden" value="{back}"' in html
    data = {"question": "Quelle fête ?", "method": "ballot", "voters": "present", "next": back}
    response = post(client, conduct_room.prepare, data, headers=HX)
    assert response.status_code == 200
    assert "La décision est préparée" in response.get_data(as_text=True)
    assert the_decision(app).status == DecisionStatus.DRAFT


def test_without_javascript_preparing_comes_back_to_the_conduct_page(app, client, conduct_room):
    page = client.get(
        conduct_room.prepare, query_string={"next": conduct_room.conduct + "#decisions"}
    )
    assert f'value="{conduct_room.conduct}#decisions"' in page.get_data(as_text=True)
    data = {"question": "Quelle fête ?", "method": "consent", "voters": "present"}
    response = post(
        client, conduct_room.prepare, {**data, "next": conduct_room.conduct + "#decisions"}
    )
    assert response.headers["Location"] == conduct_room.conduct + "#decisions"


def test_preparing_never_sends_the_browser_to_another_site(app, client, conduct_room):
    data = {"question": "Quelle fête ?", "method": "consent", "voters": "present"}
    response = post(client, conduct_room.prepare, {**data, "next": "https://example.com/"})
    assert response.headers["Location"] == f"/g/glycines/decisions/{the_decision(app).id}"

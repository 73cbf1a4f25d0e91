"""The team's moderation of a consultation: the queue of contributions waiting for approval,
approving, rejecting or marking as spam (waiting or published ones), each journaled."""

import pytest

from assembly.consultations.models import Contribution
from assembly.extensions import db
from assembly.needs.models import Moderation
from assembly.trace.models import Event
from tests.helpers import Auth, post


def browser(app):
    return app.test_client()


def contribution(app, contribution_id):
    with app.app_context():
        found = db.session.get(Contribution, contribution_id)
        db.session.expunge(found)
        return found


@pytest.fixture
def waiting(app, group, make_consultation):
    """A premoderated consultation with a visitor's comment waiting; its author's browser."""
    consultation = make_consultation(premoderation=True)
    consultation.page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    consultation.author = browser(app)
    post(consultation.author, consultation.page + "/comment", {"kind": "for", "text": "Oui !"})
    with app.app_context():
        consultation.comment = db.session.scalar(db.select(Contribution.id))
    consultation.moderate = f"{consultation.url}/contributions/{consultation.comment}/moderate"
    return consultation


@pytest.fixture
def team(app):
    client = browser(app)
    Auth(client).login("facilitator")
    return client


def test_the_team_sees_the_count_waiting_and_the_queue(app, group, waiting, team):
    overview = team.get(waiting.url).get_data(as_text=True)
    assert "Contributions à valider (1)" in overview
    queue = team.get(waiting.url + "/moderation").get_data(as_text=True)
    assert "Oui !" in queue and "Valider" in queue
    assert "Contributions à valider" not in browser(app).get(waiting.url).get_data(as_text=True)


def test_approving_publishes_it_and_journals_the_decision(app, group, waiting, team):
    answer = post(team, waiting.moderate, {"decision": "approved"})
    assert answer.headers["Location"] == waiting.url + "/moderation"
    assert contribution(app, waiting.comment).moderation == Moderation.APPROVED
    assert "Oui !" in browser(app).get(waiting.page).get_data(as_text=True)
    with app.app_context():
        [event] = db.session.scalars(db.select(Event).filter_by(verb="consultation.moderated"))
        assert event.payload == {"decision": "approved", "was": "pending"}
        assert event.actor_id is not None
    assert "Rien à valider" in team.get(waiting.url + "/moderation").get_data(as_text=True)


def test_rejecting_takes_a_confirmation_then_hides_it_even_from_its_author(
    app, group, waiting, team
):
    post(team, waiting.moderate, {"decision": "rejected"})
    assert contribution(app, waiting.comment).moderation == Moderation.PENDING
    post(team, waiting.moderate, {"decision": "rejected", "confirm": "yes"})
    assert contribution(app, waiting.comment).moderation == Moderation.REJECTED
    assert "Oui !" not in waiting.author.get(waiting.page).get_data(as_text=True)


@pytest.mark.parametrize("decision", ["rejected", "spam"])
def test_the_team_takes_back_a_published_contribution(
    app, group, make_consultation, team, decision
):
    consultation = make_consultation()
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    post(browser(app), page + "/comment", {"kind": "against", "text": "Achetez mes montres"})
    with app.app_context():
        comment_id = db.session.scalar(db.select(Contribution.id))
    assert "1 commentaire" in browser(app).get(page).get_data(as_text=True)
    url = f"{consultation.url}/contributions/{comment_id}/moderate"
    answer = post(team, url, {"decision": decision, "confirm": "yes"})
    assert answer.headers["Location"] == f"{page}#c{comment_id}"
    public = browser(app).get(page).get_data(as_text=True)
    assert "Achetez mes montres" not in public and "0 commentaire" in public
    assert "Achetez mes montres" in team.get(page).get_data(as_text=True)
    with app.app_context():
        [event] = db.session.scalars(db.select(Event).filter_by(verb="consultation.moderated"))
        assert event.payload == {"decision": decision, "was": "approved"}


def test_a_member_outside_the_team_cannot_moderate(app, group, waiting):
    member = browser(app)
    Auth(member).login("member")
    assert member.get(waiting.url + "/moderation").status_code == 403
    assert post(member, waiting.moderate, {"decision": "approved"}).status_code == 403
    assert contribution(app, waiting.comment).moderation == Moderation.PENDING

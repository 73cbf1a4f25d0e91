"""The register of decisions, its CSV, the needs' traces, and the close-decisions command."""

import csv
import io
from datetime import timedelta

from assembly.decisions.models import Decision, DecisionStatus, Method
from assembly.decisions.operations import core, voting
from assembly.extensions import db
from assembly.trace.models import Event
from tests.decisions import test_online
from tests.decisions.test_online import DECISIONS, read, text, vote
from tests.helpers import post

# The fixtures of test_online.py: a frozen clock, needs and online decisions, English pages.
clock = test_online.clock
english = test_online.english
make_decision = test_online.make_decision
make_need = test_online.make_need


def close(app, decision_id) -> None:
    with app.app_context():
        core.close_decision(db.session.get(Decision, decision_id))


def test_the_register_lists_closed_decisions_newest_first_with_their_needs(
    app, client, group, people, clock, make_decision, make_need
):
    lift, heating = make_need("Ascenseur en panne"), make_need("Pas de chauffage")
    first = make_decision("Écrit-on au bailleur ?", public=True, needs=[lift, heating])
    vote(app, first, people["member"], "yes")
    clock.advance(days=1)
    second = make_decision("Quelle fête cet été ?", public=True, method=Method.JUDGMENT,
                           options=["Pique-nique", "Concert"])  # fmt: skip
    with app.app_context():
        decision = db.session.get(Decision, second)
        picnic, concert = (option.id for option in decision.options)
        voting.cast_ballot(decision, user_id=people["member"].id, grades={picnic: 4, concert: 1})
    still_open = make_decision("Une question encore ouverte ?", public=True)
    close(app, first)
    clock.advance(days=1)
    close(app, second)

    page = text(client.get(DECISIONS))
    assert page.index("Quelle fête cet été ?") < page.index("Écrit-on au bailleur ?")
    assert "Une question encore ouverte ?" not in page
    assert "Adopted" in page and "yes 1 · no 0 · abstain 0" in page
    assert "Chosen: Pique-nique" in page and "majority grade: Good" in page
    assert (
        f'href="/g/glycines/needs/{lift}"' in page and f'href="/g/glycines/needs/{heating}"' in page
    )
    assert f'href="{DECISIONS}/{first}"' in page
    assert f'href="{DECISIONS}/{still_open}/ballot"' not in page  # "under way" is for members


def test_members_only_decisions_stay_out_of_the_public_register(
    app, client, auth, group, clock, make_decision
):
    make_decision("Une affaire de membres ?", public=False, closes=timedelta(hours=1))
    make_decision("Une question publique ?", public=True, closes=timedelta(hours=1))
    clock.advance(hours=2)
    assert app.test_cli_runner().invoke(args=["close-decisions"]).exit_code == 0
    public = text(client.get(DECISIONS))
    assert "Une question publique ?" in public and "Une affaire de membres ?" not in public
    auth.login("member")
    members = text(client.get(DECISIONS))
    assert "Une question publique ?" in members and "Une affaire de membres ?" in members


def test_members_see_the_votes_under_way_with_their_closing_time_and_a_link_to_vote(
    app, client, auth, group, clock, make_decision
):
    now = make_decision("On vote maintenant ?", closes=timedelta(days=2))
    later = make_decision("On votera demain ?", opens=timedelta(days=1))
    auth.login("member")
    page = text(client.get(DECISIONS))
    under_way = page.split('id="running"')[1].split('id="taken"')[0]
    assert f'href="{DECISIONS}/{now}/ballot"' in under_way
    assert "Mar 4, 2026" in under_way  # closes in two days
    assert "On votera demain ?" in under_way and f"{later}/ballot" not in under_way


def test_the_register_pages_fifty_at_a_time(app, client, group, clock, make_decision):
    for number in range(51):
        decision_id = make_decision(f"Question n° {number} ?", public=True)
        close(app, decision_id)
        clock.advance(minutes=1)
    page = text(client.get(DECISIONS))
    assert "Question n° 50 ?" in page and "Question n° 0 ?" not in page
    assert f'href="{DECISIONS}?page=2"' in page
    older = text(client.get(f"{DECISIONS}?page=2"))
    assert "Question n° 0 ?" in older and "Question n° 1 ?" not in older


def test_the_register_exports_as_csv_for_members(
    app, client, auth, group, people, clock, make_decision, make_need
):
    lift = make_need()
    decision_id = make_decision("Écrit-on au bailleur ?", needs=[lift])
    vote(app, decision_id, people["member"], "yes")
    vote(app, decision_id, people["facilitator"], "abstain")
    clock.advance(days=8)
    auth.login("member")
    response = client.get(f"{DECISIONS}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["date", "method", "question", "outcome"]
    header = dict(zip(rows[0], rows[1], strict=True))
    assert header["question"] == "Écrit-on au bailleur ?" and header["outcome"] == "Adopted"
    assert (header["yes"], header["no"], header["abstain"]) == ("1", "0", "1")
    assert header["needs"] == f"B-{lift}" and header["date"] == "2026-03-09"
    assert "Member" not in body and "Facilitator" not in body


# The needs' traces ------------------------------------------------------------------------


def test_the_need_page_tells_what_was_decided(
    app, client, group, people, clock, make_decision, make_need
):
    number = make_need()
    decision_id = make_decision("Écrit-on au bailleur ?", public=True, needs=[number])
    vote(app, decision_id, people["member"], "no")
    clock.advance(days=8)
    assert f"{DECISIONS}/{decision_id}" not in text(client.get(f"/g/glycines/needs/{number}"))
    assert app.test_cli_runner().invoke(args=["close-decisions"]).exit_code == 0
    page = text(client.get(f"/g/glycines/needs/{number}"))
    link = f'<a href="{DECISIONS}/{decision_id}"><bdi>Écrit-on au bailleur ?</bdi></a>'
    assert f"Decision taken on “{link}”: no, not adopted." in page


def test_a_members_only_decision_says_only_that_one_was_taken(
    app, client, group, clock, make_decision, make_need
):
    number = make_need()
    make_decision("Une affaire de membres ?", needs=[number], closes=timedelta(hours=1))
    clock.advance(hours=1)
    app.test_cli_runner().invoke(args=["close-decisions"])
    page = text(client.get(f"/g/glycines/needs/{number}"))
    assert "The members took a decision about it." in page
    assert "Une affaire de membres" not in page


# The close-decisions command --------------------------------------------------------------


def test_close_decisions_closes_only_the_decisions_whose_time_is_up(
    app, group, people, clock, make_decision
):
    due = make_decision("Finie ?", closes=timedelta(hours=1))
    running = make_decision("Pas encore ?", closes=timedelta(days=3))
    vote(app, due, people["member"], "yes")
    clock.advance(hours=2)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["close-decisions"]).output == "Decisions closed: 1\n"
    assert runner.invoke(args=["close-decisions"]).output == "Decisions closed: 0\n"
    with app.app_context():
        closed, still = db.session.get(Decision, due), db.session.get(Decision, running)
        assert closed.status == DecisionStatus.CLOSED and closed.outcome == "adopted"
        assert closed.result == {"ballots": 1, "yes": 1, "no": 0, "abstain": 0}
        assert still.status == DecisionStatus.OPEN and still.result is None
    assert [e.subject_id for e in read(app, Event, verb="decision.closed")] == [due]


def test_the_team_opens_the_new_question_form_from_the_register(app, client, auth, group, clock):
    assert "/decisions/new" not in text(client.get(DECISIONS))
    auth.login("facilitator")
    assert f'href="{DECISIONS}/new"' in text(client.get(DECISIONS))
    assert post(client, f"{DECISIONS}/new", {}).status_code == 400

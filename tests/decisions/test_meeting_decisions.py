"""Decisions at a meeting: prepared on an item, opened, voted on phones or by hands, closed."""

import re
from datetime import datetime
from types import SimpleNamespace

import pytest

from assembly.decisions.models import (
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Method,
    Objection,
    Voters,
)
from assembly.decisions.operations import core
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Meeting, State
from assembly.needs.operations import submit_need
from assembly.trace.models import Event
from tests.helpers import post

SECRET_NAME = "Zéphyrine Quatremains"


@pytest.fixture
def meeting(app, group):
    """A live public meeting whose current item discusses one need; returns its ids."""
    with app.app_context():
        group_row = db.session.get(Group, group.id)
        need = submit_need(group_row, title="Pas de fête dans le quartier", trusted=True)
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée de mai",
            starts_at=datetime(2026, 5, 7, 17),
            state=State.LIVE,
            join_code="H4XW9",
        )
        item = AgendaItem(title="La fête d'été", position=1)
        item.needs = [need]
        meeting.items = [item]
        db.session.add(meeting)
        db.session.flush()
        meeting.current_item_id = item.id
        db.session.commit()
        return SimpleNamespace(
            id=meeting.id, item_id=item.id, need_id=need.id, need_number=need.number, code="H4XW9"
        )


@pytest.fixture
def prepare(app, meeting, group):
    """Prepare a decision on the meeting's item (opened unless `draft`); returns its id."""

    def make(method=Method.BALLOT, *, options=(), secret=False, voters=Voters.PRESENT, draft=False):
        with app.app_context():
            decision = core.create_decision(
                db.session.get(Group, group.id),
                question="Quelle fête cet été ?",
                method=method,
                by=None,
                options=options,
                secret=secret,
                voters=voters,
                item=db.session.get(AgendaItem, meeting.item_id),
            )
            if not draft:
                core.open_decision(decision)
            return decision.id

    return make


@pytest.fixture
def phone(app, meeting):
    """A new phone (test client) joined at the meeting with the code under `name`."""

    def make(name):
        client = app.test_client()
        response = post(client, "/j", {"code": meeting.code, "name": name})
        assert response.status_code == 302
        return client

    return make


@pytest.fixture
def team(app, people):
    """A client signed in as the group's facilitator."""
    from tests.helpers import Auth

    client = app.test_client()
    assert Auth(client).login(people["facilitator"].username).status_code == 302
    return client


def url(decision_id, page=""):
    return f"/g/glycines/decisions/{decision_id}/{page}".rstrip("/")


def ballots(app, decision_id):
    with app.app_context():
        return list(db.session.scalars(db.select(Ballot).filter_by(decision_id=decision_id)))


def load(app, decision_id) -> Decision:
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        db.session.expunge(decision)
        return decision


def events(app, verb=None):
    with app.app_context():
        query = db.select(Event).order_by(Event.id)
        if verb:
            query = query.filter_by(verb=verb)
        return list(db.session.scalars(query))


def option_ids(app, decision_id):
    with app.app_context():
        return [option.id for option in db.session.get(Decision, decision_id).options]


# Preparing


def test_the_team_prepares_a_draft_on_an_item_with_its_needs(app, team, meeting):
    new = f"/g/glycines/meetings/{meeting.id}/items/{meeting.item_id}/decisions/new"
    assert team.get(new).status_code == 200
    response = post(
        team,
        new,
        {"question": "Quelle fête ?", "method": "judgment", "options": "Pique-nique\n\nBal\nBal",
         "voters": "present", "secret": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.scalar(db.select(Decision))
        assert response.headers["Location"] == url(decision.id)
        assert decision.status == DecisionStatus.DRAFT and decision.method == Method.JUDGMENT
        assert [o.label for o in decision.options] == ["Pique-nique", "Bal"]
        assert decision.secret and decision.item_id == meeting.item_id
        assert [need.id for need in decision.needs] == [meeting.need_id]


def test_a_judgment_without_two_options_comes_back_with_the_text_kept(app, team, meeting):
    new = f"/g/glycines/meetings/{meeting.id}/items/{meeting.item_id}/decisions/new"
    data = {"question": "Quelle fête ?", "method": "judgment", "options": "Bal"}
    response = post(team, new, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="options-error"' in html
    assert 'value="Quelle fête ?"' in html and "\nBal</textarea>" in html
    response = post(team, new, {**data, "options": ""})
    assert response.status_code == 400 and 'id="options-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Decision)) == 0


def test_secrecy_is_dropped_for_methods_without_ballots(app, team, meeting):
    new = f"/g/glycines/meetings/{meeting.id}/items/{meeting.item_id}/decisions/new"
    post(team, new, {"question": "On vote ?", "method": "hands", "secret": "y", "options": "A\nB"})
    with app.app_context():
        decision = db.session.scalar(db.select(Decision))
        assert not decision.secret and decision.options == []


def test_a_plain_member_cannot_prepare_or_run_a_decision(app, client, auth, prepare, meeting):
    decision_id = prepare(draft=True)
    auth.login("member")
    new = f"/g/glycines/meetings/{meeting.id}/items/{meeting.item_id}/decisions/new"
    assert client.get(new).status_code == 403
    assert post(client, url(decision_id, "open")).status_code == 403
    assert load(app, decision_id).status == DecisionStatus.DRAFT


def test_the_meetings_own_facilitator_runs_its_decisions(app, client, auth, people, meeting):
    with app.app_context():
        db.session.get(Meeting, meeting.id).facilitator_id = people["member"].id
        db.session.commit()
    auth.login("member")
    new = f"/g/glycines/meetings/{meeting.id}/items/{meeting.item_id}/decisions/new"
    response = post(client, new, {"question": "On vote ?", "method": "hands"})
    assert response.status_code == 302
    decision_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert post(client, url(decision_id, "open")).status_code == 302
    assert load(app, decision_id).status == DecisionStatus.OPEN


# Voting on phones


def test_one_ballot_per_person_and_a_second_vote_changes_it(app, prepare, phone):
    awa = phone("Awa")  # present when the vote opens: a vote of those present is theirs
    decision_id = prepare(Method.BALLOT)
    assert post(awa, url(decision_id, "ballot"), {"choice": "yes"}).status_code == 302
    page = awa.get(url(decision_id, "ballot")).get_data(as_text=True)
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', page)  # pre-filled
    post(awa, url(decision_id, "ballot"), {"choice": "no"})
    [ballot] = ballots(app, decision_id)
    assert ballot.choice == "no" and ballot.name == "Awa"
    with app.app_context():
        assert core.count_decision(db.session.get(Decision, decision_id)).ballots == 1


def test_after_voting_an_attendee_returns_to_the_phone_with_a_confirmation(prepare, phone, meeting):
    awa = phone("Awa")
    decision_id = prepare(Method.BALLOT)
    phone_page = awa.get(f"/g/glycines/meetings/{meeting.id}/phone").get_data(as_text=True)
    assert f'href="{url(decision_id, "ballot")}"' in phone_page
    response = post(awa, url(decision_id, "ballot"), {"choice": "abstain"})
    assert response.headers["Location"] == f"/g/glycines/meetings/{meeting.id}/phone"
    phone_page = awa.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash"' in phone_page and 'class="voted"' in phone_page


def test_votes_are_refused_when_the_decision_is_not_open(app, prepare, phone, team):
    draft_id = prepare(Method.BALLOT, draft=True)
    awa = phone("Awa")
    assert 'id="not-open"' in awa.get(url(draft_id, "ballot")).get_data(as_text=True)
    assert post(awa, url(draft_id, "ballot"), {"choice": "yes"}).status_code == 400
    open_id = prepare(Method.BALLOT)
    post(team, url(open_id, "close"))
    response = post(awa, url(open_id, "ballot"), {"choice": "yes"})
    assert response.status_code == 400 and 'id="not-open"' in response.get_data(as_text=True)
    assert ballots(app, draft_id) == [] and ballots(app, open_id) == []


def test_who_is_no_voter_is_told_how_to_take_part(app, client, auth, prepare):
    present_id = prepare(Method.BALLOT)
    page = client.get(url(present_id, "ballot"))
    assert page.status_code == 200 and 'href="/j"' in page.get_data(as_text=True)
    refused = post(client, url(present_id, "ballot"), {"choice": "yes"})
    assert refused.headers["Location"] == url(present_id, "ballot")
    members_id = prepare(Method.BALLOT, voters=Voters.MEMBERS)
    html = client.get(url(members_id, "ballot")).get_data(as_text=True)
    assert 'id="how-to-vote"' in html and "/login?next=" in html
    auth.login("member")
    assert post(client, url(members_id, "ballot"), {"choice": "yes"}).status_code == 302
    assert [b.choice for b in ballots(app, present_id)] == []
    assert [b.choice for b in ballots(app, members_id)] == ["yes"]


def test_at_a_members_only_meeting_who_joined_with_the_code_votes(
    app, client, prepare, phone, meeting
):
    with app.app_context():
        db.session.get(Meeting, meeting.id).public = False
        db.session.commit()
    awa = phone("Awa")
    decision_id = prepare(Method.BALLOT)
    assert not load(app, decision_id).public
    assert client.get(url(decision_id, "ballot")).status_code == 404  # not joined: not there
    page = awa.get(url(decision_id, "ballot"))
    assert page.status_code == 200 and url(decision_id) + '"' not in page.get_data(as_text=True)
    assert post(awa, url(decision_id, "ballot"), {"choice": "yes"}).status_code == 302
    assert awa.get(url(decision_id)).status_code == 404  # the decision's page is for members
    assert [b.choice for b in ballots(app, decision_id)] == ["yes"]


def test_a_missing_grade_comes_back_400_with_the_other_grades_kept(app, prepare, phone):
    awa = phone("Awa")
    decision_id = prepare(Method.JUDGMENT, options=["Pique-nique", "Bal", "Concert"])
    first, second, third = option_ids(app, decision_id)
    response = post(
        awa, url(decision_id, "ballot"), {f"option_{first}": "5", f"option_{third}": "1"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="option_{second}-error"' in html
    assert f'id="option_{first}-error"' not in html
    for option, grade in ((first, 5), (third, 1)):
        assert re.search(rf'checked[^>]*id="option_{option}-{5 - grade}"', html) or re.search(
            rf'id="option_{option}-{5 - grade}"[^>]*checked', html
        )
    assert ballots(app, decision_id) == []


def test_majority_judgment_through_phones_ranks_and_traces_the_need(
    app, prepare, phone, team, meeting
):
    voters = {name: phone(name) for name in ("Awa", "Bruno")}
    decision_id = prepare(Method.JUDGMENT, options=["Pique-nique", "Bal"])
    picnic, ball = option_ids(app, decision_id)
    for name, grades in (("Awa", (5, 2)), ("Bruno", (3, 4))):
        voter = voters[name]
        assert voter.get(url(decision_id, "ballot")).status_code == 200
        data = {f"option_{picnic}": str(grades[0]), f"option_{ball}": str(grades[1])}
        assert post(voter, url(decision_id, "ballot"), data).status_code == 302
    assert post(team, url(decision_id, "close")).status_code == 302
    decision = load(app, decision_id)
    assert decision.status == DecisionStatus.CLOSED and decision.outcome == DecisionOutcome.CHOSEN
    # Lower medians: picnic {3, 5} → 3; ball {2, 4} → 2.
    assert [(row["label"], row["rank"], row["grade"]) for row in decision.result["ranking"]] == [
        ("Pique-nique", 1, 3),
        ("Bal", 2, 2),
    ]
    [decided] = events(app, "need.decided")
    assert decided.subject_id == meeting.need_id and decided.payload["outcome"] == "chosen"
    html = team.get(url(decision_id)).get_data(as_text=True)
    ranking = re.search(r'<ol class="ranking">(.*?)</ol>', html, re.S).group(1)
    assert ranking.index("Pique-nique") < ranking.index("Bal")
    assert html.count('<svg class="merit"') == 2 and 'class="rule"' in html
    assert decided.payload["option"] == "Pique-nique"
    post(team, "/language", {"lang": "en"})
    need_page = team.get(f"/g/glycines/needs/{meeting.need_number}").get_data(as_text=True)
    assert url(decision_id) in need_page
    assert "</a>”: “Pique-nique” was chosen." in need_page


def test_secret_ballots_reveal_no_name_anywhere(app, prepare, phone, team, meeting, people):
    voter = phone(SECRET_NAME)
    decision_id = prepare(Method.BALLOT, secret=True)
    post(voter, url(decision_id, "ballot"), {"choice": "yes"})
    members_id = prepare(Method.JUDGMENT, options=["A", "B"], secret=True, voters=Voters.MEMBERS)
    from tests.helpers import Auth

    member = app.test_client()
    Auth(member).login(people["member"].username)
    before = len(events(app))
    a, b = option_ids(app, members_id)
    post(member, url(members_id, "ballot"), {f"option_{a}": "4", f"option_{b}": "0"})
    assert len(events(app)) == before  # a vote writes no journal event at all
    for decision in (decision_id, members_id):
        post(team, url(decision, "close"))
    [cast] = ballots(app, decision_id)
    assert (cast.name, cast.attendance_id, cast.user_id) == ("", None, None)
    assert ballots(app, members_id)[0].user_id is None
    watcher = phone("Awa")
    pages = [
        team.get(url(decision_id)),
        team.get(url(members_id)),
        app.test_client().get(url(decision_id)),
        team.get(f"/g/glycines/meetings/{meeting.id}/projector"),
        watcher.get(f"/g/glycines/meetings/{meeting.id}/phone"),
        team.get(f"/g/glycines/meetings/{meeting.id}/minutes/edit"),  # the minutes' draft
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert SECRET_NAME not in html and "Member" not in html.split("</header>")[1]
    export = team.get("/g/glycines/decisions.csv")  # the register, as exported
    assert len(export.get_data(as_text=True).splitlines()) == 3  # a header and both decisions
    assert "Member" not in export.get_data(as_text=True)
    assert SECRET_NAME not in export.get_data(as_text=True)
    for event in events(app):
        assert SECRET_NAME not in repr(event.payload)
        if event.subject_type in ("decisions", "ballots"):
            assert event.actor_id != people["member"].id


def test_named_votes_are_listed_for_members_only(app, client, prepare, phone, team):
    awa = phone("Awa")
    decision_id = prepare(Method.BALLOT)
    post(awa, url(decision_id, "ballot"), {"choice": "no"})
    post(team, url(decision_id, "close"))
    assert "Awa" in team.get(url(decision_id)).get_data(as_text=True)
    public_page = client.get(url(decision_id)).get_data(as_text=True)
    assert public_page.count("Awa") == 0 and 'class="outcome outcome-rejected"' in public_page


# Phones and the projector


def test_phone_and_projector_follow_the_decision_and_show_the_result(
    app, prepare, phone, team, meeting
):
    decision_id = prepare(Method.BALLOT, draft=True)
    awa = phone("Awa")
    phone_url = f"/g/glycines/meetings/{meeting.id}/phone"
    projector_url = f"/g/glycines/meetings/{meeting.id}/projector"
    first = awa.get(phone_url)
    assert url(decision_id, "ballot") not in first.get_data(as_text=True)
    post(team, url(decision_id, "open"))
    polled = awa.get(phone_url, headers={"If-None-Match": first.headers["ETag"]})
    assert polled.status_code == 200 and url(decision_id, "ballot") in polled.get_data(as_text=True)
    post(awa, url(decision_id, "ballot"), {"choice": "yes"})
    wall = team.get(projector_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f'id="decision-{decision_id}"' in wall and 'class="ballots"' in wall
    assert 'class="tally"' not in wall  # no running split while the vote is open
    post(team, url(decision_id, "close"))
    wall = team.get(projector_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'class="outcome outcome-adopted"' in wall and 'class="tally"' in wall
    html = awa.get(phone_url).get_data(as_text=True)
    assert 'class="outcome outcome-adopted"' in html and url(decision_id, "ballot") not in html


def test_the_conduct_page_opens_and_closes_the_items_decisions(app, prepare, team, meeting):
    decision_id = prepare(Method.HANDS, draft=True)
    conduct = f"/g/glycines/meetings/{meeting.id}/conduct"
    html = team.get(conduct).get_data(as_text=True)
    assert f'action="{url(decision_id, "open")}"' in html
    assert f"/items/{meeting.item_id}/decisions/new" in html
    response = post(team, url(decision_id, "open"), {"next": conduct})
    assert response.headers["Location"] == conduct
    assert f'action="{url(decision_id, "close")}"' in team.get(conduct).get_data(as_text=True)
    response = post(team, url(decision_id, "close"), {"next": "https://evil.example/"})
    assert response.headers["Location"] == url(decision_id)
    assert load(app, decision_id).outcome == DecisionOutcome.VOID


# Hands


def test_hands_are_entered_then_corrected_with_a_reason_in_the_journal(app, prepare, team, meeting):
    decision_id = prepare(Method.HANDS)
    counts = {"yes": "9", "no": "11", "abstain": "2", "present": "22"}
    assert post(team, url(decision_id, "hands"), counts).status_code == 302
    post(team, url(decision_id, "close"))
    decision = load(app, decision_id)
    assert decision.outcome == DecisionOutcome.REJECTED
    assert decision.result == {"ballots": 22, "yes": 9, "no": 11, "abstain": 2, "present": 22}
    fixed = {"yes": "13", "no": "7", "abstain": "2", "present": "22"}
    response = post(team, url(decision_id, "hands"), fixed)
    assert response.status_code == 400 and 'id="reason-error"' in response.get_data(as_text=True)
    assert load(app, decision_id).hands_for == 9
    reason = "Les mains du fond n'avaient pas été comptées."
    assert post(team, url(decision_id, "hands"), {**fixed, "reason": reason}).status_code == 302
    decision = load(app, decision_id)
    assert (decision.hands_for, decision.hands_against, decision.outcome) == (13, 7, "adopted")
    assert decision.result["yes"] == 13
    [corrected] = events(app, "decision.corrected")
    assert corrected.payload["old"] == {"yes": 9, "no": 11, "abstain": 2, "present": 22}
    assert corrected.payload["new"] == {"yes": 13, "no": 7, "abstain": 2, "present": 22}
    assert corrected.payload["reason"] == reason
    assert corrected.payload["old_outcome"] == "rejected"
    decided = events(app, "need.decided")
    assert [e.payload["outcome"] for e in decided] == ["rejected", "adopted"]
    post(team, "/language", {"lang": "en"})
    need_page = team.get(f"/g/glycines/needs/{meeting.need_number}").get_data(as_text=True)
    # One line for the decision, in its corrected words: not "rejected" then "adopted".
    assert need_page.count("Decision taken on") == 1
    assert "not adopted" not in need_page
    assert "yes, adopted. (Result corrected after a recount.)" in need_page


def test_the_operation_itself_refuses_a_correction_without_a_reason(app, prepare):
    """The rule holds whoever calls it (a script, a future API), not only through the form."""
    from assembly.decisions.operations.meeting import Hands, Refused, enter_hands

    decision_id = prepare(Method.HANDS)
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        enter_hands(decision, Hands(9, 11, 2, 22))
        core.close_decision(decision)
        for reason in ("", "   "):
            with pytest.raises(Refused, match="reason"):
                enter_hands(decision, Hands(13, 7, 2, 22), reason=reason)
        db.session.rollback()
    decision = load(app, decision_id)
    assert (decision.hands_for, decision.outcome) == (9, DecisionOutcome.REJECTED)
    assert events(app, "decision.corrected") == []


def test_the_operation_itself_refuses_impossible_counts(app, prepare):
    from assembly.decisions.operations.meeting import Hands, Refused, enter_hands

    decision_id = prepare(Method.HANDS)
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        with pytest.raises(Refused, match="present"):
            enter_hands(decision, Hands(9, 9, 0, 10))
        with pytest.raises(Refused, match="negative"):
            enter_hands(decision, Hands(-1, 3, 0))
        db.session.rollback()
    assert load(app, decision_id).hands_for is None


def test_more_hands_than_people_present_is_refused(app, prepare, team):
    decision_id = prepare(Method.HANDS)
    response = post(team, url(decision_id, "hands"), {"yes": "9", "no": "9", "present": "10",
                                                       "abstain": "0"})  # fmt: skip
    assert response.status_code == 400 and 'id="present-error"' in response.get_data(as_text=True)
    assert load(app, decision_id).hands_for is None


# Consent rounds


def objection_ids(app, decision_id):
    with app.app_context():
        query = db.select(Objection.id).filter_by(decision_id=decision_id).order_by(Objection.id)
        return list(db.session.scalars(query))


def test_a_consent_round_is_adopted_once_every_objection_is_resolved(app, prepare, team):
    decision_id = prepare(Method.CONSENT, draft=True)
    assert post(team, url(decision_id, "objections"), {"reason": "Trop tôt."}).status_code == 400
    post(team, url(decision_id, "open"))
    response = post(team, url(decision_id, "objections"), {"name": "Awa", "reason": "Trop tôt."})
    assert response.status_code == 302
    [objection] = objection_ids(app, decision_id)
    resolve = url(decision_id, f"objections/{objection}/resolve")
    response = post(team, resolve, {"resolution": ""})
    assert response.status_code == 400
    assert f'id="resolution-{objection}-error"' in response.get_data(as_text=True)
    assert post(team, resolve, {"resolution": "On la fait en septembre."}).status_code == 302
    post(team, url(decision_id, "close"))
    decision = load(app, decision_id)
    assert decision.outcome == DecisionOutcome.ADOPTED
    assert decision.result == {"ballots": 0, "objections": 1, "unresolved": 0}


def test_a_consent_round_closed_with_an_open_objection_is_rejected(app, prepare, team):
    decision_id = prepare(Method.CONSENT)
    post(team, url(decision_id, "objections"), {"reason": "Le bruit, la nuit."})
    post(team, url(decision_id, "close"))
    assert load(app, decision_id).outcome == DecisionOutcome.REJECTED


def test_a_consent_round_sent_to_a_vote_prepares_the_follow_up(app, prepare, team, meeting):
    decision_id = prepare(Method.CONSENT)
    post(team, url(decision_id, "objections"), {"reason": "Le bruit, la nuit."})
    response = post(team, url(decision_id, "to-vote"), {"method": "ballot"})
    with app.app_context():
        follow_up = db.session.scalar(db.select(Decision).filter_by(follows_id=decision_id))
        assert response.headers["Location"] == url(follow_up.id)
        assert (follow_up.method, follow_up.status) == (Method.BALLOT, DecisionStatus.DRAFT)
        assert follow_up.item_id == meeting.item_id
        assert follow_up.question == "Quelle fête cet été ?"
        assert [need.id for need in follow_up.needs] == [meeting.need_id]
    assert load(app, decision_id).outcome == DecisionOutcome.TO_VOTE
    assert post(team, url(decision_id, "to-vote"), {"method": "ballot"}).status_code == 400


def test_actions_that_do_not_fit_the_method_say_so(app, prepare, team):
    judgment_id = prepare(Method.JUDGMENT, options=["A", "B"])
    for page, data in (("hands", {"yes": "1", "no": "0", "abstain": "0"}),
                       ("objections", {"reason": "Non."}), ("to-vote", {"method": "ballot"}),
                       ("open", {})):  # fmt: skip
        response = post(team, url(judgment_id, page), data)
        assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)
    with app.app_context():
        decision = db.session.get(Decision, judgment_id)
        assert decision.objections == [] and decision.status == DecisionStatus.OPEN


@pytest.mark.parametrize("polled", [False, True], ids=["page", "polled"])
def test_a_ballot_changes_the_voters_phone_and_the_projector_not_the_other_phones(
    prepare, phone, team, meeting, polled
):
    """Whether a page is opened or polled (htmx: a phone's unchanged poll is answered from
    the live versions alone), the voter's phone and the wall change, the others do not."""
    headers = {"HX-Request": "true"} if polled else {}
    voter, other = phone("Awa"), phone("Bruno")
    prepare(Method.BALLOT)
    views = {
        "voter": (voter, f"/g/glycines/meetings/{meeting.id}/phone"),
        "other": (other, f"/g/glycines/meetings/{meeting.id}/phone"),
        "projector": (team, f"/g/glycines/meetings/{meeting.id}/projector"),
    }
    tags = {name: c.get(path, headers=headers).headers["ETag"] for name, (c, path) in views.items()}
    [decision_id] = re.findall(r"/decisions/(\d+)/ballot", voter.get(views["voter"][1]).text)
    post(voter, url(int(decision_id), "ballot"), {"choice": "yes"})

    def status(name):
        client, path = views[name]
        return client.get(path, headers={**headers, "If-None-Match": tags[name]}).status_code

    assert {name: status(name) for name in views} == {"voter": 200, "other": 304, "projector": 200}


def test_on_an_arabic_phone_the_french_question_keeps_its_own_direction(
    prepare, phone, team, meeting
):
    """A resident reading in Arabic sees the question the team typed in French: it is set
    apart (`dir="auto"`), so its question mark stays at its end, on the phone and in the
    register."""
    decision_id = prepare(Method.BALLOT)
    awa = phone("Awa")
    awa.set_cookie("lang", "ar")
    on_phone = awa.get(f"/g/glycines/meetings/{meeting.id}/phone").text
    assert '<p class="question" dir="auto">Quelle fête cet été ?</p>' in on_phone
    team.set_cookie("lang", "ar")
    assert post(team, url(decision_id, "close"), {}).status_code == 302
    register = team.get("/g/glycines/decisions").text
    assert 'dir="auto">Quelle fête cet été ?</a></h3>' in register


def test_a_phone_says_which_open_votes_its_person_is_on_the_roll_of(
    app, client, auth, prepare, phone, meeting
):
    """A member who joined from their account votes in a vote of members as themself and in
    a vote of those present as their attendance; a phone joined with the code only, in the
    second. Each phone's page, and its ETag, follow that person's own votes only."""
    auth.login("member")
    assert post(client, "/j", {"code": meeting.code, "name": "Membre"}).status_code == 302
    awa = phone("Awa")
    members_id = prepare(Method.BALLOT, voters=Voters.MEMBERS)
    present_id = prepare(Method.BALLOT)
    phone_url = f"/g/glycines/meetings/{meeting.id}/phone"

    def voted(who):
        html = who.get(phone_url).get_data(as_text=True)
        return {n for n in (members_id, present_id) if re.search(rf'vote-{n}"[^>]*>Changer', html)}

    polled = {"HX-Request": "true"}  # unchanged polls are answered from the live versions
    tags = {who: who.get(phone_url, headers=polled).headers["ETag"] for who in (client, awa)}
    assert voted(client) == voted(awa) == set()
    assert post(client, url(members_id, "ballot"), {"choice": "yes"}).status_code == 302
    for who, status in ((client, 200), (awa, 304)):
        answer = who.get(phone_url, headers={**polled, "If-None-Match": tags[who]})
        assert answer.status_code == status
    assert voted(client) == {members_id} and voted(awa) == set()
    assert post(client, url(present_id, "ballot"), {"choice": "no"}).status_code == 302
    assert post(awa, url(present_id, "ballot"), {"choice": "yes"}).status_code == 302
    assert voted(client) == {members_id, present_id} and voted(awa) == {present_id}


def test_a_prepared_decision_is_changed_or_dropped_until_it_opens(app, prepare, team):
    decision_id = prepare(Method.BALLOT, draft=True)
    form = team.get(url(decision_id, "edit"))
    assert form.status_code == 200 and "Quelle fête cet été ?" in form.text
    changed = {"question": "Quelle fête en juin ?", "method": "judgment", "voters": "present"}
    missing = post(team, url(decision_id, "edit"), changed)  # a judgment needs its options
    assert missing.status_code == 400 and "Quelle fête en juin ?" in missing.text
    changed["options"] = "Pique-nique\nConcert"
    assert post(team, url(decision_id, "edit"), changed).status_code == 302
    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        assert (decision.question, decision.method) == ("Quelle fête en juin ?", Method.JUDGMENT)
        assert [o.label for o in decision.options] == ["Pique-nique", "Concert"]

    opened = prepare(Method.BALLOT)
    assert post(team, url(opened, "edit"), changed).status_code == 400
    assert post(team, url(opened, "delete")).status_code == 400
    assert load(app, opened).question == "Quelle fête cet été ?"

    assert post(team, url(decision_id, "delete")).status_code == 302
    with app.app_context():
        assert db.session.get(Decision, decision_id) is None
        dropped = db.session.scalar(db.select(Event).filter_by(verb="decision.deleted"))
        assert dropped.subject_id == decision_id
        assert dropped.payload["question"] == "Quelle fête en juin ?"

"""A campaign's actions: each planned as a meeting of kind "action" in one transaction,
shown on the tactics timeline in date order with its turnout against the goal (a struck
duplicate not counted), its first-timers and answers; its debrief journaled, and its
first-timers on the People follow-up list."""

from datetime import datetime

import pytest

from assembly.campaigns.models import Action, ActionKind, Campaign, Target
from assembly.extensions import db
from assembly.meetings.models import Kind, Meeting
from assembly.trace.models import Event
from tests.helpers import post

NEXT_YEAR = datetime.now().year + 1


@pytest.fixture
def lifts(app, make_campaign):
    """A public campaign under way with its primary target; (campaign, target) ids."""
    campaign = make_campaign(started=True)
    with app.app_context():
        target = Target(
            campaign_id=campaign.id, name="Mme Durand", role="directrice d'agence", primary=True
        )
        db.session.add(target)
        db.session.commit()
        return campaign, target.id


def action_data(target_id="", **overrides) -> dict:
    data = {
        "kind": "rally",
        "title": "Rassemblement devant l'agence",
        "date": f"{NEXT_YEAR}-03-12",
        "time": "16:00",
        "duration": "60",
        "place": "Devant l'agence, 3 avenue Jean-Jaurès",
        "target": str(target_id),
        "escalation": "2",
        "turnout_goal": "40",
        "capacity": "",
        "public": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def plan(client, campaign, target_id="", **overrides) -> int:
    """Plan an action through the form; its id."""
    response = post(client, f"{campaign.url}/actions/new", action_data(target_id, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def meeting_of(app, action_id) -> int:
    with app.app_context():
        return db.session.get(Action, action_id).meeting_id


def test_an_organizer_plans_an_action_held_as_a_meeting_of_kind_action(app, client, auth, lifts):
    campaign, target_id = lifts
    auth.login("organizer")
    action_id = plan(client, campaign, target_id)
    with app.app_context():
        action = db.session.get(Action, action_id)
        meeting = action.meeting
        assert (action.kind, action.target_id, action.escalation, action.turnout_goal) == (
            ActionKind.RALLY, target_id, 2, 40,
        )  # fmt: skip
        assert meeting.kind == Kind.ACTION and meeting.public and meeting.capacity is None
        # 16:00 in Paris in March (UTC+1) is 15:00 UTC.
        assert meeting.starts_at == datetime(NEXT_YEAR, 3, 12, 15)
        verbs = [e.verb for e in db.session.scalars(db.select(Event).order_by(Event.id))]
        assert verbs[-2:] == ["meeting.planned", "campaign.action_planned"]
    # Its meeting page names the campaign and takes the answers.
    page = client.get(f"/g/glycines/meetings/{meeting.id}").get_data(as_text=True)
    assert "Des ascenseurs qui marchent" in page and 'name="answer"' in page


def test_planning_is_one_transaction_a_failure_leaves_no_meeting(app, lifts, monkeypatch):
    """The meeting and the action are written together or not at all."""
    from assembly.campaigns.operations import actions

    campaign, _target = lifts

    def broken(*args, **kwargs):
        raise RuntimeError("the journal is down")

    monkeypatch.setattr(actions, "record", broken)
    with app.app_context():
        with pytest.raises(RuntimeError):
            actions.plan_action(
                db.session.get(Campaign, campaign.id),
                kind=ActionKind.DELEGATION,
                title="Délégation",
                starts_at=datetime(NEXT_YEAR, 1, 5, 9),
            )
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 0


def test_a_failed_form_keeps_the_text_and_says_why(client, auth, lifts):
    campaign, _target = lifts
    auth.login("organizer")
    data = action_data(escalation="0", target="999")
    response = post(client, f"{campaign.url}/actions/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Rassemblement devant l&#39;agence" in page and "N&#39;est pas un choix valide." in page


def test_the_timeline_lists_actions_in_date_order_with_turnout_against_the_goal(
    app, client, auth, lifts
):
    from assembly.meetings.operations import live

    campaign, target_id = lifts
    auth.login("organizer")
    rally = plan(client, campaign, target_id, date=f"{NEXT_YEAR}-03-12")
    delegation = plan(
        client,
        campaign,
        target_id,
        kind="delegation",
        title="Délégation à l'agence",
        date=f"{NEXT_YEAR}-02-03",
        escalation="1",
        turnout_goal="5",
    )
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_of(app, delegation))
        live.start_meeting(meeting)
        awa = live.sign_in(meeting, "Awa", source="phone")
        live.sign_in(meeting, "Bintou", source="paper")
        twice = live.sign_in(meeting, "Awa T.", source="paper")  # Awa again, from the sheet
        live.strike_attendance(meeting, twice)
        assert awa.struck_at is None
    answer = {"name": "Chloé", "answer": "yes"}
    rsvp = post(client, f"/g/glycines/meetings/{meeting_of(app, rally)}/rsvp", answer)
    assert rsvp.status_code == 302

    page = client.get(campaign.url).get_data(as_text=True)
    assert page.index("Délégation à l&#39;agence") < page.index("Rassemblement devant l&#39;agence")
    assert "<strong>2</strong> personnes présentes, pour un objectif de 5" in page
    assert "2 pour la première fois" in page
    assert "Étape 1 · délégation · <bdi>Mme Durand" in page
    assert "Objectif\u00a0: 40 personnes · 1 oui, 0 peut-être" in page
    # The action's page says the same.
    page = client.get(f"{campaign.url}/actions/{delegation}").get_data(as_text=True)
    assert "<strong>2</strong> personnes présentes, pour un objectif de 5" in page
    assert "Il manque 3 personnes pour atteindre l’objectif." in page


def test_the_public_sees_the_coming_public_actions_not_the_plan(app, client, auth, lifts):
    campaign, target_id = lifts
    auth.login("organizer")
    public = plan(client, campaign, target_id)
    plan(client, campaign, target_id, title="Réunion interne", public=None)
    auth.logout()
    page = client.get(campaign.url).get_data(as_text=True)
    assert "Rassemblement devant l&#39;agence" in page and "Réunion interne" not in page
    assert f"/g/glycines/meetings/{meeting_of(app, public)}" in page
    assert "objectif" not in page
    assert client.get(f"{campaign.url}/actions/{public}").status_code == 302  # to /login


def test_editing_an_action_changes_its_meeting_and_more_places_seat_who_waits(
    app, client, auth, lifts
):
    campaign, target_id = lifts
    auth.login("organizer")
    action_id = plan(client, campaign, target_id, capacity="1", kind="delegation")
    meeting_id = meeting_of(app, action_id)
    for name in ("Awa", "Bintou"):
        response = post(
            app.test_client(),
            f"/g/glycines/meetings/{meeting_id}/rsvp",
            {"name": name, "answer": "yes"},
        )
        assert response.status_code == 302
    page = client.get(f"{campaign.url}/actions/{action_id}").get_data(as_text=True)
    assert "1 oui, 0 peut-être · 1 sur la liste d’attente" in page
    edit = client.get(f"{campaign.url}/actions/{action_id}/edit").get_data(as_text=True)
    assert 'value="Rassemblement devant l&#39;agence"' in edit and 'value="16:00"' in edit
    response = post(
        client,
        f"{campaign.url}/actions/{action_id}/edit",
        action_data(target_id, kind="delegation", capacity="2", place="Au siège"),
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert (meeting.place, meeting.capacity) == ("Au siège", 2)
        assert db.session.scalar(db.select(db.func.count()).select_from(Event).filter_by(
            verb="campaign.action_edited")) == 1  # fmt: skip
    page = client.get(f"{campaign.url}/actions/{action_id}").get_data(as_text=True)
    assert "2 oui, 0 peut-être" in page and "liste d’attente" not in page


def test_the_debrief_is_journaled_and_its_first_timers_are_to_call_back(
    app, client, auth, lifts, clock
):
    from assembly.meetings.operations import live

    campaign, target_id = lifts
    clock.freeze(datetime(NEXT_YEAR, 3, 1, 9))
    auth.login("organizer")
    action_id = plan(client, campaign, target_id, date=f"{NEXT_YEAR}-03-02")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_of(app, action_id))
        live.sign_in(meeting, "Fatou Diallo", source="paper")
        live.sign_in(meeting, "Awa", source="paper", first_time=False)
        live.close_meeting(meeting)
    clock.freeze(datetime(NEXT_YEAR, 3, 3, 9))
    response = post(
        client,
        f"{campaign.url}/actions/{action_id}/debrief",
        {
            "worked": "Quarante personnes, la presse locale.",
            "did_not_work": "Pas de sono.",
            "target_reaction": "La directrice est descendue nous parler.",
            "next_step": "Rendez-vous le 15.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert action.next_step == "Rendez-vous le 15." and action.debriefed_at is not None
        [event] = db.session.scalars(db.select(Event).filter_by(verb="campaign.action_debriefed"))
        assert event.payload["action_id"] == action_id and "Pas de sono" not in str(event.payload)
    page = client.get(f"{campaign.url}/actions/{action_id}").get_data(as_text=True)
    assert "La directrice est descendue nous parler." in page
    follow_up = client.get("/g/glycines/people/follow-up").get_data(as_text=True)
    section = follow_up[follow_up.index("À rappeler") :]
    assert "Fatou Diallo" in section and "Awa" not in section
    assert "Rassemblement devant l&#39;agence" in section


def test_a_member_reads_the_action_page_only_an_organizer_writes(client, auth, lifts):
    campaign, target_id = lifts
    auth.login("organizer")
    action_id = plan(client, campaign, target_id)
    auth.logout()
    auth.login("member")
    page = client.get(f"{campaign.url}/actions/{action_id}").get_data(as_text=True)
    assert "Bilan" in page and "/debrief" not in page and "/edit" not in page
    assert client.get(f"{campaign.url}/actions/{action_id}/debrief").status_code == 403


def test_a_meeting_becomes_an_action_only_from_its_campaign(app, client, auth, make_campaign):
    """The meetings' form offers no "campaign action" kind; an action's meeting keeps it."""
    from assembly.meetings.models import Kind, Meeting

    campaign = make_campaign(started=True)
    auth.login("organizer")
    form = client.get("/g/glycines/meetings/new").get_data(as_text=True)
    assert 'value="assembly"' in form and 'value="action"' not in form
    data = {
        "title": "Fausse action",
        "kind": "action",
        "date": "2026-04-02",
        "time": "18:30",
        "duration": "60",
        "order_rule": "first_come",
    }
    assert post(client, "/g/glycines/meetings/new", data).status_code == 400
    response = post(
        client,
        f"{campaign.url}/actions/new",
        {
            "kind": "rally",
            "title": "Rassemblement",
            "date": "2026-04-09",
            "time": "17:00",
            "duration": "60",
            "escalation": "1",
            "target": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting).filter_by(kind=Kind.ACTION))
    form = client.get(f"/g/glycines/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="action"' in form and 'value="assembly"' not in form

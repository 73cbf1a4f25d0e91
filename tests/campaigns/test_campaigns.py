"""Opening a candidate issue from needs, who reads a campaign, and its strategy chart."""

import pytest

from assembly.campaigns.models import Stage
from assembly.extensions import db
from assembly.trace.models import Event
from tests.helpers import post


def events(app, verb):
    with app.app_context():
        return list(db.session.scalars(db.select(Event).filter_by(verb=verb).order_by(Event.id)))


def test_an_organizer_opens_a_candidate_issue_from_needs(
    app, client, auth, make_need, campaign_row
):
    lift, heating = make_need(), make_need("Charges de chauffage trop élevées")
    auth.login("organizer")
    response = post(
        client,
        "/g/glycines/campaigns/new",
        {"title": "Des ascenseurs qui marchent", "need_refs": f"B-{lift.number}, {heating.number}"},
    )
    assert response.status_code == 302
    campaign_id = int(response.headers["Location"].rsplit("/", 1)[1])
    row = campaign_row(campaign_id)
    assert row.stage == Stage.CANDIDATE and row.needs == [lift.number, heating.number]
    # Each need's trace says so, and links the campaign for those who may read it.
    assert len(events(app, "need.in_campaign")) == 2
    page = client.get(f"/g/glycines/needs/{lift.number}").get_data(as_text=True)
    assert (
        "Repris dans la campagne «\u00a0<a href=" in page and "Des ascenseurs qui marchent" in page
    )


def test_needs_that_do_not_exist_are_refused_and_the_text_kept(app, client, auth, make_need):
    lift = make_need()
    auth.login("organizer")
    response = post(
        client,
        "/g/glycines/campaigns/new",
        {"title": "Des ascenseurs qui marchent", "need_refs": f"B-{lift.number}, B-999"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ce besoin n’existe pas ici\u00a0: B-999." in page
    assert "Des ascenseurs qui marchent" in page and f"B-{lift.number}, B-999" in page
    response = post(
        client, "/g/glycines/campaigns/new", {"title": "Les caves", "need_refs": "les caves"}
    )
    assert response.status_code == 400 and "seulement les numéros" in response.get_data(True)


def test_a_need_the_public_cannot_see_cannot_be_linked_by_a_member_trick(
    app, client, auth, make_need
):
    """A waiting need is the team's: an organizer links it; it is never a 404 for them."""
    waiting = make_need("Des bancs", approved=False)
    auth.login("organizer")
    response = post(
        client,
        "/g/glycines/campaigns/new",
        {"title": "Des bancs", "need_refs": f"B-{waiting.number}"},
    )
    assert response.status_code == 302


def test_candidates_are_for_members_and_campaigns_under_way_for_everyone(
    client, auth, make_campaign
):
    candidate = make_campaign("Des caves propres")
    running = make_campaign("Des ascenseurs qui marchent", started=True)
    private = make_campaign("Le local des jeunes", started=True, public=False)
    listing = client.get("/g/glycines/campaigns").get_data(as_text=True)
    assert "Des ascenseurs qui marchent" in listing
    assert "Des caves propres" not in listing and "Le local des jeunes" not in listing
    assert client.get(running.url).status_code == 200
    assert client.get(candidate.url).status_code == 404
    assert client.get(private.url).status_code == 404
    auth.login("member")
    listing = client.get("/g/glycines/campaigns").get_data(as_text=True)
    assert "Des caves propres" in listing and "Le local des jeunes" in listing
    assert client.get(candidate.url).status_code == 200


def test_the_public_reads_the_summary_members_the_plan(client, auth, make_campaign):
    campaign = make_campaign(
        started=True,
        summary="Nous voulons des ascenseurs réparés en 48 heures.",
        goal_long="Un bailleur qui entretient.",
    )
    page = client.get(campaign.url).get_data(as_text=True)
    assert "réparés en 48 heures" in page
    assert "Un bailleur qui entretient." not in page and "Les pannes durent" not in page
    auth.login("member")
    page = client.get(campaign.url).get_data(as_text=True)
    assert "Un bailleur qui entretient." in page and "Les pannes durent" in page
    assert f"{campaign.url}/chart" not in page  # members read the chart, organizers write it


def test_editing_a_campaign_unlinks_a_need_and_its_trace_says_so(
    app, client, auth, make_need, make_campaign, campaign_row
):
    lift, heating = make_need(), make_need("Charges trop élevées")
    campaign = make_campaign(needs=(lift.number, heating.number), started=True)
    auth.login("organizer")
    response = post(
        client,
        f"{campaign.url}/edit",
        {"title": "Des ascenseurs qui marchent", "need_refs": f"B-{lift.number}", "public": "y"},
    )
    assert response.status_code == 302
    assert campaign_row(campaign.id).needs == [lift.number]
    [out] = events(app, "need.out_of_campaign")
    assert out.subject_id == heating.id
    page = client.get(f"/g/glycines/needs/{heating.number}").get_data(as_text=True)
    assert "Ne fait plus partie de la campagne" in page


def test_a_candidate_is_named_on_a_need_only_to_members(client, auth, make_need, make_campaign):
    lift = make_need()
    make_campaign("Un enjeu encore secret", needs=(lift.number,))
    page = client.get(f"/g/glycines/needs/{lift.number}").get_data(as_text=True)
    assert "Repris dans une des campagnes du collectif." in page
    assert "Un enjeu encore secret" not in page


@pytest.mark.parametrize("field", ["victory", "goal_long"])
def test_the_chart_is_written_and_journaled(app, client, auth, make_campaign, campaign_row, field):
    campaign = make_campaign(started=True)
    auth.login("organizer")
    response = post(client, f"{campaign.url}/chart", {field: "Les deux ascenseurs marchent."})
    assert response.status_code == 302 and response.headers["Location"].endswith("#goals")
    assert getattr(campaign_row(campaign.id), field) == "Les deux ascenseurs marchent."
    [charted] = events(app, "campaign.charted")
    assert charted.payload["fields"] == [field]
    page = client.get(campaign.url).get_data(as_text=True)
    assert "Les deux ascenseurs marchent." in page


def test_a_victory_sentence_too_long_comes_back_with_its_text(client, auth, make_campaign):
    campaign = make_campaign(started=True)
    auth.login("organizer")
    response = post(client, f"{campaign.url}/chart", {"victory": "x" * 301, "gains": "Deux"})
    assert response.status_code == 400
    assert "x" * 301 in response.get_data(as_text=True)


def test_an_action_is_planned_as_a_meeting_of_the_campaign(app, make_campaign):
    from datetime import datetime

    from assembly.campaigns.models import Action, ActionKind, Campaign
    from assembly.campaigns.operations.actions import plan_action
    from assembly.meetings.models import Kind

    campaign = make_campaign(started=True, public=False)
    with app.app_context():
        action = plan_action(
            db.session.get(Campaign, campaign.id),
            kind=ActionKind.RALLY,
            title="Rassemblement devant l'agence",
            starts_at=datetime(2026, 4, 9, 16),
            capacity=30,
        )
        action = db.session.get(Action, action.id)
        assert action.meeting.kind == Kind.ACTION and action.meeting.capacity == 30
        assert action.meeting.public is False  # as its campaign
    [planned] = events(app, "campaign.action_planned")
    assert planned.payload["action_id"] == action.id

"""The observer (a researcher): holds a place in the group, reads its report and its open
data, and is no member anywhere — no member's page, message, choice or count."""

from datetime import datetime

import pytest

from assembly.extensions import db
from tests.helpers import post
from tests.test_access_matrix import MATRIX, build_url

# What the access matrix's world knows of people: names, a phone, what they said.
PERSONAL = (
    "Awa",
    "Traoré",
    "+33612345678",
    "06 12 34 56 78",
    "Fatou",
    "Les charges ont doublé",
    "Les charges qui montent",
)
BINARY = {"static", "insights.data_zip", "insights.bilan_odt"}


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def test_no_personal_data_on_any_page_an_observer_reaches(app, client, auth, world):
    auth.login("observer")
    reached = []
    for endpoint, method in sorted(MATRIX):
        if method != "GET" or endpoint in BINARY or "observer" not in MATRIX[endpoint, method]:
            continue
        url = build_url(app, endpoint, world.args)
        response = client.get(url)
        response.close()
        if response.status_code != 200 or not response.mimetype.startswith("text/"):
            continue
        page = response.get_data(as_text=True)
        reached.append(url)
        for word in PERSONAL:
            assert word not in page, f"{word!r} on {url}"
    assert "/g/glycines/report" in reached and "/g/glycines/" in reached


def test_the_group_home_tells_an_observer_what_they_may_read(client, auth, group):
    auth.login("observer")
    page = client.get("/g/glycines/").get_data(as_text=True)
    assert "You are an observer of this group" in page
    assert 'href="/g/glycines/report"' in page
    # No link to a members' page they could not open.
    assert "/g/glycines/messages/mine" not in page and "/canvass" not in page
    assert client.get("/g/glycines/report").status_code == 200


def test_the_members_page_lists_observers_apart_and_does_not_count_them(client, auth, group):
    auth.login("admin")
    page = client.get("/g/glycines/members").get_data(as_text=True)
    members, observers = page.split("<h2>Observers</h2>")
    assert "4 members" in members  # member, facilitator, organizer, admin
    assert ">Observer</strong>" not in members  # the observer account's display name
    assert ">Observer</strong>" in observers


def test_an_admin_makes_a_member_an_observer_and_invites_one(app, client, auth, group):
    from assembly.groups.models import Invite, Membership, Role

    auth.login("admin")
    invites = client.get("/g/glycines/invites").get_data(as_text=True)
    assert '<option value="observer">' in invites and "An observer, a researcher" in invites
    response = post(client, "/g/glycines/invites", {"role": "observer", "days": "7"})
    assert response.status_code == 302
    url = f"/g/glycines/members/{group.memberships['member']}/role"
    assert post(client, url, {"role": "observer"}).status_code == 302
    with app.app_context():
        assert db.session.get(Membership, group.memberships["member"]).role == Role.OBSERVER
        assert db.session.scalar(db.select(Invite.role).order_by(Invite.id.desc())) == "observer"
    auth.logout()
    auth.login("member")
    assert client.get("/g/glycines/members").status_code == 403
    assert client.get("/g/glycines/tasks").status_code == 403
    assert client.get("/g/glycines/report").status_code == 200


def test_an_observer_is_offered_for_no_role(app, group, people):
    from assembly.groups.models import Group

    with app.app_context():
        chosen = {user.id for user in db.session.get(Group, group.id).members_by_name()}
    assert people["member"].id in chosen
    assert people["observer"].id not in chosen


@pytest.fixture
def cards(app, group, people):
    """A card in the contact book for the member's account and the observer's, both
    under a live consent to hear of the group's actions."""
    from tests.produced import contact

    return {
        who: contact(
            app,
            group.id,
            ("group_actions",),
            name=who,
            user_id=people[who].id,
            phone="+336000000" + str(index),
        )
        for index, who in enumerate(("member", "observer"), start=10)
    }


def test_an_observer_gets_no_vote_notice(app, group, people, cards):
    from assembly.decisions.messages import members_people

    with app.app_context():
        notified = members_people(group.id)
    assert people["member"].id in notified
    assert people["observer"].id not in notified


def test_an_observer_gets_no_news_of_a_members_only_meeting(app, group, cards):
    from assembly.meetings.messages import _invitable_ids
    from assembly.meetings.models import Meeting

    with app.app_context():
        meeting = Meeting(
            group_id=group.id, title="Réunion", starts_at=datetime(2030, 1, 1), public=False
        )
        db.session.add(meeting)
        db.session.commit()
        invited = set(db.session.scalars(_invitable_ids(meeting, datetime(2029, 12, 1))))
    assert cards["member"] in invited
    assert cards["observer"] not in invited


def test_an_observers_account_page_links_no_group_messages(client, auth, group):
    auth.login("observer")
    assert "/g/glycines/messages/mine" not in client.get("/account").get_data(as_text=True)
    auth.logout()
    auth.login("member")
    assert "/g/glycines/messages/mine" in client.get("/account").get_data(as_text=True)


def test_an_observers_card_is_no_members_for_erasure(app, group, cards):
    from assembly.people.models import Person
    from assembly.people.rights import still_member

    with app.app_context():
        assert still_member(db.session.get(Person, cards["member"]))
        assert not still_member(db.session.get(Person, cards["observer"]))

"""One visibility rule per resource, the same from every place that lists or shows it.

A group holds a public and a members-only meeting, a public and a members-only
decision, and needs in every moderation state linked to both. Each kind of visitor
must find exactly what `Meeting.visible_to`, `Decision.visible_to` and
`Need.shown_to` say, on every page that lists or shows them, and the SQL form of
each rule must select what the Python form says.
"""

from datetime import datetime

import pytest

from assembly.extensions import db
from tests.helpers import ROLES

VISITORS = ("anonymous", "outsider", "member", "facilitator", "instance_admin")
MEMBERS = {"member", "facilitator", "instance_admin"}
TEAM = {"facilitator", "instance_admin"}
NEEDS = {
    "approved": "Besoin-approuve",
    "pending": "Besoin-en-attente",
    "rejected": "Besoin-rejete",
    "spam": "Besoin-indesirable",
}


@pytest.fixture
def world(app, group, people):
    """The records, made by the operations; returns their ids and numbers."""
    from assembly.auth.models import User
    from assembly.decisions.models import Method
    from assembly.decisions.operations import core
    from assembly.groups.models import Group
    from assembly.meetings.operations import planning
    from assembly.needs.models import Moderation
    from assembly.needs.operations import moderate, submit_need

    with app.app_context():
        group_row = db.session.get(Group, group.id)
        admin = db.session.get(User, people["admin"].id)
        needs = {}
        for state, title in NEEDS.items():
            need = submit_need(group_row, title=title, trusted=state == "approved")
            if state in ("rejected", "spam"):
                moderate(need, Moderation(state), reason="hors sujet")
            needs[state] = need
        when = datetime(2026, 3, 2, 17, 0)
        open_meeting = planning.create_meeting(
            group_row, title="Assemblee-ouverte", starts_at=when, public=True
        )
        inner = planning.create_meeting(
            group_row, title="Reunion-interne", starts_at=when, public=False
        )
        item = planning.add_item(open_meeting, title="Point-un", needs=list(needs.values()))
        decisions = {}
        for public, question in ((True, "Question-publique"), (False, "Question-membres")):
            decision = core.create_decision(
                group_row,
                question=question,
                method=Method.HANDS,
                by=admin,
                public=public,
                meeting=open_meeting,
                item=item,
                needs=list(needs.values()),
            )
            core.open_decision(decision)
            core.close_decision(decision)
            decisions[public] = decision.id
        return {
            "open_meeting": open_meeting.id,
            "inner": inner.id,
            "public_decision": decisions[True],
            "members_decision": decisions[False],
            "numbers": {state: need.number for state, need in needs.items()},
        }


def signed_in_as(client, auth, visitor):
    if visitor != "anonymous":
        auth.login("root" if visitor == "instance_admin" else visitor)
    return client


def text_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("visitor", VISITORS)
def test_members_only_meetings_and_decisions_exist_for_members_alone(client, auth, world, visitor):
    signed_in_as(client, auth, visitor)
    member = visitor in MEMBERS
    base = "/g/glycines"
    assert ("Reunion-interne" in text_of(client, f"{base}/meetings")) is member
    found = 200 if member else 404
    text_of(client, f"{base}/meetings/{world['inner']}", found)
    text_of(client, f"{base}/meetings/{world['inner']}/minutes", found)
    text_of(client, f"{base}/decisions/{world['members_decision']}", found)
    text_of(client, f"{base}/decisions/{world['public_decision']}")
    register = text_of(client, f"{base}/decisions")
    assert "Question-publique" in register
    assert ("Question-membres" in register) is member
    agenda = text_of(client, f"{base}/meetings/{world['open_meeting']}")
    assert "Question-publique" in agenda
    assert ("Question-membres" in agenda) is member


@pytest.mark.parametrize("visitor", VISITORS)
def test_needs_not_yet_public_are_named_to_the_team_alone_wherever_they_are_linked(
    client, auth, world, visitor
):
    signed_in_as(client, auth, visitor)
    team = visitor in TEAM
    base = "/g/glycines"
    pages = {
        "meeting": text_of(client, f"{base}/meetings/{world['open_meeting']}"),
        "decision": text_of(client, f"{base}/decisions/{world['public_decision']}"),
        "register": text_of(client, f"{base}/decisions"),
        "needs list": text_of(client, f"{base}/needs"),
    }
    for page, text in pages.items():
        assert NEEDS["approved"] in text, page
        for state in ("pending", "rejected", "spam"):
            shown = NEEDS[state] in text
            assert shown is (team and page != "needs list"), (page, state)


@pytest.mark.parametrize("visitor", VISITORS)
def test_a_need_page_follows_the_same_rule(client, auth, world, visitor):
    signed_in_as(client, auth, visitor)
    team = visitor in TEAM
    numbers = world["numbers"]
    for state in ("rejected", "spam"):
        text_of(client, f"/g/glycines/needs/{numbers[state]}", 200 if team else 404)
    waiting = text_of(client, f"/g/glycines/needs/{numbers['pending']}")
    assert (NEEDS["pending"] in waiting) is team
    assert NEEDS["approved"] in text_of(client, f"/g/glycines/needs/{numbers['approved']}")
    if visitor in MEMBERS:
        export = text_of(client, "/g/glycines/needs.csv")
        for state, title in NEEDS.items():
            assert (title in export) is (team or state == "approved"), state


@pytest.mark.parametrize("visitor", VISITORS)
def test_a_decision_follows_its_meeting_when_the_meeting_becomes_members_only(
    app, client, auth, world, visitor
):
    from assembly.meetings.models import Meeting
    from assembly.meetings.operations.planning import update_meeting

    with app.app_context():
        update_meeting(db.session.get(Meeting, world["open_meeting"]), public=False)
    signed_in_as(client, auth, visitor)
    member = visitor in MEMBERS
    base = "/g/glycines"
    text_of(client, f"{base}/decisions/{world['public_decision']}", 200 if member else 404)
    assert ("Question-publique" in text_of(client, f"{base}/decisions")) is member


def test_each_rule_selects_in_sql_what_it_says_in_python(app, world):
    from assembly.decisions.models import Decision
    from assembly.groups.access import Viewer
    from assembly.groups.models import Role
    from assembly.meetings.models import Meeting
    from assembly.needs.models import Need

    viewers = [Viewer()] + [Viewer(1, Role(role)) for role in ROLES]
    with app.app_context():
        # A decision marked public on a members-only meeting: the meeting's rule governs.
        public_one = db.session.get(Decision, world["public_decision"])
        db.session.add(
            Decision(
                group_id=public_one.group_id,
                meeting_id=world["inner"],
                question="Question-publique-en-interne",
                method=public_one.method,
                public=True,
            )
        )
        db.session.flush()
        for model, rule in ((Meeting, "visible_to"), (Decision, "visible_to"), (Need, "shown_to")):
            every = db.session.scalars(db.select(model).order_by(model.id)).all()
            for viewer in viewers:
                condition = getattr(model, rule)(viewer)
                selected = db.session.scalars(db.select(model).where(condition).order_by(model.id))
                expected = [row for row in every if getattr(row, rule)(viewer)]
                assert selected.all() == expected, (model.__name__, viewer)
                assert 0 < len(expected) <= len(every)


def test_the_team_is_facilitators_and_up_and_instance_admins_count_as_group_admins():
    from assembly.groups.access import Viewer
    from assembly.groups.models import Role

    assert not Viewer().is_member
    assert not Viewer(1, None).is_member
    assert Viewer(1, Role.MEMBER).is_member and not Viewer(1, Role.MEMBER).is_team
    assert Viewer(1, Role.FACILITATOR).is_team and not Viewer(1, Role.FACILITATOR).is_organizer
    assert Viewer(1, Role.ORGANIZER).is_organizer and not Viewer(1, Role.ORGANIZER).is_admin
    assert Viewer(1, Role.ADMIN).is_admin


@pytest.mark.parametrize("role", ROLES)
def test_the_team_menu_and_tools_show_to_the_team_alone(client, auth, group, role):
    """Kills the mutant that grants `is_team` to plain members: the menu says so."""
    auth.login(role)
    home = text_of(client, "/g/glycines/meetings")
    team = role != "member"
    assert ("/g/glycines/needs/moderation" in home) is team
    assert ("/g/glycines/meetings/new" in home) is team


@pytest.mark.parametrize("visitor", VISITORS)
def test_the_home_page_announces_the_next_meeting_the_visitor_may_see(
    app, client, auth, group, visitor
):
    from datetime import timedelta

    from assembly.clock import utcnow
    from assembly.groups.models import Group
    from assembly.meetings.operations import planning

    with app.app_context():
        group_row = db.session.get(Group, group.id)
        soon = utcnow() + timedelta(days=2)
        planning.create_meeting(group_row, title="Bureau-interne", starts_at=soon, public=False)
        later = soon + timedelta(days=5)
        planning.create_meeting(group_row, title="Assemblee-du-mois", starts_at=later, public=True)
    signed_in_as(client, auth, visitor)
    home = text_of(client, "/g/glycines/")
    assert ("Bureau-interne" in home) is (visitor in MEMBERS)
    assert ("Assemblee-du-mois" in home) is (visitor not in MEMBERS)

"""Sixteen writers at the same instant: nobody gets a 500, and every count stays true.

Each scenario releases 16 threads together (a barrier), each with its own browser
(a Flask test client: its own request, session and database connection), on the
engine the run uses — SQLite here, PostgreSQL under scripts/with-postgres. Before
the parents' rows were held (`database.hold`), PostgreSQL gave 500s on need numbers
(max + 1 taken twice) and on double taps (check, then insert, twice).
"""

import threading
from datetime import datetime

import pytest

from assembly.extensions import db
from tests.helpers import Auth, another_tab, csrf_token, post

WRITERS = 16
BASE = "/g/glycines"


def together(action, count=WRITERS) -> list[int]:
    """Run `action(n)` in `count` threads released at once; return the status codes."""
    barrier = threading.Barrier(count)
    statuses: list[int] = [0] * count
    failures: list[BaseException] = []

    def run(n: int) -> None:
        prepared = action(n)  # each thread gets ready (page, token) before the barrier
        barrier.wait()
        try:
            statuses[n] = prepared()
        except BaseException as error:  # noqa: BLE001 (reported below, in the test's thread)
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return statuses


def browser_posting(app, url, data, *, signed_in=None, cookies_from=None):
    """A function that makes a browser ready, then returns the POST to send at the signal."""
    client = app.test_client() if cookies_from is None else another_tab(app, cookies_from)
    if signed_in:
        Auth(client).login(signed_in)
    token = csrf_token(client)
    return lambda: client.post(url, data={**data, "csrf_token": token}).status_code


@pytest.fixture
def need(app, group):
    from assembly.groups.models import Group
    from assembly.needs.operations import submit_need

    with app.app_context():
        return submit_need(db.session.get(Group, group.id), title="Ascenseur", trusted=True).number


def count(app, model, **filters) -> int:
    with app.app_context():
        query = db.select(db.func.count()).select_from(model).filter_by(**filters)
        return db.session.scalar(query)


def test_sixteen_residents_sending_a_need_at_once_get_sixteen_numbers(app, group):
    from assembly.needs.models import Need

    url = f"{BASE}/needs/new"
    statuses = together(
        lambda n: browser_posting(app, url, {"title": f"Besoin {n}", "confirmed": "1"})
    )
    assert max(statuses) < 500, statuses
    with app.app_context():
        numbers = sorted(db.session.scalars(db.select(Need.number)))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 1
    assert statuses.count(302) == len(numbers)


def test_a_double_tap_on_me_too_counts_once(app, group, need):
    from assembly.groups.models import Group
    from assembly.needs.models import Need
    from assembly.needs.operations import submit_need

    with app.app_context():
        other = submit_need(db.session.get(Group, group.id), title="Autre", trusted=True).number
    first = app.test_client()
    assert post(first, f"{BASE}/needs/{other}/support").status_code == 302  # its cookie
    statuses = together(
        lambda n: browser_posting(app, f"{BASE}/needs/{need}/support", {}, cookies_from=first)
    )
    assert max(statuses) < 500, statuses
    with app.app_context():
        assert db.session.scalar(db.select(Need.support_count).filter_by(number=need)) == 1


def test_every_member_tapping_me_too_at_once_is_counted(app, group, need, make_user):
    from assembly.auth.models import User
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import add_member
    from assembly.needs.models import Need

    neighbours = [make_user(f"voisine{n}") for n in range(WRITERS)]
    with app.app_context():
        group_row = db.session.get(Group, group.id)
        for user in neighbours:
            add_member(group_row, db.session.get(User, user.id), Role.MEMBER)
    statuses = together(
        lambda n: browser_posting(app, f"{BASE}/needs/{need}/support", {}, signed_in=f"voisine{n}")
    )
    assert max(statuses) < 500, statuses
    with app.app_context():
        assert db.session.scalar(db.select(Need.support_count).filter_by(number=need)) == WRITERS


def test_a_double_tap_on_an_invite_makes_one_membership(app, group, make_invite, make_user):
    from assembly.groups.models import Membership

    newcomer = make_user("nouvelle")
    token = make_invite(single_use=False)
    statuses = together(
        lambda n: browser_posting(app, f"/invite/{token}", {}, signed_in="nouvelle")
    )
    assert max(statuses) < 500, statuses
    assert count(app, Membership, user_id=newcomer.id) == 1


def test_a_double_tap_on_a_ballot_keeps_one_ballot(app, group, people, online_vote):
    from assembly.decisions.models import Ballot

    decision_id = online_vote
    statuses = together(
        lambda n: browser_posting(
            app, f"{BASE}/decisions/{decision_id}/ballot", {"choice": "yes"}, signed_in="member"
        )
    )
    assert max(statuses) < 500, statuses
    assert count(app, Ballot, decision_id=decision_id) == 1


def test_a_double_tap_on_join_makes_one_attendance(app, group, people):
    from assembly.meetings.models import Attendance, Meeting, State

    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée",
            starts_at=datetime(2030, 1, 1),
            state=State.LIVE,
            join_code="CONC1",
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    statuses = together(
        lambda n: browser_posting(app, "/j", {"code": "conc1", "name": "Awa"}, signed_in="member")
    )
    assert max(statuses) < 500, statuses
    assert count(app, Attendance, meeting_id=meeting_id, user_id=people["member"].id) == 1

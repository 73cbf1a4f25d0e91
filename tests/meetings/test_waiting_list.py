"""A meeting's places: past its capacity a "yes" waits its turn, a place freed goes to the
first who waits, who is told; no count takes a waiting "yes" for someone coming."""

from datetime import datetime

import pytest

from assembly.extensions import db
from assembly.meetings.models import Meeting, Rsvp
from assembly.messages.models import MessageKind
from assembly.trace.models import Event
from tests.helpers import post
from tests.messaging import MESSAGING
from tests.produced import queued

MORNING = datetime(2026, 12, 1, 9)  # a Tuesday, 10:00 in Paris
STARTS = datetime(2026, 12, 10, 17, 30)


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def meeting(app, group, clock):
    """A public meeting with two places."""
    clock.freeze(MORNING)
    with app.app_context():
        made = Meeting(group_id=group.id, title="Visite du chantier", starts_at=STARTS, capacity=2)
        db.session.add(made)
        db.session.commit()
        return made.id


def answer(client, meeting_id, answer="yes", name="Karim", contact="", follow=False):
    data = {"name": name, "answer": answer}
    if contact:
        data.update(contact=contact, consent="y")
    response = post(client, f"/g/glycines/meetings/{meeting_id}/rsvp", data)
    assert response.status_code == 302
    return client.get(response.headers["Location"]) if follow else response


def answers(app, meeting_id) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(Rsvp).filter_by(meeting_id=meeting_id).order_by(Rsvp.id)
        )
        return [(r.name, r.answer.value, r.waitlisted) for r in rows]


def test_a_yes_past_the_places_waits_and_is_told_so_on_the_page(app, client, meeting):
    answer(app.test_client(), meeting, name="Awa")
    answer(app.test_client(), meeting, name="Bintou")
    page = answer(client, meeting, name="Chloé", follow=True).get_data(as_text=True)
    assert "liste d’attente, numéro 1" in page
    assert [waits for _name, _answer, waits in answers(app, meeting)] == [False, False, True]
    # The counts never take the waiting yes for someone coming.
    assert "<strong>2</strong> oui" in page and "<strong>1</strong> sur la liste d’attente" in page
    assert "Complet" in page


def test_a_freed_place_goes_to_the_first_who_waits_who_is_told(app, client, auth, meeting, clock):
    auth.login("member")  # the member's answers are one person's: a yes, then a no
    answer(client, meeting, name="Membre")
    answer(app.test_client(), meeting, name="Awa")
    clock.freeze(MORNING.replace(minute=1))
    answer(app.test_client(), meeting, name="Bintou", contact="06 12 34 56 78")
    clock.freeze(MORNING.replace(minute=2))
    answer(app.test_client(), meeting, name="Chloé", contact="06 98 76 54 32")
    assert not queued(app, kind=MessageKind.MEETING_REMINDER, address="+33612345678")

    answer(client, meeting, "no", name="Membre")

    state = {name: waits for name, ans, waits in answers(app, meeting) if ans == "yes"}
    assert state == {"Membre": False, "Awa": False, "Bintou": False, "Chloé": True}
    [told] = queued(app, kind=MessageKind.MEETING_CHANGED)
    assert told.address == "+33612345678"
    assert told.body.startswith("Une place s'est libérée, elle est pour vous : Visite du chantier")
    assert told.dedup_key.startswith(f"meeting:{meeting}:seat:")
    # Her place is hers now: her reminders are planned, as for any yes.
    assert len(queued(app, kind=MessageKind.MEETING_REMINDER, address="+33612345678")) == 2
    with app.app_context():
        [given] = db.session.scalars(db.select(Event).filter_by(verb="meeting.seat_given"))
        assert given.subject_id == meeting and "rsvp_id" in given.payload


def test_answering_yes_again_keeps_ones_rank_and_maybe_frees_a_place(
    app, client, auth, meeting, clock
):
    answer(app.test_client(), meeting, name="Awa")
    auth.login("member")
    answer(client, meeting, name="Membre")
    clock.freeze(MORNING.replace(minute=1))
    answer(app.test_client(), meeting, name="Bintou")  # waits first
    clock.freeze(MORNING.replace(minute=2))
    answer(app.test_client(), meeting, name="Chloé")  # waits second
    answer(client, meeting, "yes", name="Membre")  # a yes again keeps the place
    assert answers(app, meeting)[-1] == ("Membre", "yes", False)

    answer(client, meeting, "maybe", name="Membre")

    waiting = [name for name, ans, waits in answers(app, meeting) if ans == "yes" and waits]
    assert waiting == ["Chloé"]  # Bintou, the first, got the place


def test_more_places_go_to_those_who_wait_and_no_limit_seats_everyone(app, client, auth, meeting):
    for name in ("Awa", "Bintou", "Chloé", "Dalila"):
        answer(app.test_client(), meeting, name=name)
    with app.app_context():
        from assembly.meetings.operations.planning import update_meeting

        update_meeting(db.session.get(Meeting, meeting), capacity=3)
        assert [w for *_rest, w in answers(app, meeting)] == [False, False, False, True]
        update_meeting(db.session.get(Meeting, meeting), capacity=None)
    assert not any(w for *_rest, w in answers(app, meeting))


def test_the_team_sets_the_places_in_the_meeting_form(app, client, auth, meeting):
    auth.login("facilitator")
    page = client.get(f"/g/glycines/meetings/{meeting}/edit").get_data(as_text=True)
    assert 'name="capacity"' in page and 'value="2"' in page
    data = {
        "title": "Visite du chantier",
        "kind": "assembly",
        "date": "2026-12-10",
        "time": "18:30",
        "duration": "120",
        "order_rule": "first_come",
        "public": "y",
        "capacity": "0",
    }
    response = post(client, f"/g/glycines/meetings/{meeting}/edit", data)
    assert response.status_code == 400
    response = post(client, f"/g/glycines/meetings/{meeting}/edit", data | {"capacity": ""})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, meeting).capacity is None

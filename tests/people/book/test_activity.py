"""A person's page tells everything they did with the group, from every feature, newest
first, in a constant number of queries."""

import html
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from assembly.extensions import db
from tests.people.book.conftest import BOOK

MARCH, APRIL = datetime(2026, 3, 5, 17), datetime(2026, 4, 2, 17)


def lines_of(page: str) -> list[str]:
    """The activity lines of a person's page, in order, as plain text."""
    section = page.split('id="activity"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split())) for item in items]


@pytest.fixture
def story(app, group, people, make_person, make_meeting, attend, raise_need):
    """Awa, linked to the member's account, did a bit of everything; `times` gives how
    many of each record she has."""
    from assembly.canvassing.models import Canvass, Visit, VisitOutcome
    from assembly.decisions.models import Ballot, Choice, Decision, Method
    from assembly.meetings.models import Answer, Rsvp, SpeakerTurn
    from assembly.needs.models import Support
    from assembly.people.models import Person
    from assembly.tasks.models import Task

    awa = make_person("Awa Diallo", user_id=people["member"].id)

    def add(times=1):
        for n in range(times):
            number = raise_need(awa, f"Ascenseur en panne {n}")
            march = make_meeting(f"Assemblée de mars {n}", MARCH + timedelta(days=n))
            april = make_meeting(f"Assemblée d'avril {n}", APRIL + timedelta(days=n))
            present = attend(march, awa)
            later = attend(april, awa)
            with app.app_context():
                from assembly.needs.models import Need

                need = db.session.scalar(db.select(Need).filter_by(number=number))
                db.session.add(
                    Support(
                        need_id=need.id,
                        person_id=awa,
                        anonymous_key=f"k{n}",
                        created_at=datetime(2026, 1, 20),
                    )
                )
                canvass = Canvass(
                    group_id=group.id,
                    name=f"Écoute {n}",
                    starts_on=date(2026, 2, 1),
                    ends_on=date(2026, 2, 20),
                )
                db.session.add(canvass)
                db.session.flush()
                db.session.add(
                    Visit(
                        group_id=group.id,
                        canvass_id=canvass.id,
                        building="Bâtiment B",
                        outcome=VisitOutcome.TALKED,
                        words="Les charges ont doublé.",
                        person_id=awa,
                        created_at=datetime(2026, 2, 10),
                    )
                )
                for minute in (5, 20):  # had the floor twice in April, asked once more
                    db.session.add(
                        SpeakerTurn(
                            meeting_id=april,
                            attendance_id=later,
                            asked_at=APRIL + timedelta(minutes=minute),
                            started_at=APRIL + timedelta(minutes=minute + 1),
                        )
                    )
                db.session.add(
                    SpeakerTurn(
                        meeting_id=april, attendance_id=later, asked_at=APRIL, withdrawn=True
                    )
                )
                db.session.add(
                    Rsvp(
                        meeting_id=april,
                        name="Awa",
                        person_id=awa,
                        answer=Answer.YES,
                        created_at=datetime(2026, 3, 20),
                    )
                )
                task = Task(
                    group_id=group.id,
                    title=f"Écrire au bailleur {n}",
                    assignee_id=people["member"].id,
                    created_at=datetime(2026, 4, 3),
                    done_at=datetime(2026, 4, 10),
                )
                named = Decision(
                    group_id=group.id,
                    meeting_id=april,
                    question=f"Pétition ? {n}",
                    method=Method.BALLOT,
                )
                secret = Decision(
                    group_id=group.id,
                    meeting_id=april,
                    question=f"Vote secret {n}",
                    method=Method.BALLOT,
                    secret=True,
                )
                db.session.add_all([task, named, secret])
                db.session.flush()
                db.session.add_all(
                    [
                        Ballot(
                            decision_id=named.id,
                            voter=f"a:{later}",
                            attendance_id=later,
                            name="Awa",
                            choice=Choice.YES,
                            cast_at=APRIL + timedelta(minutes=40),
                        ),
                        Ballot(decision_id=secret.id, choice=Choice.NO, change_key=f"c{n}"),
                    ]
                )
                db.session.commit()
            del present
        with app.app_context():
            return db.session.get(Person, awa).id

    return add


def test_the_page_tells_every_feature_newest_first(client, auth, story):
    awa = story()
    auth.login("organizer")
    page = client.get(f"{BOOK}/{awa}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    lines = lines_of(page)
    texts = [line.split(" · ", 1)[1] for line in lines]
    assert any("Raised B-1: Ascenseur en panne 0" in t for t in texts)
    assert any("“Me too” on B-1" in t for t in texts)
    assert any("We talked (Écoute 0, Bâtiment B) — Les charges ont doublé." in t for t in texts)
    assert any("Came to “Assemblée de mars 0” — first time" in t for t in texts)
    april = next(t for t in texts if "Came to “Assemblée d'avril 0”" in t)
    assert "first time" not in april and "spoke 2 times" in april  # the withdrawn ask is no turn
    assert any("Answered “Yes, I will come” to “Assemblée d'avril 0”" in t for t in texts)
    assert any("Took on: Écrire au bailleur 0" in t for t in texts)
    assert any("Done: Écrire au bailleur 0" in t for t in texts)
    assert any("Voted “Yes” on: Pétition ? 0" in t for t in texts)
    assert not any("Vote secret" in t for t in texts)  # a secret ballot names nobody
    whens = [re.search(r'datetime="([^"]+)"', item).group(1) for item in activity_items(page)]
    assert whens == sorted(whens, reverse=True)
    assert "Done: Écrire au bailleur" in texts[0]  # 10 April, the latest


def activity_items(page: str) -> list[str]:
    section = page.split('id="activity"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<li>.*?</li>", section, re.S)


def test_a_struck_attendance_and_another_groups_records_stay_out(
    app, client, auth, group, make_person, make_meeting, attend, make_group
):
    from assembly.meetings.models import Meeting

    awa = make_person("Awa Diallo")
    attend(make_meeting("Assemblée doublon", MARCH), awa, struck=True)
    other = make_group("lilas", "Collectif des Lilas")
    with app.app_context():
        elsewhere = Meeting(group_id=other.id, title="Réunion des Lilas", starts_at=APRIL)
        db.session.add(elsewhere)
        db.session.commit()
        elsewhere_id = elsewhere.id
    attend(elsewhere_id, awa)
    auth.login("organizer")
    page = client.get(f"{BOOK}/{awa}").get_data(as_text=True)
    assert "Assemblée doublon" not in page and "Réunion des Lilas" not in page


def test_the_page_costs_the_same_queries_for_one_record_of_each_kind_or_many(
    app, client, auth, story
):
    awa = story(1)
    auth.login("organizer")
    one = count_queries(app, lambda: client.get(f"{BOOK}/{awa}"))
    story(4)
    many = count_queries(app, lambda: client.get(f"{BOOK}/{awa}"))
    assert len(lines_of(client.get(f"{BOOK}/{awa}").get_data(as_text=True))) > 40
    assert many == one


def count_queries(app, request) -> int:
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert request().status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return len(statements)

"""The follow-up list: next steps due, people met once and never again, first-timers."""

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from assembly.extensions import db
from tests.helpers import post

FOLLOW_UP = "/g/glycines/people/follow-up"
NOW = datetime(2026, 6, 1, 10)


@pytest.fixture
def organizer(auth, group, people):
    auth.login("organizer")
    return people["organizer"]


def section(page: str, anchor: str) -> str:
    """The part of the follow-up page under the heading `anchor`, up to the next heading."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start : end if end != -1 else None]


def names_in(part: str) -> list[str]:
    """The people linked to their page in `part`, in order."""
    return re.findall(r'<a href="/g/glycines/people/\d+">([^<]+)</a>', part)


def follow_up(client) -> str:
    response = client.get(FOLLOW_UP)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Next steps


def test_a_next_step_shows_from_its_day_until_a_later_one_to_one_replaces_it(
    client, clock, organizer, people, make_person
):
    clock.freeze(NOW)
    awa, bintou = make_person("Awa"), make_person("Bintou")
    step = {"met_on": "2026-06-01", "met_by": str(organizer.id), "self_interest": "Le bruit."}
    base = "/g/glycines/people"
    post(client, f"{base}/{awa.id}/one-to-ones/new", step | {
        "next_step": "L'appeler pour l'assemblée", "next_step_on": "2026-06-04"})  # fmt: skip
    post(client, f"{base}/{bintou.id}/one-to-ones/new", step | {
        "next_step": "Lui passer le tract", "next_step_on": "2026-06-03"})  # fmt: skip
    assert names_in(section(follow_up(client), "due")) == []

    clock.advance(days=3)  # 4 June: Bintou's step is a day late, Awa's is today
    due = section(follow_up(client), "due")
    assert names_in(due) == ["Bintou", "Awa"]  # the longest overdue first
    assert "2 prochaines étapes à faire" in due
    assert "en retard" in due.split("Awa")[0] and "aujourd’hui" in due.split("Awa")[1]
    assert "L&#39;appeler pour l&#39;assemblée" in due

    # A one-to-one on 4 June without a next step: Bintou's step is done with.
    post(client, f"{base}/{bintou.id}/one-to-ones/new", step | {"met_on": "2026-06-04"})
    # An older one-to-one written up late does not replace Awa's latest.
    post(client, f"{base}/{awa.id}/one-to-ones/new", step | {"met_on": "2026-05-20"})
    assert names_in(section(follow_up(client), "due")) == ["Awa"]


# Met once, never again


def make_need(group_row, person_id, at, title="Ascenseur en panne"):
    from assembly.needs.operations import submit_need

    need = submit_need(group_row, title=title, trusted=True)
    need.person_id, need.created_at = person_id, at
    db.session.commit()
    return need


def make_meeting(group_row, starts_at, state="closed", title="Assemblée"):
    from assembly.meetings.models import Meeting, State

    meeting = Meeting(group_id=group_row.id, title=title, starts_at=starts_at, state=State(state))
    db.session.add(meeting)
    db.session.commit()
    return meeting


def attend(meeting, person_id, *, first_time=None, struck=False, name="Quelqu'un"):
    from assembly.meetings.models import Attendance

    attendance = Attendance(
        meeting_id=meeting.id,
        name=name,
        person_id=person_id,
        first_time=first_time,
        created_at=meeting.starts_at,
        struck_at=meeting.starts_at if struck else None,
    )
    db.session.add(attendance)
    db.session.commit()
    return attendance


def test_people_met_on_one_day_only_and_not_since_are_listed_the_most_recent_first(
    app, client, clock, organizer, group, make_person, make_group
):
    from assembly.canvassing.models import Visit, VisitOutcome
    from assembly.groups.models import Group
    from assembly.meetings.models import Answer, Rsvp

    clock.freeze(NOW)
    long_ago, lately = NOW - timedelta(days=40), NOW - timedelta(days=10)
    ids = {
        name: make_person(name).id
        for name in ("Awa", "Bintou", "Chloé", "Dounia", "Elsa", "Fanta", "Gisèle", "Hawa")
    }
    elsewhere = make_group("ailleurs", "Ailleurs")
    ids["Inès"] = make_person("Inès", group_id=elsewhere.id).id
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        make_need(glycines, ids["Awa"], long_ago)  # one need, 40 days ago: listed
        # A door where Bintou also voiced a need: one day, one meeting with her: listed.
        make_need(glycines, ids["Bintou"], long_ago - timedelta(days=5, hours=-1))
        db.session.add(Visit(
            group_id=group.id, canvass_id=canvass(glycines).id, building="Bâtiment A",
            outcome=VisitOutcome.TALKED, person_id=ids["Bintou"],
            created_at=long_ago - timedelta(days=5),
        ))  # fmt: skip
        past = make_meeting(glycines, long_ago - timedelta(days=20))
        attend(past, ids["Chloé"])  # came to a meeting, then answered the next invitation
        db.session.add(
            Rsvp(meeting_id=past.id, name="Chloé", person_id=ids["Chloé"],
                 answer=Answer.YES, created_at=lately)
        )  # fmt: skip
        make_need(glycines, ids["Dounia"], lately)  # met once, but 10 days ago: not yet
        make_need(glycines, ids["Elsa"], long_ago)  # once, but a call since (last contact)
        make_need(glycines, ids["Fanta"], long_ago)  # once, then a one-to-one
        attend(past, ids["Gisèle"])  # once, and a struck duplicate later does not count
        attend(make_meeting(glycines, lately), ids["Gisèle"], struck=True)
        make_need(db.session.get(Group, elsewhere.id), ids["Inès"], long_ago)  # another group
        # Hawa: nothing at all — the group never met her anywhere it records.
    with app.app_context():
        from assembly.people.models import OneToOne, Person

        db.session.get(Person, ids["Elsa"]).last_contact_at = lately
        db.session.add(OneToOne(person_id=ids["Fanta"], met_on=lately.date()))
        db.session.commit()

    once = section(follow_up(client), "once")
    assert names_in(once) == ["Awa", "Bintou", "Gisèle"]
    assert "3 personnes rencontrées une fois, jamais revues" in once
    assert "rencontre le 22 avr. 2026" in once  # Awa, 40 days before 1 June


def canvass(group_row):
    from assembly.auth.models import User
    from assembly.canvassing.operations import open_canvass

    return open_canvass(
        group_row, name="Écoute", starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 30),
        places="Bâtiment A", team=[], by=db.session.scalar(db.select(User).limit(1)),
    )  # fmt: skip


def test_the_follow_up_list_asks_the_database_as_often_for_many_people_as_for_few(
    app, client, clock, organizer, group, make_person
):
    from assembly.groups.models import Group
    from assembly.people.models import OneToOne

    clock.freeze(NOW)

    def add_people(count, start):
        with app.app_context():
            glycines = db.session.get(Group, group.id)
            meeting = make_meeting(glycines, NOW - timedelta(days=2), title=f"Réunion {start}")
            for n in range(start, start + count):
                make_need(glycines, make_person(f"Une fois {n}").id, NOW - timedelta(days=40))
                attend(meeting, make_person(f"Nouvelle {n}").id, first_time=True)
                db.session.add(OneToOne(
                    person_id=make_person(f"Étape {n}").id, met_on=date(2026, 5, 20),
                    met_by_id=organizer.id, next_step="Rappeler", next_step_on=date(2026, 5, 25),
                ))  # fmt: skip
            db.session.commit()

    def statements() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page = follow_up(client)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen), page

    add_people(2, 0)
    few, page = statements()
    assert [len(names_in(section(page, part))) for part in ("due", "once", "first-timers")] == [
        2, 2, 2]  # fmt: skip
    add_people(20, 2)
    many, page = statements()
    assert [len(names_in(section(page, part))) for part in ("due", "once", "first-timers")] == [
        22, 22, 20]  # fmt: skip
    assert many == few


# First-timers of the last meeting


def test_first_timers_of_the_last_ended_meeting_are_listed(
    app, client, clock, organizer, group, make_person
):
    from assembly.groups.models import Group

    clock.freeze(NOW)
    assert "Aucune réunion n’est encore terminée." in section(follow_up(client), "first-timers")
    ids = {
        name: make_person(name).id
        for name in ("Awa", "Bintou", "Chloé", "Dounia", "Elsa", "Fanta", "Gisèle")
    }
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        march = make_meeting(glycines, datetime(2026, 3, 5, 17), title="Assemblée de mars")
        may = make_meeting(glycines, datetime(2026, 5, 7, 17), title="Assemblée de mai")
        june = make_meeting(glycines, datetime(2026, 6, 4, 17), "planned", "Assemblée de juin")
        live = make_meeting(glycines, datetime(2026, 5, 28, 17), "live", "Réunion en cours")
        attend(march, ids["Chloé"])
        attend(march, ids["Awa"])
        attend(may, ids["Awa"], first_time=True)  # said so: believed
        attend(may, ids["Bintou"])  # said nothing, never seen before: first time
        attend(may, ids["Chloé"])  # said nothing, was there in March
        attend(may, ids["Dounia"], first_time=False)  # said it was not: believed
        attend(may, ids["Elsa"], first_time=True, struck=True)  # a duplicate struck aside
        attend(may, None, first_time=True, name="Sans fiche")  # nobody to follow up
        attend(june, ids["Fanta"], first_time=True)  # not held yet
        attend(live, ids["Gisèle"], first_time=True)  # not ended
        may_id = may.id

    part = section(follow_up(client), "first-timers")
    assert names_in(part) == ["Awa", "Bintou"]
    assert f'href="/g/glycines/meetings/{may_id}">Assemblée de mai</a>' in part
    assert part.count("Noter une rencontre individuelle") == 2

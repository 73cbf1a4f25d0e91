"""The people pages of this part stay under the 14 KB budget when full to their limits."""

import gzip
import random
from datetime import date, datetime, timedelta

from assembly.extensions import db
from tests.web.test_pages import BUDGET

WORDS = (  # what residents say, for notes drawn at random
    "le bailleur charges ascenseur panne depuis mois enfants école voisine troisième étage "
    "colère fuite chauffage loyer quartier association mère travaille nuit hôpital cuisine "
    "couture football parents gardien facture humidité moisissure fenêtre bus marché parole "
    "réunion assemblée amie sœur cousin mosquée paroisse club tract porte bâtiment escalier"
)


def fill(size: int, seed: object = 0) -> str:
    """Words drawn at random (the same each run), cut at `size` characters: as long as a
    field takes, and as hard to compress as the notes people write."""
    draw = random.Random(f"{seed}-{size}")
    text = ""
    while len(text) < size:
        text += draw.choice(WORDS.split()) + (", " if draw.random() < 0.1 else " ")
    return text[:size]


def weight(response) -> int:
    assert response.status_code == 200
    return len(gzip.compress(response.get_data(), 6))


def test_one_to_ones_asks_and_the_follow_up_fit_the_budget_full_to_their_limits(
    app, client, auth, clock, group, people
):
    from assembly.groups.models import Group
    from assembly.meetings.models import Attendance, Meeting, State
    from assembly.needs.operations import submit_need
    from assembly.people.models import Ask, OneToOne, Person
    from tests.people.test_relations import relations_html

    clock.freeze(datetime(2026, 6, 1, 10))
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        name = fill(80, "name")
        awa = Person(group_id=group.id, name=name, ladder_rank=4)
        db.session.add(awa)
        db.session.flush()
        for day in range(1, 13):
            db.session.add(OneToOne(
                person_id=awa.id, met_on=date(2026, 5, day), met_by_id=people["organizer"].id,
                self_interest=fill(1000, day), story=fill(2000, day), talents=fill(500, day),
                networks=fill(500, day), next_step=fill(200, day), next_step_on=date(2026, 5, 30),
            ))  # fmt: skip
        for day in range(1, 41):
            db.session.add(Ask(
                person_id=awa.id, what=fill(200, day), asked_on=date(2026, 4, 1) + timedelta(day),
                asked_by_id=people["organizer"].id,
            ))  # fmt: skip
        meeting = Meeting(group_id=group.id, title=fill(140), starts_at=datetime(2026, 5, 28),
                          state=State.CLOSED)  # fmt: skip
        db.session.add(meeting)
        db.session.flush()
        for n in range(80):
            due = Person(group_id=group.id, name=fill(80, f"{n}"))
            once = Person(group_id=group.id, name=fill(80, f"{n}"))
            new = Person(group_id=group.id, name=fill(80, f"{n}"))
            db.session.add_all([due, once, new])
            db.session.flush()
            db.session.add(OneToOne(
                person_id=due.id, met_on=date(2026, 5, 25), met_by_id=people["organizer"].id,
                next_step=fill(200, n), next_step_on=date(2026, 5, 1 + n % 30),
            ))  # fmt: skip
            need = submit_need(glycines, title="Ascenseur en panne", trusted=True)
            need.person_id, need.created_at = once.id, datetime(2026, 3, 1)
            db.session.add(Attendance(
                meeting_id=meeting.id, name="x", person_id=new.id, first_time=True,
                created_at=datetime(2026, 5, 28),
            ))  # fmt: skip
        db.session.commit()
        person_id = awa.id

    auth.login("organizer")
    base = f"/g/glycines/people/{person_id}"
    pages = {
        "follow-up": "/g/glycines/people/follow-up",
        "one-to-ones": f"{base}/one-to-ones",
        "asks": f"{base}/asks",
        "new one-to-one": f"{base}/one-to-ones/new",
        "correct": f"{base}/one-to-ones/1/edit",
        "ladder": "/g/glycines/people/ladder",
    }
    for label, url in pages.items():
        assert weight(client.get(url)) <= BUDGET, f"{label} weighs too much"
    # The part of the person's page: a third of the budget, for the rest of their page.
    part = relations_html(app, person_id, people["organizer"].id, "organizer")
    assert len(gzip.compress(part.encode(), 6)) <= BUDGET // 3

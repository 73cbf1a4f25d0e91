"""The contact book: search, filters, pages, phones under consent, call list, CSV, names."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest

from assembly.extensions import db
from tests.people.book.conftest import BOOK

GROUP_ACTIONS = "group_actions"


def names_on(page: str) -> list[str]:
    """The names the book lists, in order."""
    return re.findall(r'<a href="/g/glycines/people/\d+"><strong>([^<]*)</strong>', page)


@pytest.fixture
def book(client, auth, make_person, clock):
    """A few people, the organizer signed in; the clock at 1 June 2026."""
    clock.freeze(datetime(2026, 6, 1, 12))
    made = {
        "awa": make_person(
            "Awa Diallo",
            building="Bâtiment B",
            floor="6e",
            phone="+33612345678",
            languages="français, peul",
            ladder_rank=2,
            last_contact_at=datetime(2026, 5, 20),
            consents=[GROUP_ACTIONS],
        ),
        "jean": make_person(
            "Jean-Pierre Roux",
            address="12 rue des Lilas",
            phone="+33698765432",
            last_contact_at=datetime(2026, 1, 10),
        ),
        "nadia": make_person(
            "Nadia Belkacem",
            building="Bâtiment C",
            language="ar",
            last_contact_at=datetime(2025, 3, 1),
            consents=[GROUP_ACTIONS],
        ),
        "kevin": make_person("Kevin Lambert", building="Bâtiment B"),  # never contacted
    }
    auth.login("organizer")
    return made


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "diallo"}, ["Awa Diallo"]),  # the name, any case
        ({"q": "lilas"}, ["Jean-Pierre Roux"]),  # the street
        ({"q": "bâtiment c"}, ["Nadia Belkacem"]),  # the building
        ({"q": "peul"}, ["Awa Diallo"]),  # a language spoken
        ({"q": "AR"}, ["Nadia Belkacem"]),  # the language for messages, by its code
        ({"q": "100%"}, []),  # % is a character, not a wildcard
        ({"building": "bâtiment b"}, ["Awa Diallo", "Kevin Lambert"]),
        ({"level": "2"}, ["Awa Diallo"]),
        ({"contact": "recent"}, ["Awa Diallo"]),
        ({"contact": "3m"}, ["Jean-Pierre Roux", "Kevin Lambert", "Nadia Belkacem"]),
        ({"contact": "1y"}, ["Kevin Lambert", "Nadia Belkacem"]),
        ({"contact": "never"}, ["Kevin Lambert"]),
        ({"building": "Bâtiment B", "contact": "never"}, ["Kevin Lambert"]),  # they add up
        ({"level": "²", "contact": "soon"}, ["Awa", "Jean-Pierre", "Kevin", "Nadia"]),  # ignored
    ],
)
def test_search_and_filters_find_the_right_people(client, book, query, found):
    page = client.get(BOOK, query_string=query).get_data(as_text=True)
    assert [name.split()[0] for name in names_on(page)] == [name.split()[0] for name in found]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("MOISISSURE", ["Jean-Pierre Roux"]),  # the needs' own search: stems, any case
        ("salles bain", ["Jean-Pierre Roux"]),
        ("%", []),  # no word to look for: nobody, not everyone who raised a need
    ],
)
def test_search_finds_people_by_what_they_raised(client, book, raise_need, query, found):
    raise_need(book["jean"], "Moisissures dans la salle de bains")
    page = client.get(BOOK, query_string={"q": query}).get_data(as_text=True)
    assert names_on(page) == found


def test_a_phone_shows_only_under_a_live_consent_for_the_groups_actions(app, client, book):
    page = client.get(BOOK).get_data(as_text=True)
    assert "06 12 34 56 78" in page  # Awa consented
    assert "06 98 76 54 32" not in page  # Jean-Pierre did not: his number stays hidden
    assert page.count("no consent") + page.count("sans consentement") == 2  # Jean-Pierre, Kevin
    with app.app_context():
        from assembly.people.models import Consent

        db.session.execute(db.update(Consent).values(withdrawn_at=datetime(2026, 5, 30)))
        db.session.commit()
    assert "06 12 34 56 78" not in client.get(BOOK).get_data(as_text=True)


def test_the_book_counts_everyone_and_shows_fifty_a_page(app, client, auth, group, clock):
    from assembly.people.models import Person

    with app.app_context():
        db.session.add_all(Person(group_id=group.id, name=f"Voisin {n:03d}") for n in range(120))
        db.session.commit()
    auth.login("organizer")
    first = client.get(BOOK).get_data(as_text=True)
    assert "120 " in first and len(names_on(first)) == 50
    assert names_on(first)[0] == "Voisin 000"
    third = client.get(BOOK, query_string={"page": "3"}).get_data(as_text=True)
    assert names_on(third) == [f"Voisin {n:03d}" for n in range(100, 120)]
    assert 'rel="next"' not in third and 'rel="prev"' in third


def test_the_book_shows_only_the_groups_own_people(app, client, book, make_group):
    from assembly.people.models import Person

    other = make_group("lilas", "Collectif des Lilas")
    with app.app_context():
        db.session.add(Person(group_id=other.id, name="Awa Ailleurs"))
        db.session.commit()
    assert "Awa Ailleurs" not in client.get(BOOK, query_string={"q": "awa"}).get_data(as_text=True)


def test_call_list_holds_the_filtered_people_with_a_phone_and_consent(client, book, make_person):
    make_person("Sans Téléphone", consents=[GROUP_ACTIONS], building="Bâtiment B")
    query = {"building": "bâtiment b"}
    page = client.get(f"{BOOK}/call-list", query_string=query).get_data(as_text=True)
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td class="phone"><bdi dir="ltr">([^<]*)</bdi></td>', page
    )
    assert rows == [("Awa Diallo", "06 12 34 56 78")]  # not Kevin (no consent, no phone)
    everyone = client.get(f"{BOOK}/call-list").get_data(as_text=True)
    assert "Jean-Pierre Roux" not in everyone  # a phone, but no consent to be called
    assert "Nadia Belkacem" not in everyone  # a consent, but no phone


def test_call_list_stops_at_an_evenings_calls(app, client, auth, group):
    from assembly.people.book import CALL_LIST_MOST
    from assembly.people.models import Consent, ConsentPurpose, ConsentSource, Person

    with app.app_context():
        for n in range(CALL_LIST_MOST + 5):
            person = Person(group_id=group.id, name=f"Voisin {n:03d}", phone=f"+3361234{n:04d}")
            person.consents.append(
                Consent(
                    purpose=ConsentPurpose.GROUP_ACTIONS, wording="…", source=ConsentSource.PAPER
                )
            )
            db.session.add(person)
        db.session.commit()
    auth.login("organizer")
    page = client.get(f"{BOOK}/call-list").get_data(as_text=True)
    assert page.count('<td class="phone">') == CALL_LIST_MOST
    assert f"{CALL_LIST_MOST + 5}" in page  # says how many were left out of the sheet


def test_csv_holds_contacts_only_under_consent_and_never_a_formula(app, client, book, make_person):
    make_person('=HYPERLINK("http://evil")', building="Bâtiment B", sensitive="syndiqué")
    response = client.get(f"{BOOK}/export.csv", query_string={"building": "bâtiment b"})
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Awa Diallo", "Kevin Lambert", '\'=HYPERLINK("http://evil")'}
    assert by_name["Awa Diallo"]["phone"] == "06 12 34 56 78"
    assert by_name["Awa Diallo"]["live_consents"]
    assert by_name["Awa Diallo"]["last_contact"] == "2026-05-20"
    assert "syndiqué" not in text  # sensitive notes never leave this way
    everyone = client.get(f"{BOOK}/export.csv").get_data(as_text=True)
    assert "+33698765432" not in everyone and "06 98 76 54 32" not in everyone  # no consent


def test_names_page_shows_the_team_names_and_attendance_and_nothing_else(
    client, auth, make_person, make_meeting, attend
):
    awa = make_person("Awa Diallo", phone="+33612345678", building="Bâtiment B")
    kevin = make_person("Kevin Lambert")  # never came to a meeting: not listed
    march = make_meeting("Assemblée de mars", datetime(2026, 3, 5, 17))
    april = make_meeting("Assemblée d'avril", datetime(2026, 4, 2, 17))
    attend(march, awa)
    attend(april, awa)
    attend(april, kevin, struck=True)  # struck as a duplicate: did not count
    auth.login("facilitator")
    page = client.get(f"{BOOK}/names").get_data(as_text=True)
    assert "Awa Diallo" in page and "Kevin Lambert" not in page
    assert re.search(r"2 (meetings|réunions)", page)
    assert "2 avr. 2026" in page  # the last one
    assert "06 12" not in page and "Bâtiment B" not in page
    assert f"/people/{awa}" not in page  # facilitators do not open a person's page
    auth.logout()
    auth.login("organizer")
    assert f"/people/{awa}" in client.get(f"{BOOK}/names").get_data(as_text=True)


def test_the_team_finds_the_book_and_the_names_page_by_links(client, auth, group, make_meeting):
    meeting = make_meeting(day=datetime.now() + timedelta(days=7))  # noqa: DTZ005
    auth.login("facilitator")
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert f'href="{BOOK}"' not in home  # the book is for organizers
    assert f"{BOOK}/names" in client.get(f"/g/glycines/meetings/{meeting}").get_data(as_text=True)
    auth.logout()
    auth.login("organizer")
    assert f'href="{BOOK}"' in client.get("/g/glycines/").get_data(as_text=True)

"""Possible duplicates, and merging two cards: nothing silent, nothing left pointing at
the card that goes."""

import re
from datetime import date, datetime

import pytest

from assembly.extensions import db
from assembly.people.merging import folded, person_references, similar_names
from assembly.people.models import Person
from tests.helpers import post
from tests.people.book.conftest import BOOK, read_person


def offered(client) -> set[frozenset[str]]:
    """The pairs the duplicates page offers, as the names of their two cards."""
    page = client.get(f"{BOOK}/duplicates").get_data(as_text=True)
    pairs = set()
    for form in re.findall(r'<form method="post"[^>]*class="pair[^"]*">(.*?)</form>', page, re.S):
        pairs.add(frozenset(re.findall(r"<strong>([^<]*)</strong>", form)))
    return pairs


@pytest.mark.parametrize(
    ("one", "other", "similar"),
    [
        ("Awa Diallo", "awa diallo", True),
        ("Hélène Martin", "HELENE  MARTIN", True),  # accents, case and spaces aside
        ("Mme Diallo", "Awa Diallo", True),  # a civility is no word of the name
        ("Awa", "Awa Diallo", True),
        ("Awa Diallo", "Moussa Diallo", False),  # one family, two people
        ("Mme", "M.", False),  # no name at all
    ],
)
def test_similar_names(one, other, similar):
    assert similar_names(one, other) is similar


def test_folded_text_has_no_accents_case_or_double_spaces():
    assert folded("  Bâtiment   À ") == "batiment a"


def test_the_page_offers_pairs_by_phone_email_or_building_and_name(client, auth, make_person):
    make_person("Awa Diallo", building="Bâtiment B")
    make_person("awa diallo", building="Bâtiment b")
    make_person("Moussa Diallo", building="Bâtiment B")  # same family, not the same person
    make_person("Awa Diallo", building="Bâtiment C")  # another building: not offered by name
    make_person("Jean-Pierre Roux", phone="+33612345678")
    make_person("J.-P. R.", phone="+33612345678")
    make_person("Nadia", email="Nadia@example.org")
    make_person("Nadia Belkacem", email="nadia@example.org")
    auth.login("organizer")
    assert offered(client) == {
        frozenset({"Awa Diallo", "awa diallo"}),
        frozenset({"Jean-Pierre Roux", "J.-P. R."}),
        frozenset({"Nadia", "Nadia Belkacem"}),
    }


def test_the_same_name_is_offered_when_a_building_is_missing_to_tell_them_apart(
    client, auth, make_person
):
    """Phones at meetings give a name and nothing else: "Fatou Sow" twice is offered, as
    is the card with a building and one without; two buildings tell two people apart."""
    make_person("Fatou Sow")
    make_person("fatou  SOW")
    make_person("Awa Diallo", building="Bâtiment B")
    make_person("Mme Awa Diallo")
    make_person("Moussa Camara", building="Bâtiment A")
    make_person("Moussa Camara", building="Bâtiment C")  # two buildings: two people
    make_person("Awa")  # fewer words than "Awa Diallo": a name too short to offer alone
    auth.login("organizer")
    assert offered(client) == {
        frozenset({"Fatou Sow", "fatou  SOW"}),
        frozenset({"Awa Diallo", "Mme Awa Diallo"}),
    }
    page = client.get(f"{BOOK}/duplicates").get_data(as_text=True)
    assert page.count("même nom, aucun bâtiment pour les distinguer") == 2
    # a card with nothing but a name: its details start with what is known, no stray "·"
    assert '<span class="muted">dernier contact' in page and 'class="muted"> ·' not in page


def test_many_pairs_come_twenty_a_page(client, auth, make_person):
    """A big contact book may offer many pairs: twenty a page, the pages counted, with the
    list's previous and next links."""
    for n in range(21):
        make_person(f"Habitant {n}", phone=f"+336123456{n:02d}")
        make_person(f"H. {n}", phone=f"+336123456{n:02d}")
    auth.login("organizer")
    first = client.get(f"{BOOK}/duplicates").get_data(as_text=True)
    assert first.count('class="pair') == 20 and "Page 1 sur 2" in first
    assert f'href="{BOOK}/duplicates?page=2" rel="next"' in first
    second = client.get(f"{BOOK}/duplicates?page=2").get_data(as_text=True)
    assert second.count('class="pair') == 1 and "Page 2 sur 2" in second
    assert f'href="{BOOK}/duplicates?page=1" rel="prev"' in second
    past = client.get(f"{BOOK}/duplicates?page=9").get_data(as_text=True)
    assert past.count('class="pair') == 1  # past the end: the last page


def test_nothing_merges_until_the_team_chooses_the_card_that_stays(app, client, auth, make_person):
    first = make_person("Awa Diallo", building="Bâtiment B")
    second = make_person("awa diallo", building="Bâtiment B")
    auth.login("organizer")
    url = f"{BOOK}/{first}/merge/{second}"
    for keep in ({}, {"keep": "12345"}, {"keep": "²"}):
        response = post(client, url, keep)
        assert response.status_code == 400
        assert 'class="pair invalid"' in response.get_data(as_text=True)
    assert read_person(app, first) and read_person(app, second)
    assert post(client, f"{BOOK}/{first}/merge/{first}", {"keep": first}).status_code == 400


@pytest.fixture
def pair(app, group, people, make_person, make_meeting, attend):
    """Two cards of Awa; the second has records in every table that points at a person."""
    from assembly.campaigns.models import Campaign, Petition, Signature
    from assembly.canvassing.models import Canvass, Visit, VisitOutcome
    from assembly.meetings.models import Answer, Rsvp
    from assembly.messages.models import Message, MessageChannel, MessageKind
    from assembly.needs.models import Need, Support
    from assembly.people.models import Ask, OneToOne
    from tests.people.resident import consulted

    kept = make_person(
        "Awa Diallo", building="Bâtiment B", ladder_rank=1, consents=["sms_reminders"]
    )
    other = make_person(
        "awa diallo",
        building="Bâtiment B",
        floor="6e",
        phone="+33612345678",
        languages="peul",
        ladder_rank=3,
        last_contact_at=datetime(2026, 5, 1),
        consents=["group_actions"],
    )
    meeting = make_meeting()
    attend(meeting, other)
    with app.app_context():
        need = Need(group_id=group.id, number=1, title="Ascenseur", person_id=other)
        canvass = Canvass(
            group_id=group.id, name="Écoute", starts_on=date(2026, 2, 1), ends_on=date(2026, 2, 2)
        )
        campaign = Campaign(group_id=group.id, title="Des ascenseurs qui marchent")
        db.session.add_all([need, canvass, campaign])
        db.session.flush()
        petition = Petition(campaign_id=campaign.id, title="Réparez", text="Réparez.")
        db.session.add(petition)
        db.session.flush()
        consulted(group.id, other, None)
        db.session.add_all(
            [
                Support(need_id=need.id, person_id=other, anonymous_key="k"),
                Visit(
                    group_id=group.id,
                    canvass_id=canvass.id,
                    building="Bâtiment B",
                    outcome=VisitOutcome.TALKED,
                    person_id=other,
                ),
                Rsvp(meeting_id=meeting, name="Awa", person_id=other, answer=Answer.YES),
                Signature(petition_id=petition.id, name="awa diallo", person_id=other),
                OneToOne(person_id=other, met_on=date(2026, 4, 1), self_interest="L'ascenseur"),
                Ask(person_id=other, what="Venir avec trois voisins", asked_on=date(2026, 4, 1)),
                Message(
                    group_id=group.id,
                    person_id=other,
                    kind=MessageKind.CALL_TO_ACTION,
                    channel=MessageChannel.SMS,
                    address="+33612345678",
                    language="fr",
                    body="Assemblée jeudi.",
                    dedup_key="merge:1",
                    send_after=datetime(2026, 4, 1),
                ),
            ]
        )
        db.session.commit()
    return kept, other


def referencing(app, person_id) -> dict[str, int]:
    """How many rows of each column that points at a person point at `person_id`."""
    with app.app_context():
        return {
            f"{column.table.name}.{column.name}": db.session.scalar(
                db.select(db.func.count()).select_from(column.table).where(column == person_id)
            )
            for column in person_references()
        }


def test_the_references_are_every_foreign_key_to_people_in_the_database(app):
    with app.app_context():
        inspector = db.inspect(db.engine)
        in_database = {
            f"{table}.{column}"
            for table in inspector.get_table_names()
            for key in inspector.get_foreign_keys(table)
            if key["referred_table"] == "people"
            for column in key["constrained_columns"]
        }
        found = {f"{column.table.name}.{column.name}" for column in person_references()}
    assert found == in_database
    assert {"consents.person_id", "needs.person_id", "attendances.person_id"} <= found


def test_merging_moves_every_record_and_consent_fills_the_gaps_and_deletes_the_other(
    app, client, auth, people, pair
):
    kept, other = pair
    before = referencing(app, other)
    # A row in every table that points at a person (a new table: give `pair` a row in it).
    assert all(before.values()), before
    auth.login("organizer")
    response = post(client, f"{BOOK}/{kept}/merge/{other}", {"keep": kept})
    assert response.headers["Location"] == f"{BOOK}/{kept}"
    assert read_person(app, other) is None
    after_other, after_kept = referencing(app, other), referencing(app, kept)
    assert sum(after_other.values()) == 0  # nothing, in any table, points at the card gone
    for column, count in before.items():
        assert after_kept[column] >= count, column
    person = read_person(app, kept)
    assert (person.name, person.floor, person.phone, person.languages) == (
        "Awa Diallo",  # the kept card's own name stays
        "6e",
        "+33612345678",
        "peul",
    )
    assert person.ladder_rank == 3 and person.last_contact_at == datetime(2026, 5, 1)
    assert sorted(c.purpose for c in person.consents) == ["group_actions", "sms_reminders"]
    with app.app_context():
        from assembly.trace.models import Event

        events = db.session.scalars(db.select(Event).filter_by(subject_type="people")).all()
        merged = [event for event in events if event.verb == "person.merged"]
        assert [(e.subject_id, e.payload, e.actor_id) for e in merged] == [
            (kept, {"merged": other}, people["organizer"].id)
        ]
        assert all(event.subject_id != other for event in events)
    page = client.get(f"{BOOK}/{kept}").get_data(as_text=True)
    assert "06 12 34 56 78" in page  # its consent came along: the phone is usable


def test_the_card_that_stays_may_be_either_one(app, client, auth, pair):
    kept, other = pair
    auth.login("organizer")
    post(client, f"{BOOK}/{kept}/merge/{other}", {"keep": other})
    assert read_person(app, kept) is None
    assert read_person(app, other).name == "awa diallo"


def test_two_cards_linked_to_two_accounts_are_two_people(app, client, auth, people, make_person):
    first = make_person("Awa Diallo", user_id=people["member"].id)
    second = make_person("Awa Diallo", user_id=people["facilitator"].id)
    auth.login("organizer")
    response = post(client, f"{BOOK}/{first}/merge/{second}", {"keep": first})
    assert response.status_code == 400
    assert read_person(app, second) is not None


def test_a_card_of_another_group_cannot_be_merged(
    app, client, auth, group, make_group, make_person
):
    mine = make_person("Awa Diallo")
    other_group = make_group("lilas", "Collectif des Lilas")
    with app.app_context():
        theirs = Person(group_id=other_group.id, name="Awa Diallo")
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    auth.login("organizer")
    response = post(client, f"{BOOK}/{mine}/merge/{theirs_id}", {"keep": mine})
    assert response.status_code == 404
    assert read_person(app, theirs_id) is not None

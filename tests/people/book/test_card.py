"""A person's page and card: adding, correcting, consents by hand, and the journal."""

import re
from datetime import datetime

import pytest

from assembly.extensions import db
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.models import Event
from tests.helpers import post
from tests.people.book.conftest import BOOK, read_person

CARD = {"name": "Awa Diallo", "phone": "06 12 34 56 78", "building": "Bâtiment B"}


def journal(app, person_id) -> list[tuple[str, dict]]:
    with app.app_context():
        query = db.select(Event).filter_by(subject_type="people", subject_id=person_id)
        return [
            (event.verb, event.payload) for event in db.session.scalars(query.order_by(Event.id))
        ]


def test_organizer_adds_a_person_with_a_phone_kept_in_e164(app, client, auth, group, people):
    auth.login("organizer")
    response = post(client, f"{BOOK}/new", {**CARD, "email": "Awa@Example.ORG", "floor": "6e"})
    assert response.status_code == 302
    person_id = int(response.headers["Location"].rsplit("/", 1)[1])
    person = read_person(app, person_id)
    assert (person.name, person.phone, person.email) == (
        "Awa Diallo",
        "+33612345678",
        "Awa@example.org",
    )
    assert (person.building, person.floor, person.group_id) == ("Bâtiment B", "6e", group.id)
    assert person.last_contact_at is not None  # the team just met them
    assert journal(app, person_id) == [("person.created", {})]
    assert journal_actor(app, person_id) == people["organizer"].id


def journal_actor(app, person_id):
    with app.app_context():
        return db.session.scalar(
            db.select(Event.actor_id).filter_by(subject_type="people", subject_id=person_id)
        )


def test_the_same_form_sent_twice_adds_one_person(app, client, auth, group):
    auth.login("organizer")
    form = client.get(f"{BOOK}/new").get_data(as_text=True)
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', form).group(1)
    first = post(client, f"{BOOK}/new", {**CARD, "once": once})
    again = post(client, f"{BOOK}/new", {**CARD, "once": once})
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 1


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("phone", "06 12", "phone number"),
        ("email", "awa@", "e-mail"),
        ("name", "", "building"),  # a card needs a name or at least a building
    ],
)
def test_a_bad_card_comes_back_with_the_message_next_to_the_field_and_the_text_kept(
    app, client, auth, group, field, typed, message
):
    auth.login("organizer")
    card = {**CARD, field: typed}
    if field == "name":
        card["building"] = ""
    response = post(client, f"{BOOK}/new", card, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1)
    if typed:
        assert f'value="{typed}"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 0


def test_sensitive_notes_are_refused_without_a_live_consent_for_them(
    app, client, auth, make_person
):
    person_id = make_person("Awa Diallo")
    auth.login("organizer")
    notes = {"name": "Awa Diallo", "sensitive": "Syndiquée à la CNL."}
    refused = post(client, f"{BOOK}/{person_id}/edit", notes)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'id="sensitive-error"' in page and "Syndiquée à la CNL." in page  # kept, not saved
    assert read_person(app, person_id).sensitive == ""
    new = post(client, f"{BOOK}/new", {**CARD, "sensitive": "Malade."})
    assert new.status_code == 400  # a new card has no consent yet
    post(client, f"{BOOK}/{person_id}/consents", {"purpose": "sensitive", "source": "meeting"})
    assert post(client, f"{BOOK}/{person_id}/edit", notes).status_code == 302
    assert read_person(app, person_id).sensitive == "Syndiquée à la CNL."


def test_withdrawing_the_sensitive_consent_erases_the_notes_and_keeps_the_row(
    app, client, auth, make_person
):
    person_id = make_person("Awa Diallo", consents=["sensitive"])
    with app.app_context():
        db.session.get(Person, person_id).sensitive = "Syndiquée."
        db.session.commit()
    [consent] = read_person(app, person_id).consents
    auth.login("organizer")
    url = f"{BOOK}/{person_id}/consents/{consent.id}/withdraw"
    assert post(client, url).status_code == 302
    person = read_person(app, person_id)
    assert person.sensitive == ""
    [kept] = person.consents
    assert kept.withdrawn_at is not None and kept.wording == "Les mots lus."
    assert journal(app, person_id)[-1] == (
        "consent.withdrawn",
        {"purpose": "sensitive", "sensitive_erased": True},
    )
    page = client.get(f"{BOOK}/{person_id}").get_data(as_text=True)
    assert "Syndiquée" not in page and consent_withdrawn_shown(page)


def consent_withdrawn_shown(page: str) -> bool:
    return bool(re.search(r"(withdrawn on|retiré le) ", page))


def test_recording_a_consent_keeps_the_words_read_the_source_and_who_recorded_it(
    app, client, auth, people, make_person, clock
):
    clock.freeze(datetime(2026, 6, 1, 9))
    person_id = make_person("Awa Diallo", phone="+33612345678")
    auth.login("organizer")
    page = client.get(f"{BOOK}/{person_id}").get_data(as_text=True)
    assert (
        '<s dir="ltr">06 12 34 56 78</s>' in page
    )  # a phone without consent is shown as not usable
    data = {"purpose": "group_actions", "source": "phone"}
    assert post(client, f"{BOOK}/{person_id}/consents", data).status_code == 302
    person = read_person(app, person_id)
    [consent] = person.consents
    assert consent.purpose == ConsentPurpose.GROUP_ACTIONS
    assert consent.wording == "Recevoir des nouvelles des actions et des réunions du collectif"
    assert (consent.source, consent.recorded_by_id) == ("phone", people["organizer"].id)
    assert consent.given_at == datetime(2026, 6, 1, 9) and consent.live()
    assert person.last_contact_at == datetime(2026, 6, 1, 9)  # a phone call is a contact
    assert journal(app, person_id)[-1] == (
        "consent.given",
        {"purpose": "group_actions", "source": "phone"},
    )
    page = client.get(f"{BOOK}/{person_id}").get_data(as_text=True)
    assert 'href="tel:+33612345678"' in page and "<s " not in page


def test_an_unknown_purpose_or_source_is_refused(app, client, auth, make_person):
    person_id = make_person("Awa Diallo")
    auth.login("organizer")
    for data in (
        {"purpose": "selling", "source": "phone"},
        {"purpose": "sensitive", "source": "web"},
    ):
        assert post(client, f"{BOOK}/{person_id}/consents", data).status_code == 400
    assert read_person(app, person_id).consents == []


def test_a_consent_of_another_person_cannot_be_withdrawn_through_this_one(
    app, client, auth, make_person
):
    awa = make_person("Awa Diallo", consents=["group_actions"])
    kevin = make_person("Kevin Lambert")
    [consent] = read_person(app, awa).consents
    auth.login("organizer")
    assert post(client, f"{BOOK}/{kevin}/consents/{consent.id}/withdraw").status_code == 404
    assert read_person(app, awa).consents[0].withdrawn_at is None


def test_editing_journals_which_fields_changed_never_their_values(app, client, auth, make_person):
    person_id = make_person("Awa Diallo", phone="+33612345678", building="Bâtiment B")
    auth.login("organizer")
    form = client.get(f"{BOOK}/{person_id}/edit").get_data(as_text=True)
    assert 'value="06 12 34 56 78"' in form  # written the usual way
    data = {"name": "Awa Diallo", "phone": "06 12 34 56 78", "building": "Bâtiment C"}
    assert post(client, f"{BOOK}/{person_id}/edit", data).status_code == 302
    assert read_person(app, person_id).phone == "+33612345678"
    assert journal(app, person_id) == [("person.edited", {"fields": ["building"]})]


def test_a_person_of_another_group_is_not_found(app, client, auth, group, make_group):
    other = make_group("lilas", "Collectif des Lilas")
    with app.app_context():
        person = Person(group_id=other.id, name="Ailleurs")
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    auth.login("organizer")
    assert client.get(f"{BOOK}/{person_id}").status_code == 404
    assert client.get(f"/g/lilas/people/{person_id}").status_code == 403  # not their group


def test_the_card_shows_the_relations_and_the_rights(client, auth, make_person):
    """The one-to-ones, ladder and asks, and the export and erasure, are on the card."""
    person_id = make_person()
    auth.login("organizer")
    page = client.get(f"{BOOK}/{person_id}").get_data(as_text=True)
    assert f'action="{BOOK}/{person_id}/level"' in page
    assert f'href="{BOOK}/{person_id}/one-to-ones/new"' in page
    assert f'action="{BOOK}/{person_id}/export"' in page
    assert f'href="{BOOK}/{person_id}/erase"' in page

"""Logging doors: who may, what is kept, and the needs raised at the door."""

import re
from datetime import date, datetime

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Channel, Moderation, Need
from assembly.people.models import ConsentPurpose, ConsentSource
from assembly.trace.models import Event
from tests.helpers import post

DOOR = {"building": "Bâtiment B", "floor": "esc. 2, 3e gauche", "outcome": "talked"}


def selected_building(page: str) -> str | None:
    page = page[page.index('name="building"') :].split("</select>")[0]  # its select only
    match = re.search(r'<option selected value="([^"]*)"', page) or re.search(
        r'<option value="([^"]*)" selected', page
    )
    return match.group(1) if match else None


def test_team_member_logs_a_door_and_gets_an_empty_form_for_the_next_one(
    client, auth, group, people, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    assert client.get(f"{canvass.url}/visit").status_code == 200
    response = post(client, f"{canvass.url}/visit", {**DOOR, "words": "Il fait froid."})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{canvass.url}/visit?building=")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash"' in page and "esc. 2, 3e gauche" in page  # the door just saved
    assert selected_building(page) == "Bâtiment B"  # the next door, same building
    assert 'name="floor" type="text" value=""' in page and "Il fait froid." not in page
    [visit] = visits(canvass.id)
    assert (visit.building, visit.floor, visit.outcome, visit.words) == (
        "Bâtiment B",
        "esc. 2, 3e gauche",
        "talked",
        "Il fait froid.",
    )
    assert visit.knocked_by_id == people["member"].id


def test_a_need_raised_at_the_door_becomes_a_need_linked_to_the_visit(
    app, client, auth, group, make_canvass, make_themes, visits
):
    themes = make_themes("Logement", "Propreté")
    canvass = make_canvass(team=("member",))
    auth.login("member")
    post(
        client,
        f"{canvass.url}/visit",
        {
            **DOOR,
            "themes": [themes["Logement"]],
            "need_title": "Moisissures dans la salle de bains",
            "need_body": "Depuis l'hiver dernier.",
            "contact": "06 12 34 56 78",
            "consent": "y",
        },
    )
    [visit] = visits(canvass.id)
    [(number, title, channel, place)] = visit.needs
    assert visit.need_people == [visit.person.id]  # the person met raised it
    assert [c.purpose for c in visit.person.consents] == [
        ConsentPurpose.GROUP_ACTIONS,
        ConsentPurpose.NEED_FOLLOWUP,  # and may be told what becomes of it
    ]
    assert (title, channel, place) == (
        "Moisissures dans la salle de bains",
        Channel.DOOR,
        "Bâtiment B",
    )
    with app.app_context():
        need = db.session.scalar(db.select(Need).filter_by(number=number))
        assert need.moderation == Moderation.APPROVED  # heard in person by the team
        assert need.theme.name == "Logement" and need.body == "Depuis l'hiver dernier."
        assert need.total_support == 1  # the resident at the door, counted off-line
        logged = db.session.scalar(db.select(Event).filter_by(verb="canvass.visit_logged"))
        assert logged.payload == {"canvass": canvass.id, "outcome": "talked", "need": number}
    post(client, "/language", {"lang": "en"})  # the English names are the msgids: stable
    need_page = client.get(f"/g/glycines/needs/{number}").get_data(as_text=True)
    assert "Moisissures dans la salle de bains" in need_page
    assert "door-knocking" in need_page  # its story says how it reached the group
    canvass_page = client.get(canvass.url).get_data(as_text=True)
    assert f'href="/g/glycines/needs/{number}"' in canvass_page


def test_a_need_text_without_its_title_is_refused(client, auth, group, make_canvass, visits):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    response = post(client, f"{canvass.url}/visit", {**DOOR, "need_body": "Les rats."})
    assert response.status_code == 400
    assert 'id="need_title-error"' in response.get_data(as_text=True)
    assert visits(canvass.id) == []


def test_contact_is_kept_only_with_consent(client, auth, group, people, make_canvass, visits):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    door = {**DOOR, "words": "Je veux bien aider.", "contact": "06 12 34 56 78"}
    refused = post(client, f"{canvass.url}/visit", door)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="consent-error"' in page
    assert 'value="06 12 34 56 78"' in page and "Je veux bien aider." in page  # nothing lost
    assert visits(canvass.id) == []
    post(client, f"{canvass.url}/visit", {**door, "consent": "y", "wants_involvement": "y"})
    [visit] = visits(canvass.id)
    assert visit.contact == "06 12 34 56 78" and visit.wants_involvement
    person = visit.person  # the person met, in the contact book, where the team can go back
    assert (person.phone, person.building, person.floor, person.name) == (
        "+33612345678",
        "Bâtiment B",
        "esc. 2, 3e gauche",
        "",
    )
    [consent] = person.consents
    assert (consent.purpose, consent.source, consent.version) == (
        ConsentPurpose.GROUP_ACTIONS,
        ConsentSource.DOOR,
        1,
    )
    assert consent.wording.startswith("La personne accepte que le collectif garde ce téléphone")
    assert consent.recorded_by_id == people["member"].id  # who knocked wrote it down
    # "for one year after the end of this round" (2026-04-04): to the end of 2027-04-04.
    assert consent.expires_at == datetime(2027, 4, 5)


def test_a_contact_that_is_no_phone_nor_email_comes_back_with_its_error(
    client, auth, group, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    for typed, message in (
        ("06 12 34", "Ce numéro de téléphone n’est pas lisible"),
        ("fatou@gmail", "Ce n’est pas une adresse e-mail"),
    ):
        door = {**DOOR, "words": "Appelez-moi.", "contact": typed, "consent": "y"}
        response = post(client, f"{canvass.url}/visit", door)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f'value="{typed}"' in page and "Appelez-moi." in page
        error = page[page.index('id="contact-error"') :]
        assert error.index(message) < error.index("</p>")  # next to the field
    assert visits(canvass.id) == []


def test_who_wants_to_get_involved_is_a_person_at_their_door_even_without_a_contact(
    client, auth, group, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    post(client, f"{canvass.url}/visit", {**DOOR, "wants_involvement": "y"})
    post(client, f"{canvass.url}/visit", {**DOOR, "floor": "4e", "words": "Bonne journée."})
    involved, talked = visits(canvass.id)
    assert (involved.person.building, involved.person.floor) == ("Bâtiment B", "esc. 2, 3e gauche")
    assert (involved.person.phone, involved.person.email, involved.person.consents) == ("", "", [])
    assert talked.person is None  # nothing to go back for: nobody in the contact book


def test_a_door_needs_an_outcome(client, auth, group, make_canvass, visits):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    response = post(client, f"{canvass.url}/visit", {"building": "Bâtiment A"})
    assert response.status_code == 400
    assert 'id="outcome-error"' in response.get_data(as_text=True)
    assert visits(canvass.id) == []


def test_a_place_off_the_list_is_typed_in_and_preselected_for_the_next_door(
    client, auth, group, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    other = {"building": "__other__", "outcome": "absent"}
    missing = post(client, f"{canvass.url}/visit", other)
    assert missing.status_code == 400
    assert 'id="other_building-error"' in missing.get_data(as_text=True)
    response = post(client, f"{canvass.url}/visit", {**other, "other_building": "Rue des Lilas"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert selected_building(page) == "__other__"
    assert 'value="Rue des Lilas"' in page
    assert [v.building for v in visits(canvass.id)] == ["Rue des Lilas"]


def test_the_first_door_names_its_building_nothing_is_chosen_for_it(
    client, auth, group, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    page = client.get(f"{canvass.url}/visit").get_data(as_text=True)
    assert selected_building(page) is None
    assert re.search(r'<select[^>]*name="building"[^>]*>\s*<option value="">', page)
    response = post(client, f"{canvass.url}/visit", {**DOOR, "building": ""})
    assert response.status_code == 400
    assert 'id="building-error"' in response.get_data(as_text=True)
    assert visits(canvass.id) == []


def test_a_building_not_offered_is_refused(client, auth, group, make_canvass, visits):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    response = post(client, f"{canvass.url}/visit", {**DOOR, "building": "Tour Eiffel"})
    assert response.status_code == 400
    assert visits(canvass.id) == []


def test_members_outside_the_team_cannot_log_a_door(client, auth, group, make_canvass, visits):
    canvass = make_canvass(team=("member",))
    auth.login("facilitator")  # a facilitator, but not in this canvass's team
    assert client.get(f"{canvass.url}/visit").status_code == 403
    assert post(client, f"{canvass.url}/visit", DOOR).status_code == 403
    assert visits(canvass.id) == []
    page = client.get(canvass.url).get_data(as_text=True)
    assert f"{canvass.url}/visit" not in page  # no button that leads to a 403
    auth.logout()
    auth.login("organizer")  # organizers always may, team or not
    assert post(client, f"{canvass.url}/visit", DOOR).status_code == 302
    assert len(visits(canvass.id)) == 1


def test_personal_data_is_shown_to_the_team_and_organizers_only(
    app, client, auth, group, make_canvass
):
    canvass = make_canvass(team=("facilitator",))
    auth.login("facilitator")
    post(
        client,
        f"{canvass.url}/visit",
        {
            **DOOR,
            "words": "Le bailleur ne répond jamais.",
            "contact": "fatou@exemple.fr",
            "consent": "y",
        },
    )
    for who, sees in (
        ("facilitator", True),
        ("organizer", True),
        ("admin", True),
        ("member", False),
    ):
        reader = app.test_client()
        from tests.helpers import Auth

        Auth(reader).login(who)
        for url in (canvass.url, f"{canvass.url}?building=Bâtiment+B"):
            page = reader.get(url).get_data(as_text=True)
            assert ("Le bailleur ne répond jamais." in page) is sees, (who, url)
            assert ("fatou@exemple.fr" in page) is sees, (who, url)
            assert ("esc. 2, 3e gauche" in page) is sees, (who, url)


def test_the_journal_keeps_no_personal_data(app, client, auth, group, make_canvass):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    post(
        client,
        f"{canvass.url}/visit",
        {
            **DOOR,
            "words": "Mes voisins font du bruit.",
            "contact": "06 00 00 00 00",
            "consent": "y",
        },
    )
    with app.app_context():
        payloads = [str(e.payload) for e in db.session.scalars(db.select(Event))]
    assert not any("bruit" in p or "06 00" in p or "esc. 2" in p for p in payloads)


def test_a_door_contact_leaves_the_call_back_list_a_year_and_a_day_after_the_round(
    app, client, auth, clock, group, make_canvass
):
    """The consent at the door runs until one year after the canvass's end (2026-04-04)."""
    canvass = make_canvass(team=("member",))
    auth.login("member")
    clock.freeze(datetime(2026, 4, 1, 10))
    post(client, f"{canvass.url}/visit", {**DOOR, "contact": "06 98 76 54 32", "consent": "y"})
    involved = {**DOOR, "floor": "5e", "wants_involvement": "y"}
    post(client, f"{canvass.url}/visit", {**involved, "contact": "awa@example.org", "consent": "y"})

    def seen() -> tuple[str, str]:
        page = client.get(canvass.url).get_data(as_text=True)
        call_backs = page[page.index('id="call-backs"') : page.index('id="doors"')]
        return call_backs, page[page.index('id="doors"') :]

    clock.freeze(datetime(2027, 4, 4, 21, 59))  # a year after the round: still theirs to use
    call_backs, doors = seen()
    assert "06 98 76 54 32" in call_backs and "awa@example.org" in call_backs
    assert "06 98 76 54 32" in doors
    clock.freeze(datetime(2027, 4, 5, 0, 0))  # a year and a day
    call_backs, doors = seen()
    assert "06 98 76 54 32" not in call_backs and "Bâtiment B, esc. 2" not in call_backs
    assert "Bâtiment B, 5e" in call_backs  # wants to get involved: the door is still there
    assert "awa@example.org" not in call_backs
    assert "06 98 76 54 32" not in doors and "awa@example.org" not in doors


def test_a_door_contact_runs_to_28_february_after_a_round_ending_on_29_february():
    """A leap day has no twin a year later: the year runs to the end of 28 February."""
    from types import SimpleNamespace

    from assembly.canvassing.operations import contact_expiry

    assert contact_expiry(SimpleNamespace(ends_on=date(2028, 2, 29))) == datetime(2029, 3, 1)
    assert contact_expiry(SimpleNamespace(ends_on=date(2026, 4, 4))) == datetime(2027, 4, 5)


def test_a_resident_at_the_door_shares_an_existing_need(
    app, client, auth, group, make_canvass, visits
):
    from assembly.needs.operations import submit_need

    with app.app_context():
        number = submit_need(
            db.session.get(Group, group.id), title="Ascenseur", trusted=True
        ).number
    canvass = make_canvass(team=("member",))
    auth.login("member")
    response = post(client, f"{canvass.url}/visit", {**DOOR, "shares_need": f"b-{number}"})
    assert response.status_code == 302
    [visit] = visits(canvass.id)
    assert [n[0] for n in visit.needs] == [number]
    with app.app_context():
        need = db.session.scalar(db.select(Need).filter_by(number=number))
        assert (need.total_support, need.counted_support) == (1, 1)  # one more, at the door
        counted = db.session.scalar(db.select(Event).filter_by(verb="need.counted"))
        assert counted.payload["channel"] == Channel.DOOR


def test_sharing_a_need_that_is_not_open_or_with_a_new_one_is_refused(
    app, client, auth, group, make_canvass, visits
):
    from assembly.needs.operations import submit_need

    with app.app_context():
        pending = submit_need(db.session.get(Group, group.id), title="En attente").number
    canvass = make_canvass(team=("member",))
    auth.login("member")
    for data in (
        {"shares_need": "B-999"},
        {"shares_need": f"B-{pending}"},
        {"shares_need": "douze"},
        {"shares_need": f"B-{pending}", "need_title": "Un autre besoin"},
    ):
        response = post(client, f"{canvass.url}/visit", {**DOOR, **data})
        assert response.status_code == 400
        assert 'id="shares_need-error"' in response.get_data(as_text=True)
    assert visits(canvass.id) == []


def test_the_people_to_call_back_are_listed_for_the_team(client, auth, group, make_canvass):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    post(client, f"{canvass.url}/visit", {**DOOR, "contact": "06 11 22 33 44", "consent": "y"})
    post(client, f"{canvass.url}/visit", {**DOOR, "floor": "2e", "wants_involvement": "y"})
    post(client, f"{canvass.url}/visit", {**DOOR, "floor": "3e"})  # nobody to call back
    page = client.get(canvass.url).get_data(as_text=True)
    section = page[page.index('id="call-backs"') : page.index('id="doors"')]
    assert "06 11 22 33 44" in section and "Bâtiment B, 2e" in section
    assert "Bâtiment B, 3e" not in section
    auth.logout()
    assert 'id="call-backs"' not in client.get(canvass.url).get_data(as_text=True)


def test_words_heard_in_another_language_keep_it_and_get_a_french_summary(
    app, client, auth, group, people, make_canvass, visits
):
    canvass = make_canvass(team=("member",))
    auth.login("member")
    words = "Ev çok soğuk, kalorifer çalışmıyor."
    door = {**DOOR, "words": words, "language": "tr", "need_title": "Kalorifer çalışmıyor"}
    assert post(client, f"{canvass.url}/visit", door).status_code == 302
    [visit] = visits(canvass.id)
    assert visit.language == "tr"
    with app.app_context():
        need = db.session.scalar(db.select(Need))
        assert need.language == "tr"  # the need raised at the door keeps it too
    page = client.get(canvass.url).get_data(as_text=True)
    written = f'<div class="written" lang="tr" dir="auto"><blockquote>{words}</blockquote></div>'
    assert written in page
    assert "Écrit en turc (Türkçe)." in page
    url = f"{canvass.url}/visits/{visit.id}/summary"
    response = post(client, url, {"french_summary": "Il fait très froid, le chauffage est coupé."})
    assert response.status_code == 302
    [visit] = visits(canvass.id)
    assert (visit.words, visit.french_summary) == (
        words,
        "Il fait très froid, le chauffage est coupé.",
    )
    auth.logout()
    auth.login("facilitator")  # not in this round's team: the doors are not theirs to read
    assert post(client, url, {"french_summary": "Autre chose."}).status_code == 403

"""A campaign's petition: signed online (no account, no script) and on paper sheets typed
in by the team; people who signed twice flagged for the team, never dropped; counts per
building and street; the handover to the target."""

import re
from datetime import datetime
from types import SimpleNamespace

import pytest

from assembly.auth.models import User
from assembly.campaigns.matching import name_key, place_key
from assembly.campaigns.models import (
    Action,
    ActionKind,
    Petition,
    Review,
    Signature,
    SignatureBatch,
    Target,
)
from assembly.campaigns.operations.counting import Tally
from assembly.extensions import db
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.models import Event
from tests.helpers import post

OPENED = datetime(2027, 3, 1, 9)


@pytest.fixture
def petition(app, group, people, make_campaign, clock):
    """An open petition of a public campaign under way, to its target; read back."""
    from assembly.campaigns.models import Campaign
    from assembly.campaigns.operations import petitions as operations

    clock.freeze(OPENED)
    campaign = make_campaign(started=True)
    with app.app_context():
        row = db.session.get(Campaign, campaign.id)
        target = Target(campaign_id=row.id, name="Mme Durand", role="Directrice d'agence")
        db.session.add(target)
        db.session.commit()
        made = operations.create_petition(
            row,
            title="Réparez nos ascenseurs",
            text="Nous demandons la réparation des ascenseurs sous 48 heures.",
            target=target,
            by=db.session.get(User, people["organizer"].id),
        )
        operations.set_open(made, True)
        team = f"/g/glycines/campaigns/{campaign.id}/petitions/{made.id}"
        return SimpleNamespace(
            id=made.id,
            campaign=campaign,
            sign=f"/g/glycines/campaigns/p/{made.id}",
            team=team,
            batch=f"{team}/batch",
            review=f"{team}/review",
        )


def browser(app, address="127.0.0.1"):
    """A new browser, no cookie yet, at `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign(client, petition, name="Awa Diallo", place="Bâtiment A", lives_here="yes", **more):
    return post(
        client, petition.sign, {"name": name, "place": place, "lives_here": lives_here, **more}
    )


def signatures(app, petition):
    with app.app_context():
        rows = db.session.scalars(
            db.select(Signature).filter_by(petition_id=petition.id).order_by(Signature.id)
        )
        return [
            SimpleNamespace(
                id=s.id,
                name=s.name,
                place=s.place,
                name_key=s.name_key,
                place_key=s.place_key,
                lives_here=s.lives_here,
                review=s.review,
                duplicate_of_id=s.duplicate_of_id,
                person_id=s.person_id,
                via=s.via,
                batch_id=s.batch_id,
                address_key=s.address_key,
            )
            for s in rows
        ]


def tally(app, petition):
    from assembly.campaigns.operations.counting import tally as count

    with app.app_context():
        return count(petition.id)


def verbs(app, petition):
    with app.app_context():
        return [
            e.verb
            for e in db.session.scalars(
                db.select(Event).filter_by(subject_type="petitions", subject_id=petition.id)
            )
        ]


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Awa Diallo", "awa diallo"),
        ("DIALLO Awa", "awa diallo"),
        ("awa  diallo", "awa diallo"),
        ("Mme Awa Diallo", "awa diallo"),
        (" Diallo, Awa. ", "awa diallo"),
        ("Hélène N'Diaye", "diaye helene n"),
        ("N’DIAYE Hélène", "diaye helene n"),
        ("Jean-Pierre Lefèvre", "jean lefevre pierre"),
        ("Lefevre Jean Pierre", "jean lefevre pierre"),
        ("Cœur Cécile", "cecile coeur"),
    ],
)
def test_names_are_compared_without_case_accents_spaces_punctuation_or_order(written, key):
    assert name_key(written) == key


def test_different_names_keep_different_keys():
    assert name_key("Awa Diallo") != name_key("Awa Diallo Traoré")
    assert name_key("Moussa Diallo") != name_key("Awa Diallo")


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Bâtiment A", "batiment a"),
        ("bat. A", "batiment a"),
        ("BÂT A", "batiment a"),
        ("Bât.A", "batiment a"),
        ("A", "batiment a"),
        ("immeuble C", "batiment c"),
        ("Rue des Lilas", "rue des lilas"),
        ("12 rue des lilas", "rue des lilas"),
        ("12 bis, Rue des Lilas", "rue des lilas"),
        ("r. des Lilas", "rue des lilas"),
        ("Av. Jean-Jaurès", "avenue jean jaures"),
    ],
)
def test_places_are_grouped_by_building_and_street(written, key):
    assert place_key(written) == key


# ---------------------------------------------------------------- signing online


def test_a_resident_signs_without_account_nor_contact_and_gets_a_receipt(app, petition):
    client = browser(app)
    page = client.get(petition.sign).get_data(as_text=True)
    assert "Réparez nos ascenseurs" in page and "Mme Durand" in page
    response = sign(client, petition)
    assert response.status_code == 302 and "/receipt/" in response.headers["Location"]
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merci pour votre signature" in receipt and "1 signature" in receipt
    [row] = signatures(app, petition)
    assert (row.name, row.place, row.lives_here) == ("Awa Diallo", "Bâtiment A", True)
    assert row.person_id is None  # no contact given: nobody in the contact book
    assert (row.name_key, row.place_key) == ("awa diallo", "batiment a")
    assert verbs(app, petition).count("petition.signed") == 1


def test_a_contact_is_kept_with_each_consent_in_its_words(app, petition):
    response = sign(
        browser(app),
        petition,
        contact="06 12 34 56 78",
        consent="y",
        reminders="y",
        lives_here="no",
    )
    assert response.status_code == 302
    [row] = signatures(app, petition)
    assert row.lives_here is False
    with app.app_context():
        person = db.session.get(Person, row.person_id)
        assert person.phone == "+33612345678" and person.name == "Awa Diallo"
        consents = {c.purpose: c.wording for c in person.consents}
    assert set(consents) == {ConsentPurpose.GROUP_ACTIONS, ConsentPurpose.SMS_REMINDERS}
    assert "pour me parler de cette pétition" in consents[ConsentPurpose.GROUP_ACTIONS]
    assert "rappel" in consents[ConsentPurpose.SMS_REMINDERS]


def test_a_contact_without_its_box_is_refused_next_to_the_box_and_the_text_kept(app, petition):
    response = sign(browser(app), petition, name="Koffi Mensah", contact="koffi@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Koffi Mensah" in page and "koffi@example.org" in page
    assert signatures(app, petition) == []


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_kept(app, petition):
    response = sign(browser(app), petition, website="http://spam.example")
    assert response.status_code == 302 and "/receipt/" not in response.headers["Location"]
    assert signatures(app, petition) == []


def test_the_same_form_sent_twice_signs_once(app, petition):
    client = browser(app)
    once = re.search(
        r'name="once" type="hidden" value="([^"]+)"', client.get(petition.sign).get_data(True)
    )
    first = sign(client, petition, once=once.group(1))
    second = sign(client, petition, once=once.group(1))
    assert first.headers["Location"] == second.headers["Location"]
    assert len(signatures(app, petition)) == 1


def test_the_team_page_says_the_petition_is_open_and_offers_to_close_it(auth, client, petition):
    """Its state reads as a state, the button as an act: two words in French."""
    auth.login("organizer")
    page = client.get(petition.team).get_data(as_text=True)
    assert "Ouverte aux signatures" in page and ">Fermer</button>" in page
    assert post(client, f"{petition.team}/state", {"state": "closed"}).status_code == 302
    page = client.get(petition.team).get_data(as_text=True)
    assert "Ouverte aux signatures" not in page and ">Ouvrir aux signatures</button>" in page


def test_a_closed_petition_takes_no_signature(app, auth, client, petition):
    auth.login("organizer")
    assert post(client, f"{petition.team}/state", {"state": "closed"}).status_code == 302
    response = sign(browser(app), petition)
    assert response.status_code == 200
    assert "On ne peut pas signer cette pétition" in response.get_data(as_text=True)
    assert signatures(app, petition) == []
    assert "petition.closed" in verbs(app, petition)


def test_a_petition_of_a_campaign_hidden_from_the_visitor_is_hidden_too(
    app, petition, make_campaign
):
    from assembly.campaigns.models import Campaign

    with app.app_context():
        db.session.get(Campaign, petition.campaign.id).public = False
        db.session.commit()
    assert browser(app).get(petition.sign).status_code == 404
    assert sign(browser(app), petition).status_code == 404


def test_a_room_on_one_hotspot_signs_past_the_cap_held_for_the_team(app, auth, client, petition):
    cap = app.config["SIGNATURES_PER_ADDRESS_PER_DAY"]
    answers = [
        sign(browser(app, "198.51.100.7"), petition, name=f"Voisine {n}", place="Bâtiment B")
        for n in range(cap + 3)
    ]
    assert all(a.status_code == 302 for a in answers)  # nobody is refused
    rows = signatures(app, petition)
    assert [r.review for r in rows] == [Review.NONE] * cap + [Review.HELD] * 3
    assert tally(app, petition) == Tally(counted=cap, flagged=0, held=3)
    held_receipt = browser(app).get(answers[-1].headers["Location"]).get_data(as_text=True)
    assert "L’équipe va vérifier votre signature" in held_receipt
    # Another address is not held.
    sign(browser(app, "198.51.100.8"), petition, name="Autre voisin")
    assert signatures(app, petition)[-1].review == Review.NONE

    auth.login("facilitator")
    page = client.get(petition.review).get_data(as_text=True)
    assert "Voisine" in page
    through = re.search(r'name="through" value="(\d+)"', page).group(1)
    response = post(client, f"{petition.team}/held", {"decision": "count", "through": through})
    assert response.status_code == 302
    assert tally(app, petition).counted == cap + 4 and tally(app, petition).held == 0
    assert all(r.address_key is None for r in signatures(app, petition)[cap : cap + 3])
    assert "petition.held_counted" in verbs(app, petition)


def test_held_signatures_set_aside_need_a_confirmation(app, auth, client, petition):
    cap = app.config["SIGNATURES_PER_ADDRESS_PER_DAY"]
    for n in range(cap + 2):
        sign(browser(app), petition, name=f"Robot {n}")
    auth.login("facilitator")
    last = signatures(app, petition)[-1].id
    post(client, f"{petition.team}/held", {"decision": "discard", "through": last})
    assert tally(app, petition).held == 2  # not confirmed: nothing changed
    post(
        client, f"{petition.team}/held", {"decision": "discard", "through": last, "confirm": "yes"}
    )
    assert tally(app, petition).held == 0 and len(signatures(app, petition)) == cap
    assert "petition.held_discarded" in verbs(app, petition)


# ---------------------------------------------------------------- duplicates


def test_the_same_person_signing_again_is_flagged_not_dropped_and_the_team_decides(
    app, auth, client, petition
):
    sign(browser(app, "203.0.113.1"), petition, name="Awa Diallo", place="Bâtiment A")
    sign(browser(app, "203.0.113.2"), petition, name="DIALLO Awa", place="bat. A")
    sign(browser(app, "203.0.113.3"), petition, name="Awa Diallo", place="Bâtiment C")
    first, again, elsewhere = signatures(app, petition)
    assert again.review == Review.FLAGGED and again.duplicate_of_id == first.id
    assert elsewhere.review == Review.NONE  # another building: another person
    assert tally(app, petition).counted == 3 and tally(app, petition).flagged == 1

    auth.login("facilitator")
    page = client.get(petition.review).get_data(as_text=True)
    assert "DIALLO Awa" in page and "ressemble à\u00a0: Awa Diallo" in page
    url = f"{petition.team}/signatures/{again.id}/review"
    assert post(client, url, {"decision": "same"}).status_code == 302
    assert tally(app, petition).counted == 2 and tally(app, petition).flagged == 0
    assert signatures(app, petition)[1].review == Review.DUPLICATE
    assert "petition.signature_reviewed" in verbs(app, petition)
    # The campaign page and the counts say 2.
    campaign_page = client.get(petition.campaign.url).get_data(as_text=True)
    assert "2 signatures" in campaign_page


def test_a_flagged_signature_found_distinct_stays_counted(app, auth, client, petition):
    sign(browser(app, "203.0.113.1"), petition)
    sign(browser(app, "203.0.113.2"), petition, name="awa  diallo")
    second = signatures(app, petition)[1]
    auth.login("facilitator")
    post(client, f"{petition.team}/signatures/{second.id}/review", {"decision": "distinct"})
    assert signatures(app, petition)[1].review == Review.DISTINCT
    assert tally(app, petition).counted == 2 and tally(app, petition).to_review == 0


def test_the_same_contact_under_another_name_is_flagged(app, petition):
    sign(browser(app, "203.0.113.1"), petition, contact="awa@example.org", consent="y")
    sign(
        browser(app, "203.0.113.2"),
        petition,
        name="A. Diallo",
        place="Rue des Lilas",
        contact="awa@example.org",
        consent="y",
    )
    first, second = signatures(app, petition)
    assert None not in (first.person_id, second.person_id)
    assert second.review == Review.FLAGGED and second.duplicate_of_id == first.id


# ---------------------------------------------------------------- paper sheets


def batch_data(rows, sheet="Feuille 1 — marché"):
    data = {"sheet": sheet}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"rows-{index}-{name}"] = value
    return data


def test_a_batch_of_sheet_lines_is_typed_in_blank_lines_skipped_and_journaled(
    app, auth, client, people, petition
):
    sign(browser(app), petition, name="Awa Diallo", place="Bâtiment A")
    auth.login("facilitator")
    page = client.get(petition.batch).get_data(as_text=True)
    assert page.count('name="rows-') == 15 * 5
    rows = [
        {"name": "Moussa Camara", "place": "Bâtiment B", "lives_here": "yes"},
        {},  # a blank line
        {"name": "DIALLO Awa", "place": "A", "lives_here": "yes"},  # signed online too
        {
            "name": "Lucie Martin",
            "place": "12 rue des Lilas",
            "lives_here": "no",
            "contact": "06 11 22 33 44",
            "consent": "y",
        },
    ]
    response = post(client, petition.batch, batch_data(rows))
    assert response.status_code == 302
    typed = signatures(app, petition)[1:]
    assert [s.name for s in typed] == ["Moussa Camara", "DIALLO Awa", "Lucie Martin"]
    assert [s.lives_here for s in typed] == [True, True, False]
    assert typed[1].review == Review.FLAGGED
    assert typed[2].person_id is not None and typed[0].person_id is None
    with app.app_context():
        batch = db.session.scalar(db.select(SignatureBatch))
        assert (batch.count, batch.sheet, batch.typed_by_id) == (
            3,
            "Feuille 1 — marché",
            people["facilitator"].id,
        )
        event = db.session.scalar(db.select(Event).filter_by(verb="petition.batch_typed"))
        assert event.actor_id == people["facilitator"].id and event.payload["count"] == 3
        consent = db.session.get(Person, typed[2].person_id).consents[0]
        assert consent.source == "paper" and consent.recorded_by_id == people["facilitator"].id


def test_a_batch_with_a_wrong_line_is_refused_with_every_line_kept(app, auth, client, petition):
    auth.login("facilitator")
    rows = [
        {"name": "Moussa Camara", "place": "Bâtiment B"},
        {"place": "Bâtiment C"},  # no name
        {"name": "Lucie Martin", "contact": "06 11 22 33 44"},  # contact without consent
    ]
    response = post(client, petition.batch, batch_data(rows))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Moussa Camara" in page and "Bâtiment C" in page and "06 11 22 33 44" in page
    assert 'id="rows-1-error"' in page and "Écrivez le nom" in page
    assert 'id="rows-2-error"' in page and 'id="rows-0-error"' not in page
    assert signatures(app, petition) == []


# ---------------------------------------------------------------- counts


def test_counts_per_building_and_street_are_exact(app, auth, client, petition):
    places = ["Bâtiment A"] * 3 + ["bat a", "Bâtiment B", "12 rue des Lilas", "Rue des lilas"]
    for n, place in enumerate(places):
        sign(browser(app, f"203.0.113.{n}"), petition, name=f"Voisin {n}", place=place)
    sign(browser(app, "203.0.113.50"), petition, name="Voisin 0", place="Bât. A")  # flagged
    sign(browser(app, "203.0.113.51"), petition, name="Voisin 9", place="B", lives_here="no")
    from assembly.campaigns.operations.counting import counts_by_place

    with app.app_context():
        places, total = counts_by_place(db.session.get(Petition, petition.id))
        counts = {c.key: (c.counted, c.lives_here, c.to_review) for c in places}
    assert counts == {"batiment a": (5, 5, 1), "rue des lilas": (2, 2, 0), "batiment b": (2, 1, 0)}
    assert total == tally(app, petition) == Tally(counted=9, flagged=1, held=0)
    auth.login("facilitator")
    page = client.get(petition.team).get_data(as_text=True)
    assert "<svg" in page and 'class="bars"' in page
    # A place shows as one of the ways it was written.
    assert re.search(r"Bât\. A</th><td>5</td><td>5</td><td>1</td>", page)
    assert "9 signatures" in page and "1 à vérifier" in page


def test_the_campaign_page_shows_the_count_and_the_team_its_tools(app, auth, client, petition):
    sign(browser(app, "203.0.113.1"), petition)
    sign(browser(app, "203.0.113.2"), petition, name="Diallo Awa")
    public = browser(app).get(petition.campaign.url).get_data(as_text=True)
    assert "Réparez nos ascenseurs" in public and "2 signatures" in public
    assert "Signer la pétition" in public and "à vérifier" not in public
    assert "/batch" not in public
    auth.login("facilitator")
    team = client.get(petition.campaign.url).get_data(as_text=True)
    assert "1 à vérifier" in team and "/batch" in team and "/sheet" in team


# ---------------------------------------------------------------- paper and handover


def test_the_sheet_to_print_has_the_text_the_target_the_qr_and_the_address(
    app, auth, client, petition
):
    auth.login("facilitator")
    page = client.get(f"{petition.team}/sheet").get_data(as_text=True)
    assert "Nous demandons la réparation" in page and "Mme Durand" in page
    assert 'src="data:image/svg+xml' in page
    assert f"localhost/g/glycines/campaigns/p/{petition.id}" in page
    for column in ("Nom", "Bâtiment ou rue", "J’habite ici", "Signature", "Téléphone ou e-mail"):
        assert column in page
    import segno

    decoded = segno.make(f"http://localhost/g/glycines/campaigns/p/{petition.id}", error="m")
    assert decoded.svg_data_uri(scale=3, border=2) in page.replace("&amp;", "&").replace(
        "&#39;", "'"
    ).replace("&#34;", '"')


def test_the_sheet_speaks_the_site_language_whoever_prints_it(app, auth, client, petition):
    """The street signs it and the target receives it: French, as the poster."""
    auth.login("facilitator")
    client.set_cookie("lang", "ar")
    assert 'dir="rtl"' in client.get(f"{petition.team}").get_data(as_text=True)
    page = client.get(f"{petition.team}/sheet").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    assert "J’habite ici" in page and "Signature" in page


def test_handing_over_makes_an_action_with_the_count_of_that_moment(app, auth, client, petition):
    sign(browser(app, "203.0.113.1"), petition)
    sign(browser(app, "203.0.113.2"), petition, name="Moussa Camara")
    sign(browser(app, "203.0.113.3"), petition, name="DIALLO Awa")  # flagged: still counts
    second = signatures(app, petition)[2]
    auth.login("organizer")
    post(client, f"{petition.team}/signatures/{second.id}/review", {"decision": "same"})
    response = post(
        client,
        f"{petition.team}/deliver",
        {
            "title": "Remise de la pétition",
            "date": "2027-03-20",
            "time": "10:00",
            "place": "Agence du bailleur",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        action = db.session.scalar(db.select(Action))
        assert (action.kind, action.petition_id, action.delivered_count) == (
            ActionKind.PETITION,
            petition.id,
            2,
        )
        assert action.target is not None and action.target.name == "Mme Durand"
    assert "petition.delivered" in verbs(app, petition)
    listing = client.get(f"{petition.team}/list").get_data(as_text=True)
    assert "Awa Diallo" in listing and "Moussa Camara" in listing
    assert "DIALLO Awa" not in listing and "2 signatures" in listing


def test_only_organizers_write_and_open_a_petition(app, auth, client, petition):
    auth.login("facilitator")
    new = f"/g/glycines/campaigns/{petition.campaign.id}/petitions/new"
    assert post(client, new, {"title": "X", "text": "Y"}).status_code == 403
    auth.logout()
    auth.login("organizer")
    response = post(client, new, {"title": "Des caves propres", "text": "Nettoyez les caves."})
    assert response.status_code == 302
    response = post(client, new, {"title": "", "text": "Nettoyez les caves."})
    assert response.status_code == 400 and "Nettoyez les caves." in response.get_data(True)

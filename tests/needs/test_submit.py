"""A resident voices a need without an account, gets a number, and follows it."""

from assembly.extensions import db
from assembly.needs.models import Channel, Moderation, Need
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.trace.models import Event
from tests.helpers import post

NEW = "/g/glycines/needs/new"


def test_anonymous_resident_voices_a_need_gets_a_receipt_and_follows_it(
    app, client, group, need_row
):
    response = post(
        client, NEW, {"title": "Le chauffage est coupé", "body": "Depuis lundi.", "place": "Bât. B"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/g/glycines/needs/1/receipt"
    receipt = client.get("/g/glycines/needs/1/receipt").get_data(as_text=True)
    assert "B-1" in receipt and "http://localhost/g/glycines/needs/1" in receipt
    page = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert "Le chauffage est coupé" in page and "Depuis lundi." in page
    need = need_row(1)
    assert (need.channel, need.moderation, need.support_count) == (
        Channel.WEB,
        Moderation.PENDING,
        1,
    )


def test_a_pending_need_shows_only_its_number_to_others(app, client, group):
    post(client, NEW, {"title": "Texte encore privé"})
    stranger = app.test_client()
    page = stranger.get("/g/glycines/needs/1").get_data(as_text=True)
    assert "B-1" in page and "Texte encore privé" not in page
    assert "Texte encore privé" not in stranger.get("/g/glycines/needs").get_data(as_text=True)


def test_without_premoderation_a_need_is_public_at_once(app, client, auth, group):
    auth.login("organizer")
    post(client, "/g/glycines/needs/settings", {})  # unticked box: no premoderation
    other = app.test_client()
    post(other, NEW, {"title": "Visible tout de suite"})
    assert "Visible tout de suite" in app.test_client().get("/g/glycines/needs").get_data(
        as_text=True
    )


def test_failed_submission_comes_back_400_with_the_text_kept(client, group):
    response = post(
        client, NEW, {"title": "", "body": "Mon texte important", "place": "Rue des Lilas"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Mon texte important" in page and 'value="Rue des Lilas"' in page
    assert 'id="title-error"' in page


def test_contact_is_kept_only_with_consent(app, client, group, need_row, person_of):
    response = post(client, NEW, {"title": "Fuite", "contact": "06 11 22 33 44"})
    assert response.status_code == 400
    assert 'value="06 11 22 33 44"' in response.get_data(as_text=True)
    assert 'id="consent-error"' in response.get_data(as_text=True)
    post(
        client,
        NEW,
        {"title": "Fuite", "author_name": "Awa", "contact": "06 11 22 33 44", "consent": "y"},
    )
    assert need_row(1).author_name == "Awa"  # the name as signed on this need stays
    person = person_of(1)
    assert (person.name, person.phone, person.email, person.user_id) == (
        "Awa",
        "+33611223344",  # read and stored in E.164
        "",
        None,
    )
    [consent] = person.consents
    assert (consent.purpose, consent.source, consent.expires_at) == (
        ConsentPurpose.NEED_FOLLOWUP,
        ConsentSource.WEB,
        None,  # it runs until the need is closed
    )
    assert consent.wording.startswith("J’accepte que le collectif garde ce téléphone")
    assert "tant que le besoin est ouvert" in consent.wording  # the words the resident read


def test_without_a_contact_nor_a_name_an_anonymous_need_names_nobody(client, group, person_of):
    post(client, NEW, {"title": "Fuite"})
    assert person_of(1) is None


def test_a_contact_that_is_no_phone_nor_email_comes_back_with_its_error(app, client, group):
    for typed, message in (
        ("06 11 22", "Ce numéro de téléphone n’est pas lisible"),
        ("awa@exemple", "Ce n’est pas une adresse e-mail"),
    ):
        data = {"title": "Fuite", "body": "Sous l’évier.", "contact": typed, "consent": "y"}
        response = post(client, NEW, data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f'value="{typed}"' in page and "Sous l’évier." in page
        error = page[page.index('id="contact-error"') :]
        assert error.index(message) < error.index("</p>")  # next to the field
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 0


def test_a_member_voicing_a_need_is_their_own_person(app, client, auth, group, people, person_of):
    auth.login("member")
    post(client, NEW, {"title": "Fuite", "contact": "member@exemple.fr", "consent": "y"})
    post(client, NEW, {"title": "Rats", "confirmed": "1"})
    first, second = person_of(1), person_of(2)
    assert first.id == second.id and first.user_id == people["member"].id
    assert (first.name, first.email) == ("Member", "member@exemple.fr")


def test_contact_is_seen_by_the_team_only(app, client, auth, group, make_need):
    make_need(contact="fatou@exemple.fr", author_name="Fatou")
    assert "fatou@exemple.fr" not in app.test_client().get("/g/glycines/needs/1").get_data(
        as_text=True
    )
    auth.login("member")
    assert "fatou@exemple.fr" not in client.get("/g/glycines/needs/1").get_data(as_text=True)
    auth.logout()
    auth.login("facilitator")
    assert "Fatou · fatou@exemple.fr" in client.get("/g/glycines/needs/1").get_data(as_text=True)


def test_the_team_sees_no_contact_once_the_consent_is_withdrawn(
    app, client, auth, group, make_need
):
    from assembly.people.models import Consent
    from assembly.people.operations import withdraw_consent

    make_need(contact="06 11 22 33 44", author_name="Fatou")
    with app.app_context():
        withdraw_consent(db.session.scalar(db.select(Consent)))
        db.session.commit()
    auth.login("organizer")
    page = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert "Fatou" in page and "06 11 22 33 44" not in page


def test_honeypot_filled_means_nothing_is_recorded(app, client, group):
    response = post(client, NEW, {"title": "Achetez des montres", "website": "http://spam.example"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Need)) == 0


def test_public_form_is_rate_limited_per_address(app_factory, make_user):
    app = app_factory(PUBLIC_FORM_RATE_LIMIT="2 per hour")
    from assembly.groups.operations import create_group

    with app.app_context():
        create_group("Collectif", "glycines", admin=None)
    client = app.test_client()
    statuses = [post(client, NEW, {"title": f"Besoin {i}"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert "Trop de tentatives" in post(client, NEW, {"title": "encore"}).get_data(as_text=True)


def test_the_team_records_a_need_from_paper_counted_on_its_channel(
    app, client, auth, group, need_row
):
    auth.login("facilitator")
    response = post(
        client,
        NEW,
        {"title": "Boîtes aux lettres cassées", "channel": "paper", "author_name": "M. Diallo"},
    )
    assert response.status_code == 302
    need = need_row(1)
    assert need.channel == Channel.PAPER and need.moderation == Moderation.APPROVED
    assert (need.support_count, need.counted_support, need.total_support) == (0, 1, 1)
    assert need.author_id is None and need.author_name == "M. Diallo"
    with app.app_context():
        event = db.session.scalar(db.select(Event).filter_by(verb="need.submitted"))
        assert event.payload["channel"] == "paper"


def test_a_contact_the_team_takes_down_is_given_on_the_need_s_channel(
    auth, client, group, people, person_of
):
    auth.login("facilitator")
    data = {"title": "Fuite", "channel": "phone", "author_name": "M. Diallo"}
    post(client, NEW, {**data, "contact": "+32 470 12 34 56", "consent": "y"})
    person = person_of(1)
    assert (person.name, person.phone, person.user_id) == ("M. Diallo", "+32470123456", None)
    [consent] = person.consents
    assert consent.source == ConsentSource.PHONE  # said over the phone
    assert consent.recorded_by_id == people["facilitator"].id  # and written down by them


def test_a_resident_s_contact_the_team_types_on_the_web_channel_is_not_the_team_member_s(
    app, auth, client, group, people, person_of
):
    auth.login("facilitator")
    data = {"title": "Fuite", "author_name": "Mme Ba", "contact": "06 11 22 33 44"}
    post(client, NEW, {**data, "consent": "y"})  # the channel left at "website"
    person = person_of(1)
    assert (person.name, person.phone, person.user_id) == ("Mme Ba", "+33611223344", None)
    with app.app_context():
        mine = db.select(Person).filter_by(user_id=people["facilitator"].id)
        assert db.session.scalars(mine).all() == []  # the facilitator's own: untouched


def test_short_address_is_the_form_itself_with_no_redirect(client, group):
    """A phone that scans the poster gets the form in one round trip; it posts as the form."""
    response = client.get("/g/glycines/b")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'action="/g/glycines/needs/new"' in page and 'name="title"' in page


def test_poster_has_a_qr_code_of_the_short_address(client, group):
    page = client.get("/g/glycines/poster?size=a5").get_data(as_text=True)
    assert "localhost/g/glycines/b" in page and 'class="poster a5"' in page
    svg = client.get("/g/glycines/poster/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data

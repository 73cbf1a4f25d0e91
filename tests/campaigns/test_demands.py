"""Demands, the target's answers and meetings, and its commitments held to their date.

Members read them, organizers write them, the public sees none of it. A commitment past
its date is late on every page at once, is written late (journaled once) by the sender's
producer, and waits for the team on the group's home and in its morning digest.
"""

import io
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from odfdo import Document

from assembly.campaigns.models import Commitment, CommitmentState, Demand, Exchange, Target
from assembly.extensions import db
from assembly.trace.models import Event
from tests.helpers import post
from tests.messaging import MESSAGING

# Paris is UTC+1 in winter: 23:30 UTC on the 15th is already the 16th there.
NOON = datetime(2026, 12, 10, 11, 0)


@pytest.fixture
def app(app_factory):
    """An app that writes e-mails, for the team's digest."""
    return app_factory(**MESSAGING)


@pytest.fixture
def lifts(app, group, make_campaign, clock):
    """A public campaign under way with its target; the clock stopped on 10 December."""
    clock.freeze(NOON)
    campaign = make_campaign("Des ascenseurs qui marchent", started=True)
    with app.app_context():
        target = Target(
            campaign_id=campaign.id,
            name="Mme Nadia Roux",
            role="directrice de l'agence",
            organisation="Habitat Isère",
        )
        db.session.add(target)
        db.session.commit()
        campaign.target_id = target.id
    base = f"{campaign.url}/demands"
    return SimpleNamespace(
        id=campaign.id, url=campaign.url, target_id=campaign.target_id, base=base
    )


def demand_form(lifts, **changes):
    return {
        "what": "Réparer l'ascenseur du bâtiment C.",
        "target": str(lifts.target_id),
        "sent_how": "letter",
        "sent_on": "2026-11-02",
        "letter": "Madame la Directrice,\n\nL'ascenseur du C est en panne.\nDepuis trois "
        "semaines.\n\nNous demandons sa réparation.",
    } | changes


def write_demand(client, auth, lifts, **changes) -> str:
    """An organizer writes a demand; the address of its page."""
    auth.login("organizer")
    response = post(client, f"{lifts.base}/new", demand_form(lifts, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return response.headers["Location"]


def add_commitment(client, auth, demand_url, due_on="2026-12-15", **fields) -> int:
    auth.login("organizer")
    data = {"what": "Réparer l'ascenseur du C avant le 15.", "due_on": due_on} | fields
    response = post(client, f"{demand_url}/commitments/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return int(response.headers["Location"].rsplit("#commitment-", 1)[1])


def events(app, verb) -> list[SimpleNamespace]:
    with app.app_context():
        rows = db.session.scalars(db.select(Event).filter_by(verb=verb).order_by(Event.id))
        return [SimpleNamespace(actor_id=e.actor_id, payload=e.payload) for e in rows]


def state_of(app, commitment_id) -> CommitmentState:
    with app.app_context():
        return db.session.get(Commitment, commitment_id).state


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# Demands: who writes, who reads


def test_organizers_write_a_demand_members_read_it_the_public_sees_none(
    app, client, auth, people, lifts
):
    url = write_demand(client, auth, lifts)
    with app.app_context():
        demand = db.session.scalar(db.select(Demand))
        assert demand.target_id == lifts.target_id and demand.sent_on == date(2026, 11, 2)
        assert demand.created_by_id == people["organizer"].id
    assert len(events(app, "campaign.demand_written")) == 1
    # Anyone reads the campaign under way, but not its demands.
    public = page(client, lifts.url)
    assert "Réparer l&#39;ascenseur du bâtiment C" not in public and "Revendications" not in public
    assert client.get(url).headers["Location"].startswith("/login")
    assert client.get(lifts.base).headers["Location"].startswith("/login")
    auth.login("outsider")
    assert client.get(url).status_code == 403
    auth.logout()
    # Members read it, on the campaign page and on its own.
    auth.login("member")
    summary = page(client, lifts.url)
    assert "Revendications et engagements" in summary and "Réparer l&#39;ascenseur" in summary
    assert "Envoyée le 2 novembre 2026 (courrier)" in summary
    shown = page(client, url)
    assert "À <bdi>Mme Nadia Roux, directrice de l&#39;agence (Habitat Isère)</bdi>" in shown
    assert "Écrire une revendication" not in summary and "/edit" not in shown
    assert post(client, f"{lifts.base}/new", demand_form(lifts)).status_code == 403


def test_a_demand_is_edited_and_deleted_with_what_was_noted_under_it(app, client, auth, lifts):
    url = write_demand(client, auth, lifts, sent_how="", sent_on="")
    commitment_id = add_commitment(client, auth, url)
    auth.login("organizer")
    assert "Pas encore envoyée" in page(client, url)
    response = post(client, f"{url}/edit", demand_form(lifts, what="Un contrat d'entretien."))
    assert response.status_code == 302
    [edited] = events(app, "campaign.demand_edited")
    assert edited.payload["fields"] == ["what", "sent_on", "sent_how"]
    assert post(client, f"{url}/delete", {}).status_code == 400  # no confirmation step
    assert post(client, f"{url}/delete", {"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Demand)) is None
        assert db.session.get(Commitment, commitment_id) is None
    assert events(app, "campaign.demand_deleted")[0].payload["commitments"] == 1


def test_a_demand_without_target_is_allowed_and_the_form_says_to_add_one_first(
    app, client, auth, make_campaign
):
    bare = make_campaign("Des caves propres", started=True)
    auth.login("organizer")
    form = page(client, f"{bare.url}/demands/new")
    assert "La campagne n’a pas encore de cible" in form
    response = post(client, f"{bare.url}/demands/new", {"what": "Nettoyer les caves."})
    assert response.status_code == 302
    assert "Pas encore de cible" in page(client, response.headers["Location"])


def test_bad_input_is_refused_with_the_text_kept(app, client, auth, lifts):
    auth.login("organizer")
    response = post(client, f"{lifts.base}/new", demand_form(lifts, sent_on=""))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Indiquez la date d’envoi." in text and "Depuis trois" in text
    response = post(client, f"{lifts.base}/new", demand_form(lifts, sent_on="2026-12-11"))
    assert response.status_code == 400 and "pas encore arrivée" in response.get_data(True)
    auth.logout()
    url = write_demand(client, auth, lifts)
    auth.login("organizer")
    response = post(
        client,
        f"{url}/commitments/new",
        {"what": "Réparer l'ascenseur du C.", "due_on": "15/13/2026", "said_by": "Mme Roux"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Réparer l&#39;ascenseur du C." in text and "15/13/2026" in text and "Mme Roux" in text
    assert 'id="due_on-error"' in text
    response = post(client, f"{url}/exchanges/new", {"kind": "answer", "said": "Non."})
    assert response.status_code == 400 and "Non." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Commitment.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Exchange.id))) == 0


# The letter


def test_the_letter_prints_alone_with_the_group_the_french_date_and_the_target(
    app, client, auth, group, lifts
):
    from assembly.groups.models import Group

    with app.app_context():
        db.session.get(Group, group.id).contact = "glycines@example.org · 06 12 34 56 78"
        db.session.commit()
    url = write_demand(client, auth, lifts)
    auth.login("member")
    letter = page(client, f"{url}/letter")
    assert "Collectif des Glycines" in letter and "glycines@example.org" in letter
    assert "Le 2 novembre 2026" in letter
    assert (
        "Adressée à\u00a0: <bdi>Mme Nadia Roux, directrice de l&#39;agence (Habitat Isère)</bdi>"
        in letter
    )
    assert "Objet\u00a0: <bdi>Réparer l&#39;ascenseur du bâtiment C.</bdi>" in letter
    # One paragraph per blank line; the lines of a paragraph kept.
    assert (
        '<p class="lines">L&#39;ascenseur du C est en panne.\nDepuis trois semaines.</p>' in letter
    )
    assert "<nav" not in letter and "Se déconnecter" not in letter  # nothing but the letter
    assert 'class="letter"' in letter


def test_an_organizer_reading_in_arabic_prints_the_letter_in_french(
    app, client, auth, group, lifts
):
    """The letter, to a French landlord, speaks the site's language, like the other printed
    pages; a page it cannot find answers in hers."""
    url = write_demand(client, auth, lifts)
    auth.login("member")
    client.set_cookie("lang", "ar")
    letter = page(client, f"{url}/letter")
    assert '<html lang="fr" dir="ltr">' in letter
    assert "Retour à la revendication" in letter
    assert "Le 2 novembre 2026" in letter
    assert "Objet\u00a0: <bdi>Réparer l&#39;ascenseur du bâtiment C.</bdi>" in letter
    text = Document(io.BytesIO(client.get(f"{url}/letter.odt").data)).get_formatted_text()
    assert "Le 2 novembre 2026" in text and "Objet\u00a0: Réparer" in text
    missing = client.get(url.rsplit("/", 1)[0] + "/999/letter")
    assert missing.status_code == 404 and '<html lang="ar" dir="rtl">' in missing.text


def test_on_an_arabic_page_the_teams_french_words_keep_their_own_direction(
    app, client, auth, lifts
):
    """A page read right to left quotes what the team wrote in French: each piece is
    isolated (`<bdi>`, or `dir="auto"` on an element of its own), so its final period and
    its brackets stay at its end instead of jumping to the other side of the line."""
    url = write_demand(client, auth, lifts)
    commitment_id = add_commitment(client, auth, url)
    auth.login("organizer")
    state_url = f"{lifts.url}/commitments/{commitment_id}/state"
    assert post(client, state_url, {"state": "kept", "note": "Réparé lundi."}).status_code == 302
    client.set_cookie("lang", "ar")
    target = "<bdi>Mme Nadia Roux, directrice de l&#39;agence (Habitat Isère)</bdi>"
    what = "<bdi>Réparer l&#39;ascenseur du C avant le 15.</bdi>"
    shown = page(client, url)
    assert "<h1><bdi>Réparer l&#39;ascenseur du bâtiment C.</bdi></h1>" in shown
    assert target in shown and f"<strong>{what}</strong>" in shown
    assert "<bdi>Réparé lundi.</bdi>" in shown
    assert '<p class="lines" dir="auto">L&#39;ascenseur du C est en panne.' in shown
    for listing in (page(client, lifts.base), page(client, lifts.url)):
        assert 'dir="auto">Réparer l&#39;ascenseur du bâtiment C.</a>' in listing
        assert target in listing and what in listing


def test_the_letter_downloads_as_an_odt_with_its_text(app, client, auth, lifts):
    url = write_demand(client, auth, lifts)
    auth.login("member")
    response = client.get(f"{url}/letter.odt")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.oasis.opendocument.text"
    disposition = response.headers["Content-Disposition"]
    assert 'filename="courrier-de-revendications-2026-11-02-des-ascenseurs' in disposition
    document = Document(io.BytesIO(response.data))
    text = document.get_formatted_text()
    assert document.meta.get_title() == "Courrier\u00a0: Des ascenseurs qui marchent"
    for words in (
        "Collectif des Glycines",
        "Le 2 novembre 2026",
        "Adressée à\u00a0: Mme Nadia Roux",
        "Objet\u00a0: Réparer l'ascenseur du bâtiment C.",
        "Madame la Directrice,",
        "Nous demandons sa réparation.",
    ):
        assert words in text
    # One paragraph per blank line of the text; the lines of a paragraph kept as breaks.
    xml = [p.serialize() for p in document.body.get_paragraphs()]
    assert "L'ascenseur du C est en panne.<text:line-break/>Depuis trois semaines." in "".join(xml)
    assert sum("Madame la Directrice," in x or "Nous demandons" in x for x in xml) == 2


# The target's answers and the meetings with it


def test_answers_and_meetings_are_listed_in_date_order(app, client, auth, lifts):
    url = write_demand(client, auth, lifts)
    auth.login("organizer")
    for data in (
        {"kind": "meeting", "happened_on": "2026-11-20", "who_went": "Awa, Karim et Josette",
         "said": "Elle promet la réparation."},
        {"kind": "answer", "happened_on": "2026-11-09", "said": "Réponse écrite : pas avant mars."},
    ):  # fmt: skip
        assert post(client, f"{url}/exchanges/new", data).status_code == 302
    shown = page(client, url)
    assert shown.index("pas avant mars") < shown.index("Elle promet la réparation.")
    assert shown.index("9 novembre 2026") < shown.index("20 novembre 2026")
    assert "Y sont allés\u00a0: <bdi>Awa, Karim et Josette</bdi>" in shown
    with app.app_context():
        meeting = db.session.scalar(db.select(Exchange).filter_by(kind="meeting"))
        assert meeting.target_id == lifts.target_id
    # A commitment is said at one of them.
    auth.logout()
    commitment_id = add_commitment(client, auth, url, exchange=str(meeting.id), said_by="Mme Roux")
    with app.app_context():
        assert db.session.get(Commitment, commitment_id).exchange_id == meeting.id


# Commitments: the team's word, and time's


def test_the_team_marks_a_commitment_kept_or_broken_and_each_change_is_journaled(
    app, client, auth, people, lifts
):
    url = write_demand(client, auth, lifts)
    commitment_id = add_commitment(client, auth, url)
    state_url = f"{lifts.url}/commitments/{commitment_id}/state"
    auth.login("member")
    assert post(client, state_url, {"state": "kept"}).status_code == 403
    auth.logout()
    auth.login("organizer")
    response = post(client, state_url, {"state": "kept", "note": "Réparé lundi."})
    assert response.status_code == 302
    assert state_of(app, commitment_id) == CommitmentState.KEPT
    assert post(client, state_url, {"state": "broken", "note": "Re-panne."}).status_code == 302
    assert post(client, state_url, {"state": "broken"}).status_code == 302  # no change
    assert [
        (e.actor_id, e.payload["before"], e.payload["after"], e.payload["note"])
        for e in events(app, "campaign.commitment_state")
    ] == [
        (people["organizer"].id, "pending", "kept", "Réparé lundi."),
        (people["organizer"].id, "kept", "broken", "Re-panne."),
    ]
    shown = page(client, url)
    assert '<span class="badge state-broken">rompu</span>' in shown
    # A state the team does not set, or a note too long: 400, the note kept.
    response = post(client, state_url, {"state": "late", "note": "Pas encore."})
    assert response.status_code == 400 and "Pas encore." in response.get_data(as_text=True)
    response = post(client, state_url, {"state": "kept", "note": "x" * 301})
    assert response.status_code == 400
    assert state_of(app, commitment_id) == CommitmentState.BROKEN


def run_sender(app, now):
    from assembly.messages.sender import send_pass

    with app.app_context():
        send_pass(now)


def test_a_commitment_past_its_date_turns_late_by_itself(app, client, auth, clock, lifts):
    from assembly.campaigns.commitments import overdue_commitments
    from assembly.messages.sender import TIMED

    assert overdue_commitments in TIMED
    url = write_demand(client, auth, lifts)
    commitment_id = add_commitment(client, auth, url, due_on="2026-12-15")
    auth.login("member")
    # The 15th, 23:30 in Paris: still due today.
    clock.freeze(datetime(2026, 12, 15, 22, 30))
    run_sender(app, clock.utcnow())
    assert state_of(app, commitment_id) == CommitmentState.PENDING
    assert '<span class="badge state-pending">en attente</span>' in page(client, url)
    assert "Engagements en retard" not in page(client, "/g/glycines/")
    # 00:30 on the 16th in Paris (23:30 UTC): late on every page before the sender runs.
    clock.freeze(datetime(2026, 12, 15, 23, 30))
    assert state_of(app, commitment_id) == CommitmentState.PENDING
    late = '<span class="badge state-late">en retard</span>'
    assert late in page(client, url)
    campaign = page(client, lifts.url)
    assert late in campaign and "1 engagement est en retard." in campaign
    home = page(client, "/g/glycines/")
    assert "Engagements en retard" in home and "Réparer l&#39;ascenseur du C avant le 15." in home
    auth.logout()
    assert "Engagements en retard" not in page(client, "/g/glycines/")  # members only
    # The sender's pass writes it down, once, with no actor.
    run_sender(app, clock.utcnow())
    assert state_of(app, commitment_id) == CommitmentState.LATE
    clock.advance(minutes=1)
    run_sender(app, clock.utcnow())
    assert [(e.actor_id, e.payload["before"], e.payload["after"]) for e in events(
        app, "campaign.commitment_state"
    )] == [(None, "pending", "late")]  # fmt: skip


def test_the_display_rule_and_its_sql_agree(app, lifts, client, auth):
    url = write_demand(client, auth, lifts)
    for due in ("2026-12-01", "2026-12-10", "2026-12-11", ""):
        add_commitment(client, auth, url, due_on=due)
    with app.app_context():
        rows = db.session.scalars(db.select(Commitment)).all()
        rows[1].state = CommitmentState.KEPT  # kept: never late, whatever its date
        db.session.commit()
        today = date(2026, 12, 11)
        python = {row.id: row.effective_state(today) for row in rows}
        sql = dict(
            db.session.execute(db.select(Commitment.id, Commitment.effective_state(today))).all()
        )
        assert python == sql
        assert [python[row.id] for row in rows] == ["late", "kept", "pending", "pending"]
        late = db.session.scalars(
            db.select(Commitment.id).where(
                Commitment.effective_state(today) == CommitmentState.LATE
            )
        ).all()
        assert late == [rows[0].id]


def test_a_late_commitment_given_a_new_date_is_pending_again(app, client, auth, clock, lifts):
    url = write_demand(client, auth, lifts)
    commitment_id = add_commitment(client, auth, url, due_on="2026-12-01")
    run_sender(app, clock.utcnow())
    assert state_of(app, commitment_id) == CommitmentState.LATE
    auth.login("organizer")
    response = post(
        client,
        f"{lifts.url}/commitments/{commitment_id}/edit",
        {"what": "Réparer l'ascenseur du C.", "due_on": "2026-12-20"},
    )
    assert response.status_code == 302
    assert state_of(app, commitment_id) == CommitmentState.PENDING
    changes = [e.payload["after"] for e in events(app, "campaign.commitment_state")]
    assert changes == ["late", "pending"]


def test_late_commitments_wait_for_the_team_in_its_morning_digest(
    app, client, auth, clock, group, people, lifts
):
    from assembly.campaigns.commitments import commitments_late
    from assembly.messages.digest import DIGEST, team_digest
    from assembly.messages.models import Message, MessageKind
    from tests.messages.team import add_person

    assert commitments_late in DIGEST
    add_person(app, group.id, "Olga", email="olga@example.org", user_id=people["organizer"].id,
               consents=["email_reminders"])  # fmt: skip
    url = write_demand(client, auth, lifts)
    add_commitment(client, auth, url, due_on="2026-12-15")
    kept = add_commitment(client, auth, url, due_on="2026-12-14", what="Changer le bouton du A.")
    auth.login("organizer")
    post(client, f"{lifts.url}/commitments/{kept}/state", {"state": "kept"})

    def digest_at(now):
        clock.freeze(now)
        with app.app_context():
            team_digest(now)
            db.session.commit()
            return db.session.scalars(
                db.select(Message.body).filter_by(kind=MessageKind.TEAM_DIGEST)
            ).all()

    assert digest_at(datetime(2026, 12, 15, 7, 0)) == []  # due today: nothing waits yet
    [body] = digest_at(datetime(2026, 12, 16, 7, 0))  # 08:00 in Paris, the day after
    assert (
        f"- 1 engagement en retard (campagne\u00a0: Des ascenseurs qui marchent)\u00a0: "
        f"http://localhost/g/glycines/campaigns/{lifts.id}/demands" in body
    )

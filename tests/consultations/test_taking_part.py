"""Residents taking part on a paragraph, without a script and without an account: a position,
comments, amendments and their difference, the support of others' amendments; and what
keeps it fair (one per person, robots, double posts, rate limits, the dates, the audience)."""

import gzip
import re
from datetime import date, datetime

import pytest

from assembly.consultations.models import (
    Audience,
    Contribution,
    ContributionType,
    Endorsement,
    Position,
    Stance,
)
from assembly.extensions import db
from assembly.needs.models import Moderation
from assembly.people.models import ConsentPurpose, Person
from assembly.trace.models import Event
from tests.helpers import Auth, person_seen, post

PARAGRAPH = "Nous demandons la réparation des ascenseurs du bâtiment C sous huit jours."
REWRITE = "Nous demandons la réparation des ascenseurs du bâtiment C sous trois jours."
ONCE = re.compile(r'name="once"[^>]*value="([^"]+)"')
HTMX = {"HX-Request": "true"}


def browser(app, address="127.0.0.1"):
    """A new browser, with no cookie yet, at `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def rows(app, model, **where):
    with app.app_context():
        found = db.session.scalars(db.select(model).filter_by(**where)).all()
        db.session.expunge_all()
        return found


@pytest.fixture
def opened(make_consultation):
    """An open public consultation; `.page` is its first paragraph's address."""
    consultation = make_consultation()
    consultation.paragraph = consultation.paragraphs[0]
    consultation.page = f"{consultation.url}/p/{consultation.paragraph}"
    return consultation


def test_a_position_counts_once_per_browser_and_changes_or_is_taken_back(app, group, opened):
    first, second = browser(app), browser(app)
    post(first, opened.page + "/position", {"position": "support"})
    assert [s.position for s in rows(app, Stance)] == [Position.SUPPORT]
    post(first, opened.page + "/position", {"position": "oppose"})  # changes it
    assert [s.position for s in rows(app, Stance)] == [Position.OPPOSE]
    post(second, opened.page + "/position", {"position": "oppose"})
    assert len(rows(app, Stance)) == 2
    post(first, opened.page + "/position", {"position": "oppose"})  # the same again: taken back
    post(second, opened.page + "/position", {"position": "withdraw"})
    assert rows(app, Stance) == []


def test_a_member_s_position_is_their_account_s_wherever_they_sign_in(app, group, opened):
    one, other = browser(app), browser(app)
    Auth(one).login("member")
    Auth(other).login("member")
    post(one, opened.page + "/position", {"position": "support"})
    post(other, opened.page + "/position", {"position": "oppose"})
    [stance] = rows(app, Stance)
    assert (stance.position, stance.anonymous_key) == (Position.OPPOSE, None)
    page = one.get(opened.page).get_data(as_text=True)
    assert "Vous n’êtes pas d’accord avec ce paragraphe." in page
    assert "1 pas d’accord" in page and "0 d’accord" in page


def test_the_page_shows_one_s_own_position_and_htmx_gets_the_block_alone(app, group, opened):
    client = browser(app)
    answer = post(client, opened.page + "/position", {"position": "support"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#stance")
    page = client.get(opened.page).get_data(as_text=True)
    assert "Vous êtes d’accord avec ce paragraphe." in page
    assert re.search(r'value="support" aria-pressed="true"', page)
    block = post(client, opened.page + "/position", {"position": "oppose"}, headers=HTMX)
    html = block.get_data(as_text=True)
    assert block.status_code == 200 and html.lstrip().startswith('<div id="stance"')
    assert "Vous n’êtes pas d’accord" in html and "<html" not in html
    assert "HX-Request" in block.headers["Vary"]


@pytest.mark.parametrize("kind", ["for", "against", "question"])
def test_a_comment_of_each_kind_is_published_and_journaled_without_who(app, group, opened, kind):
    client = browser(app)
    data = {"kind": kind, "text": "Huit jours, c’est trop long.", "author_name": "Odette"}
    answer = post(client, opened.page + "/comment", data)
    [comment] = rows(app, Contribution)
    assert answer.headers["Location"].endswith(f"#c{comment.id}")
    assert (comment.kind, comment.text, comment.author_name) == (
        ContributionType(kind), "Huit jours, c’est trop long.", "Odette"
    )  # fmt: skip
    assert comment.moderation == Moderation.APPROVED and comment.anonymous_key
    [event] = rows(app, Event, verb="consultation.contributed")
    assert event.payload == {"kind": kind, "paragraph": opened.paragraph, "channel": "web"}
    page = client.get(opened.page).get_data(as_text=True)
    assert "Huit jours, c’est trop long." in page and "Odette" in page


def test_a_comment_without_its_kind_comes_back_with_its_text(app, group, opened):
    answer = post(browser(app), opened.page + "/comment", {"text": "Et le bâtiment D ?"})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Et le bâtiment D ?" in page and "Dites si vous êtes pour" in page
    assert rows(app, Contribution) == []


def test_an_amendment_starts_from_the_paragraph_and_shows_as_a_difference(app, group, opened):
    client = browser(app)
    form = client.get(opened.page + "/amend").get_data(as_text=True)
    assert re.search(r"<textarea[^>]*name=\"rewrite\"[^>]*>\s*" + re.escape(PARAGRAPH), form)
    answer = post(client, opened.page + "/amend", {"rewrite": REWRITE, "text": "Plus vite."})
    assert answer.status_code == 302
    [amendment] = rows(app, Contribution)
    assert (amendment.kind, amendment.rewrite, amendment.text) == (
        ContributionType.AMENDMENT, REWRITE, "Plus vite."
    )  # fmt: skip
    page = client.get(opened.page).get_data(as_text=True)
    assert '<del><span class="visually-hidden">[supprimé\u00a0:</span>huit' in page
    assert '<ins><span class="visually-hidden">[ajouté\u00a0:</span>trois' in page


@pytest.mark.parametrize("same", [PARAGRAPH, f"  {PARAGRAPH}\n", PARAGRAPH.replace(" ", "  ")])
def test_an_amendment_that_changes_no_word_is_refused_with_its_text_kept(app, group, opened, same):
    answer = post(browser(app), opened.page + "/amend", {"rewrite": same, "text": "Mon idée"})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Votre texte est le même que le paragraphe" in page and "Mon idée" in page
    assert rows(app, Contribution) == []


def test_others_support_an_amendment_once_its_author_cannot(app, group, opened):
    author, reader = browser(app), browser(app)
    post(author, opened.page + "/amend", {"rewrite": REWRITE})
    [amendment] = rows(app, Contribution)
    support = f"{opened.url}/contributions/{amendment.id}/support"
    assert "Je soutiens cet amendement" not in author.get(opened.page).get_data(as_text=True)
    post(author, support)
    assert rows(app, Endorsement) == []
    assert "Je soutiens cet amendement" in reader.get(opened.page).get_data(as_text=True)
    post(reader, support)
    post(reader, support)  # twice: counted once
    assert len(rows(app, Endorsement)) == 1
    page = reader.get(opened.page).get_data(as_text=True)
    assert "1 personne le soutient" in page and "Retirer mon soutien" in page
    post(reader, support, {"withdraw": "1"})
    assert rows(app, Endorsement) == []


def test_a_member_cannot_support_their_own_amendment_from_another_browser(app, group, opened):
    first, second = browser(app), browser(app)
    Auth(first).login("member")
    Auth(second).login("member")
    post(first, opened.page + "/amend", {"rewrite": REWRITE})
    [amendment] = rows(app, Contribution)
    post(second, f"{opened.url}/contributions/{amendment.id}/support")
    assert rows(app, Endorsement) == []


def test_premoderated_contributions_wait_shown_to_their_browser_and_the_team_only(
    app, group, make_consultation
):
    consultation = make_consultation(premoderation=True)
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    author, neighbour, team = browser(app), browser(app), browser(app)
    answer = post(author, page + "/comment", {"kind": "against", "text": "Trop tard."})
    [comment] = rows(app, Contribution)
    assert comment.moderation == Moderation.PENDING
    own = author.get(answer.headers["Location"]).get_data(as_text=True)
    assert "L’équipe lira votre contribution" in own
    assert "Trop tard." in own and "en attente de vérification" in own
    assert "0 commentaire" in own  # not counted before the team approves it
    assert "Trop tard." not in neighbour.get(page).get_data(as_text=True)
    Auth(team).login("facilitator")
    assert "Trop tard." in team.get(page).get_data(as_text=True)
    post(team, page + "/comment", {"kind": "for", "text": "Je suis de l’équipe."})
    assert "Je suis de l’équipe." in neighbour.get(page).get_data(as_text=True)


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "notice"),
    [
        (date(2026, 1, 1), date(2026, 3, 31), "On ne peut plus participer à cette consultation"),
        (date(2026, 9, 1), date(2026, 9, 30), "Vous pourrez participer à partir du 1 septembre"),
    ],
)
def test_a_consultation_out_of_its_dates_takes_no_contribution(
    app, group, make_consultation, clock, opens_on, closes_on, notice
):
    clock.freeze(datetime(2026, 6, 1, 10))
    consultation = make_consultation(opens_on=opens_on, closes_on=closes_on)
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    client = browser(app)
    shown = client.get(page).get_data(as_text=True)
    assert notice in shown
    assert 'name="text"' not in shown and "/position" not in shown and "/amend" not in shown
    for url, data in (
        (page + "/position", {"position": "support"}),
        (page + "/comment", {"kind": "for", "text": "Oui."}),
        (page + "/amend", {"rewrite": REWRITE}),
    ):
        answer = post(client, url, data, follow_redirects=True)
        assert answer.request.path == page
        assert "On ne peut pas participer à cette consultation" in answer.get_data(as_text=True)
    assert rows(app, Stance) == [] and rows(app, Contribution) == []


def test_the_amendment_page_of_a_closed_consultation_leads_back_to_the_paragraph(
    app, group, make_consultation, clock
):
    clock.freeze(datetime(2026, 6, 1, 10))
    consultation = make_consultation(opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    answer = browser(app).get(page + "/amend")
    assert answer.status_code == 302 and answer.headers["Location"] == page


def test_a_members_consultation_takes_part_only_from_members(app, group, make_consultation):
    consultation = make_consultation(audience=Audience.MEMBERS)
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    public = browser(app)
    assert post(public, page + "/position", {"position": "support"}).status_code == 404
    assert post(public, page + "/comment", {"kind": "for", "text": "Oui."}).status_code == 404
    assert public.get(page + "/amend").status_code == 404
    member = browser(app)
    Auth(member).login("member")
    assert post(member, page + "/comment", {"kind": "for", "text": "Oui."}).status_code == 302
    assert len(rows(app, Contribution)) == 1


def test_the_rate_limit_holds_one_browser_not_its_neighbour_on_the_same_wifi(app, group, opened):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "2 per hour"
    first, second = browser(app, "10.0.0.7"), browser(app, "10.0.0.7")
    statuses = [
        post(first, opened.page + "/comment", {"kind": "for", "text": f"Oui {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert post(second, opened.page + "/comment", {"kind": "for", "text": "Moi"}).status_code == 302


def test_a_robot_filling_the_trap_records_nothing(app, group, opened):
    client = browser(app)
    data = {"kind": "for", "text": "Achetez des montres", "website": "http://spam.example"}
    assert post(client, opened.page + "/comment", data).status_code == 302
    data = {"rewrite": "Achetez des montres", "website": "http://spam.example"}
    assert post(client, opened.page + "/amend", data).status_code == 302
    assert rows(app, Contribution) == []


@pytest.mark.parametrize("form", ["comment", "amend"])
def test_a_form_sent_twice_makes_one_row(app, group, opened, form):
    client = browser(app)
    source = client.get(opened.page if form == "comment" else opened.page + "/amend")
    once = ONCE.search(source.get_data(as_text=True)).group(1)
    data = {"kind": "question", "text": "Pourquoi ?", "rewrite": REWRITE, "once": once}
    first = post(client, f"{opened.page}/{form}", data)
    again = post(client, f"{opened.page}/{form}", data)
    assert first.headers["Location"] == again.headers["Location"]
    assert len(rows(app, Contribution)) == 1


def test_a_contact_given_with_consent_links_a_person_told_of_the_final_text(app, group, opened):
    data = {"rewrite": REWRITE, "author_name": "Odette", "contact": "06 12 34 56 78"}
    post(browser(app), opened.page + "/amend", {**data, "consent": "y"})
    [amendment] = rows(app, Contribution)
    with app.app_context():
        person = person_seen(db.session.get(Person, amendment.person_id))
    assert (person.name, person.phone, person.user_id) == ("Odette", "+33612345678", None)
    [consent] = person.consents
    assert consent.purpose == ConsentPurpose.CONSULTATION_FOLLOWUP
    assert "texte final" in consent.wording


def test_a_contact_without_consent_is_refused_and_nothing_is_kept(app, group, opened):
    data = {"kind": "for", "text": "D’accord.", "contact": "06 12 34 56 78"}
    answer = post(browser(app), opened.page + "/comment", data)
    assert answer.status_code == 400 and "D’accord." in answer.get_data(as_text=True)
    assert rows(app, Contribution) == [] and rows(app, Person) == []


def test_without_a_name_or_contact_a_visitor_is_nobody_in_the_contact_book(app, group, opened):
    post(browser(app), opened.page + "/comment", {"kind": "for", "text": "Oui."})
    [comment] = rows(app, Contribution)
    assert comment.person_id is None and rows(app, Person) == []


def test_a_member_s_contribution_is_their_person_s(app, group, people, opened):
    client = browser(app)
    Auth(client).login("member")
    post(client, opened.page + "/comment", {"kind": "question", "text": "Et le D ?"})
    [comment] = rows(app, Contribution)
    [person] = rows(app, Person, user_id=people["member"].id)
    assert comment.person_id == person.id and comment.user_id == people["member"].id
    assert comment.anonymous_key is None and comment.address_key is None


def test_what_was_said_comes_a_page_at_a_time_within_the_page_budget(app, group, opened):
    from assembly.consultations.views.taking_part import PER_PAGE

    with app.app_context():
        long = " ".join(["Les ascenseurs tombent en panne chaque semaine"] * 40)[:2000]
        for n in range(PER_PAGE + 2):
            db.session.add(
                Contribution(
                    consultation_id=opened.id,
                    paragraph_id=opened.paragraph,
                    kind=ContributionType.AMENDMENT,
                    rewrite=f"{PARAGRAPH} {n} {long[:600]}",
                    text=f"Raison {n} : {long[:900]}",
                    author_name=f"Voisine {n}",
                )
            )
        db.session.commit()
    client = browser(app)
    first = client.get(opened.page).get_data()
    assert len(gzip.compress(first, 6)) <= 14 * 1024
    assert b"Voisine 0" in first and f"Voisine {PER_PAGE}".encode() not in first
    second = client.get(opened.page + "?page=2").get_data(as_text=True)
    assert f"Voisine {PER_PAGE + 1}" in second and "Voisine 0<" not in second


def test_positions_are_limited_per_browser_more_generously_than_forms(app, group, opened):
    app.config["SUPPORT_RATE_LIMIT"] = "3 per hour"
    first, second = browser(app, "10.0.0.7"), browser(app, "10.0.0.7")
    statuses = [
        post(first, opened.page + "/position", {"position": "support"}).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert post(second, opened.page + "/position", {"position": "oppose"}).status_code == 302


def test_a_position_sent_by_htmx_once_closed_answers_with_the_block_and_why(
    app, group, make_consultation, clock
):
    clock.freeze(datetime(2026, 6, 1, 10))
    consultation = make_consultation(opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    page = f"{consultation.url}/p/{consultation.paragraphs[0]}"
    answer = post(browser(app), page + "/position", {"position": "support"}, headers=HTMX)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and html.lstrip().startswith('<div id="stance"')
    assert "On ne peut pas participer à cette consultation" in html and "<button" not in html
    assert rows(app, Stance) == []

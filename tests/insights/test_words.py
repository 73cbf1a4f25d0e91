"""What was said: French terms counted once, read only where the visitor may read them."""

import gzip
import math
from datetime import date, datetime

import pytest

from assembly.extensions import db
from assembly.insights.figures import log_likelihood
from assembly.insights.lexical import analyse
from assembly.insights.lexicon import Text
from assembly.web.words import own_stop_stems, stem, terms
from tests.helpers import post
from tests.web.test_pages import BUDGET

NOW = datetime(2026, 6, 15, 12)
AT = datetime(2026, 5, 20, 10)  # inside the default period (the last 12 months)


def text(words: str, *, themes=(), place="", source="need") -> Text:
    return Text(source, 1, 1, "", words, "web", AT, place, tuple(themes))


def shown_terms(payload) -> list[str]:
    return [row["term"] for row in payload["terms"]]


# The words


def test_elision_stop_words_and_numbers_are_left_out():
    found = [word for _, word in terms("L’ascenseur de l'immeuble est en panne depuis 2026")]
    assert found == ["ascenseur", "immeuble", "panne"]


def test_accents_plurals_and_genders_share_a_stem():
    assert stem("écoles") == stem("école") == stem("Ecole")
    assert stem("ascenseurs") == stem("ascenseur")
    assert stem("cassée") == stem("cassés")
    assert stem("le") == "" and stem("l") == ""


def test_a_term_is_shown_in_the_form_people_wrote_most():
    payload = analyse([text("Les ascenseurs"), text("L'ascenseur"), text("Ascenseur en panne")])
    assert payload["terms"][0] == {"term": "ascenseur", "count": 3, "contributions": 3}
    payload = analyse([text("Les ascenseurs"), text("ascenseurs cassés"), text("ascenseur")])
    assert payload["terms"][0]["term"] == "ascenseurs"


def test_the_groups_own_stop_words_are_left_out_with_their_forms():
    stop = own_stop_stems("Glycines\n  quartier \n")
    said = text("Les glycines du quartier : la glycine, les quartiers et le bruit")
    payload = analyse([said], stop)
    assert shown_terms(payload) == ["bruit"]


def test_pairs_count_the_contributions_that_use_both_terms():
    payload = analyse(
        [text("ascenseur en panne")] * 3 + [text("pannes d'ascenseur et bruit"), text("bruit")]
    )
    assert payload["pairs"][0] == {"terms": ["ascenseur", "panne"], "count": 4}
    # Once together is no pair: "bruit" and "panne" meet in one contribution only.
    assert all("bruit" not in pair["terms"] for pair in payload["pairs"])


def test_keyness_is_dunnings_log_likelihood_computed_by_hand():
    # Theme 1: ten "fuite plafond"; theme 2: nine "bruit voisin" and one "bruit fuite".
    corpus = [text("fuite plafond", themes=[1])] * 10
    corpus += [text("bruit voisin", themes=[2])] * 9 + [text("bruit fuite", themes=[2])]
    # "fuite": 10 of the theme's 20 words, 1 of the rest's 20. Expected 5.5 each.
    by_hand = 2 * (10 * math.log(10 / 5.5) + 1 * math.log(1 / 5.5))
    assert by_hand == pytest.approx(8.547, abs=1e-3)
    assert log_likelihood(10, 1, 20, 20) == pytest.approx(by_hand)
    assert log_likelihood(1, 10, 20, 20) == pytest.approx(-by_hand)
    themes = {part["key"]: part["terms"] for part in analyse(corpus)["themes"]}
    # "plafond" (10 against 0): 2·10·ln(10/5) = 13.9 comes first; "fuite" next.
    assert themes["1"] == [
        {"term": "plafond", "g2": round(20 * math.log(2), 1), "count": 10},
        {"term": "fuite", "g2": round(by_hand, 1), "count": 10},
    ]
    assert [row["term"] for row in themes["2"]][:2] == ["bruit", "voisin"]


def test_keyness_leaves_out_parts_under_five_contributions_and_weak_terms():
    corpus = [text("fuite plafond", place="Bâtiment A")] * 6
    corpus += [text("bruit voisin fuite", place="bâtiment  a")] * 2  # the same place
    corpus += [text("bruit voisin", place="Bâtiment B")] * 10
    corpus += [text("bruit", place="Bâtiment C")] * 2  # too few contributions
    places = {part["key"]: part for part in analyse(corpus)["places"]}
    assert list(places) == ["Bâtiment B", "Bâtiment A"]  # the biggest first, as most wrote it
    assert places["Bâtiment A"]["contributions"] == 8
    # A: 18 of the 40 words. "fuite" 8 there, 0 elsewhere (expected 3.6); "plafond" 6 (2.7).
    assert [(row["term"], row["g2"]) for row in places["Bâtiment A"]["terms"]] == [
        ("fuite", round(16 * math.log(8 / 3.6), 1)),
        ("plafond", round(12 * math.log(6 / 2.7), 1)),
    ]
    # B: "voisin" 10 of its 20 words against 2 of the other 20: G² = 5.8 < 6.63.
    assert log_likelihood(10, 2, 20, 20) == pytest.approx(5.82, abs=0.01)
    assert places["Bâtiment B"]["terms"] == []


def test_terms_used_by_too_few_contributions_are_hidden_below_the_members():
    corpus = [text("ascenseur"), text("ascenseur panne"), text("ascenseur panne dupont")]
    assert set(shown_terms(analyse(corpus, shared_by=1))) == {"ascenseur", "panne", "dupont"}
    assert shown_terms(analyse(corpus, shared_by=3)) == ["ascenseur"]


# What each visitor reads


@pytest.fixture
def said(app, group, people, clock):
    """Texts from every source, each with its own word:
    - "ascenseur": three approved needs (one of them also says "graffiti");
    - "cafards": a need waiting for approval (the team reads it);
    - "moisissures": door notes of a round with no team (the organizers read them);
    - "chauffage": an argument of an online decision (members read it);
    - "poubelles": the notes of a meeting whose minutes are published;
    - "secret": the notes of a meeting whose minutes are not.
    """
    from assembly.auth.models import User
    from assembly.canvassing.models import Visit, VisitOutcome
    from assembly.canvassing.operations import log_visit, open_canvass
    from assembly.decisions.models import Argument, Decision, Method, Side
    from assembly.groups.models import Group
    from assembly.meetings.models import AgendaItem, Meeting
    from assembly.minutes.models import Minutes
    from assembly.needs.models import Need
    from assembly.needs.operations import submit_need

    clock.freeze(NOW)
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        admin = db.session.get(User, people["admin"].id)
        numbers = []
        for title, approved in (
            ("L'ascenseur est en panne", True),
            ("Ascenseurs bloqués", True),
            ("Ascenseur et graffiti", True),
            ("Des cafards dans la cave", False),
        ):
            need = submit_need(glycines, title=title, trusted=approved)
            need.created_at = AT
            numbers.append(need.number)
        canvass = open_canvass(
            glycines, name="Tournée", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 30),
            places="Bâtiment A", team=[], by=admin,
        )  # fmt: skip
        log_visit(
            canvass, by=admin, building="Bâtiment A", outcome=VisitOutcome.TALKED,
            words="Des moisissures partout dans la salle de bain",
        )  # fmt: skip
        db.session.execute(db.update(Visit).values(created_at=AT))
        decision = Decision(group_id=group.id, question="Voter le budget ?", method=Method.BALLOT)
        db.session.add(decision)
        db.session.flush()
        db.session.add(
            Argument(decision_id=decision.id, side=Side.FOR, body="Le chauffage", created_at=AT)
        )
        for title, notes, published in (("Mai", "Les poubelles", True), ("Juin", "secret", False)):
            meeting = Meeting(group_id=group.id, title=title, starts_at=AT, public=True)
            meeting.items = [AgendaItem(title="Point", notes=notes)]
            db.session.add(meeting)
            db.session.flush()
            db.session.add(
                Minutes(meeting_id=meeting.id, body="…", published_at=AT if published else None)
            )
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(Need.id))) == 4
        return {"numbers": numbers, "decision": decision.id}


def words_page(client, **args):
    response = client.get("/g/glycines/report/words", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def term_page(client, term, **args):
    response = client.get(f"/g/glycines/report/words/{term}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def make_public(app, group):
    from assembly.insights.models import ReportSettings

    with app.app_context():
        db.session.add(ReportSettings(group_id=group.id, public=True, stop_words=""))
        db.session.commit()


@pytest.mark.parametrize(
    ("who", "sees", "does_not_see"),
    [
        ("organizer", {"ascenseur", "graffiti", "cafards", "moisissures", "chauffage"}, {"secret"}),
        ("facilitator", {"graffiti", "cafards", "chauffage", "poubelles"}, {"moisissures"}),
        ("member", {"graffiti", "chauffage", "poubelles"}, {"cafards", "moisissures", "secret"}),
        ("observer", {"ascenseur"}, {"graffiti", "cafards", "moisissures", "chauffage", "secret"}),
    ],
)
def test_each_visitor_counts_only_what_they_may_read(client, auth, said, who, sees, does_not_see):
    auth.login("organizer")
    words_page(client)  # the organizer's analysis is kept first: nobody else may get it
    auth.logout()
    auth.login(who)
    page = words_page(client)
    for word in sees:
        assert f">{word}</a>" in page, f"{who} should see {word!r}"
    for word in does_not_see:
        assert f">{word}</a>" not in page, f"{who} should not see {word!r}"


def test_the_public_reads_what_an_observer_reads_once_the_group_publishes(app, client, group, said):
    assert client.get("/g/glycines/report/words").status_code == 302  # to the login page
    make_public(app, group)
    page = words_page(client)
    assert ">ascenseur</a>" in page and ">graffiti</a>" not in page
    assert "at least 3 different contributions" in page or "au moins 3 contributions" in page


def test_a_filter_narrows_the_terms_and_keeps_the_period(client, auth, said):
    auth.login("organizer")
    page = words_page(client, channel="door", period="6m")
    assert ">moisissures</a>" in page and ">ascenseur</a>" not in page
    assert "/report/words/moisissures?period=6m&amp;channel=door" in page


def test_the_analysis_is_kept_until_the_team_computes_it_again(app, client, auth, group, said):
    from assembly.groups.models import Group
    from assembly.needs.operations import submit_need

    auth.login("member")
    assert ">cuisine</a>" not in words_page(client)
    with app.app_context():
        need = submit_need(db.session.get(Group, group.id), title="La cuisine", trusted=True)
        need.created_at = AT
        db.session.commit()
    assert ">cuisine</a>" not in words_page(client)  # the kept analysis
    auth.logout()
    auth.login("facilitator")
    post(client, "/g/glycines/report/refresh", {})
    auth.logout()
    auth.login("member")
    assert ">cuisine</a>" in words_page(client)


# A term's contributions


def test_a_terms_page_links_the_contributions_that_use_it(client, auth, said):
    auth.login("member")
    page = term_page(client, "ascenseurs")  # any form of the term
    for number in said["numbers"][:3]:
        assert f'href="/g/glycines/needs/{number}"' in page
    assert "3 contributions" in page
    page = term_page(client, "chauffage")
    assert f'href="/g/glycines/decisions/{said["decision"]}#arguments"' in page
    assert "/minutes" in term_page(client, "poubelles")


def test_door_notes_show_on_a_terms_page_only_to_who_reads_them(client, auth, said):
    auth.login("organizer")
    assert "moisissures partout" in term_page(client, "moisissure")
    auth.logout()
    auth.login("member")
    page = term_page(client, "moisissure")
    assert "moisissures partout" not in page
    assert "No contribution you may read uses this term" in page or "Aucune contribution" in page


def test_a_rare_term_is_not_listed_below_the_members(client, auth, said):
    auth.login("observer")
    page = term_page(client, "graffiti")
    assert "/needs/" not in page
    assert "Fewer than 3" in page or "Moins de 3" in page
    assert "/needs/" in term_page(client, "ascenseur")


@pytest.mark.parametrize("term", ["inconnu", "les", "ascenseur panne", "42"])
def test_an_unknown_term_reads_as_nothing_found(client, auth, said, term):
    auth.login("member")
    page = term_page(client, term)
    assert "/needs/" not in page


def test_a_terms_contributions_come_a_page_at_a_time(app, client, auth, group, clock):
    from assembly.groups.models import Group
    from assembly.needs.operations import submit_need

    clock.freeze(NOW)
    with app.app_context():
        for n in range(25):
            need = submit_need(db.session.get(Group, group.id), title=f"Fuite {n}", trusted=True)
            need.created_at = AT
        db.session.commit()
    auth.login("member")
    first = term_page(client, "fuites")
    assert first.count('href="/g/glycines/needs/') == 20
    assert "/report/words/fuites?page=2" in first
    second = term_page(client, "fuites", page=2)
    assert second.count('href="/g/glycines/needs/') == 5


# The budget


def test_the_pages_fit_the_budget_full_of_words(app, client, auth, group, clock):
    from assembly.groups.models import Group
    from assembly.needs.operations import add_theme, submit_need
    from tests.people.test_budgets import fill

    clock.freeze(NOW)
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        themes = [add_theme(glycines, f"Thème {n}") for n in range(12)]
        for n in range(240):
            need = submit_need(
                glycines, title=fill(140, n), body=fill(800, -n), theme=themes[n % 12],
                place=f"Bâtiment {n % 12}", trusted=True,
            )  # fmt: skip
            need.created_at = AT
        db.session.commit()
    auth.login("organizer")
    for url in ("/g/glycines/report/words", "/g/glycines/report/words/charges"):
        response = client.get(url)
        assert response.status_code == 200
        assert len(gzip.compress(response.get_data(), 6)) <= BUDGET, url


def test_words_in_another_language_count_through_their_french_summary(
    app, client, auth, group, clock
):
    """The analysis counts French words: a need written in Turkish adds its team's French
    summary, and nothing while it has none (its Turkish words would read as noise)."""
    from assembly.groups.models import Group
    from assembly.needs.models import Need
    from assembly.needs.operations import edit_need, submit_need

    clock.freeze(NOW)
    with app.app_context():
        glycines = db.session.get(Group, group.id)
        for title in ("Ascenseur en panne", "Ascenseur bloqué", "Ascenseur arrêté"):
            submit_need(glycines, title=title, trusted=True).created_at = AT
        turkish = submit_need(
            glycines,
            title="Kalorifer çalışmıyor",
            body="Ev çok soğuk.",
            language="tr",
            trusted=True,
        )
        turkish.created_at = AT
        db.session.commit()
        number = turkish.number
    auth.login("organizer")
    page = words_page(client)
    assert ">ascenseur</a>" in page
    assert "kalorifer" not in page.casefold() and "chauffage" not in page

    with app.app_context():
        need = db.session.scalar(db.select(Need).filter_by(number=number))
        edit_need(
            need, title=need.title, body=need.body, theme=None, place="",
            french_summary="Le chauffage ne marche pas, le logement est froid.",
        )  # fmt: skip
    post(client, "/g/glycines/report/refresh", {})
    page = words_page(client)
    assert ">chauffage</a>" in page and "kalorifer" not in page.casefold()
    assert "Kalorifer çalışmıyor" in term_page(client, "chauffage")  # her words, to read them

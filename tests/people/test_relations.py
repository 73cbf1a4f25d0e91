"""One-to-ones, the ladder of engagement and asks, through the pages organizers use."""

import re
from datetime import date, datetime

import pytest

from assembly.extensions import db
from tests.helpers import post


@pytest.fixture
def organizer(auth, group, people):
    """The group's organizer, signed in on `client`."""
    auth.login("organizer")
    return people["organizer"]


def one_to_one_form(people, **fields):
    data = {
        "met_on": "2026-03-10",
        "met_by": str(people["organizer"].id),
        "self_interest": "Les charges qui doublent.",
        "story": "Au 3e depuis vingt ans.",
        "talents": "Cuisine, couture.",
        "networks": "L'association des parents.",
        "next_step": "L'inviter à l'assemblée",
        "next_step_on": "2026-03-24",
    }
    return data | fields


def text(response) -> str:
    return response.get_data(as_text=True)


def relations_html(app, person_id, user_id, role) -> str:
    """templates/people/_relations.html as the person's page includes it, for `role`."""
    from flask import g, render_template_string

    from assembly.groups.access import Viewer
    from assembly.groups.models import Group, Role
    from assembly.people.models import Person

    with app.test_request_context("/"):
        person = db.session.get(Person, person_id)
        g.viewer = Viewer(user_id, Role(role))
        g.group = db.session.get(Group, person.group_id)
        return render_template_string(
            '{% include "people/_relations.html" %}', person=person, group=g.group
        )


# One-to-ones


def test_a_one_to_one_is_written_down_and_shown_newest_first(
    app, client, clock, organizer, people, make_person, person_row
):
    clock.freeze(datetime(2026, 4, 1, 9))
    awa = make_person()
    form = client.get(f"{awa.url}/one-to-ones/new")
    assert form.status_code == 200
    page = text(form)
    assert 'value="2026-04-01"' in page  # today, by default
    assert re.search(rf'<option selected value="{people["organizer"].id}"', page)  # me

    first = post(client, f"{awa.url}/one-to-ones/new", one_to_one_form(people))
    assert first.status_code == 302 and first.headers["Location"] == awa.url
    later = one_to_one_form(people, met_on="2026-03-20", self_interest="Le chauffage en panne.")
    later["met_by"] = str(people["admin"].id)
    post(client, f"{awa.url}/one-to-ones/new", later)

    listing = text(client.get(f"{awa.url}/one-to-ones"))
    assert listing.index("Le chauffage en panne.") < listing.index("Les charges qui doublent.")
    assert "Au 3e depuis vingt ans." in listing and "L&#39;association des parents." in listing
    assert "rencontre avec Admin" in listing
    # The latest meeting is their last contact (written up later, it is not the day it was).
    assert person_row(awa.id).last_contact_at == datetime(2026, 3, 20)


def test_one_to_ones_come_five_a_page_with_links_to_the_older_and_more_recent(
    app, client, clock, organizer, people, make_person
):
    clock.freeze(datetime(2026, 4, 1, 9))
    awa = make_person()
    post(client, f"{awa.url}/one-to-ones/new", one_to_one_form(people))
    alone = text(client.get(f"{awa.url}/one-to-ones"))
    assert 'class="pages"' not in alone  # one page: no empty navigation landmark
    for day in range(2, 7):
        post(
            client, f"{awa.url}/one-to-ones/new", one_to_one_form(people, met_on=f"2026-03-0{day}")
        )
    first = text(client.get(f"{awa.url}/one-to-ones"))
    older = f'href="/g/glycines/people/{awa.id}/one-to-ones?page=2" rel="next">'
    assert older + "Rencontres plus anciennes" in first
    assert 'rel="prev"' not in first
    second = text(client.get(f"{awa.url}/one-to-ones?page=2"))
    assert 'rel="prev">Rencontres plus récentes' in second and 'rel="next"' not in second


def test_a_one_to_one_today_is_a_contact_now_and_never_moves_the_last_contact_back(
    app, client, clock, organizer, people, make_person, person_row
):
    clock.freeze(datetime(2026, 4, 1, 9, 30))
    awa = make_person(last_contact_at=datetime(2026, 3, 25, 18))
    late = one_to_one_form(people, met_on="2026-03-10")
    assert post(client, f"{awa.url}/one-to-ones/new", late).status_code == 302
    assert person_row(awa.id).last_contact_at == datetime(2026, 3, 25, 18)
    today = one_to_one_form(people, met_on="2026-04-01", next_step_on="2026-04-15")
    assert post(client, f"{awa.url}/one-to-ones/new", today).status_code == 302
    assert person_row(awa.id).last_contact_at == datetime(2026, 4, 1, 9, 30)


def test_a_failed_one_to_one_keeps_what_was_written_and_says_why_next_to_the_field(
    client, clock, organizer, people, make_person
):
    clock.freeze(datetime(2026, 4, 1, 9))
    awa = make_person()
    sent = one_to_one_form(
        people, met_on="2026-04-02", next_step="", next_step_on="2026-04-10", story="Son histoire."
    )
    response = post(client, f"{awa.url}/one-to-ones/new", sent)
    assert response.status_code == 400
    page = text(response)
    assert "Son histoire." in page and "Les charges qui doublent." in page
    assert re.search(r'id="met_on-error">[^<]*encore à venir', page)
    assert re.search(r'id="next_step_on-error">[^<]*Dites quelle est la prochaine étape', page)
    outsider = one_to_one_form(people, met_by=str(people["outsider"].id))
    response = post(client, f"{awa.url}/one-to-ones/new", outsider)
    assert response.status_code == 400
    assert re.search(r'id="met_by-error">[^<]*membre du collectif', text(response))


def test_a_one_to_one_sent_twice_is_written_down_once(app, client, organizer, people, make_person):
    from assembly.people.models import OneToOne

    awa = make_person()
    page = text(client.get(f"{awa.url}/one-to-ones/new"))
    key = re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1)
    for _ in range(2):
        sent = post(client, f"{awa.url}/one-to-ones/new", one_to_one_form(people, once=key))
        assert sent.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OneToOne)) == 1


def test_who_met_them_or_an_admin_corrects_or_deletes_a_one_to_one(
    app, client, auth, group, make_user, make_person, add_one_to_one, people, journal
):
    from assembly.auth.models import User
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import add_member
    from assembly.people.models import OneToOne

    awa = make_person()
    one = add_one_to_one(awa.id, self_interest="Le bruit la nuit.", by="organizer")
    edit = f"{awa.url}/one-to-ones/{one}/edit"
    colleague = make_user("colleague")
    with app.app_context():
        group_row, user = db.session.get(Group, group.id), db.session.get(User, colleague.id)
        add_member(group_row, user, Role.ORGANIZER)
    auth.login("colleague")
    assert client.get(edit).status_code == 403
    assert (
        post(client, f"{awa.url}/one-to-ones/{one}/delete", {"confirm": "yes"}).status_code == 403
    )
    assert "Corriger ou supprimer" not in text(client.get(f"{awa.url}/one-to-ones"))

    auth.logout()
    auth.login("organizer")
    assert "Corriger ou supprimer" in text(client.get(f"{awa.url}/one-to-ones"))
    corrected = one_to_one_form(people, met_on="2026-03-14", self_interest="Le bruit, la nuit.")
    assert post(client, edit, corrected).status_code == 302
    with app.app_context():
        assert db.session.get(OneToOne, one).self_interest == "Le bruit, la nuit."

    auth.logout()
    auth.login("admin")
    assert post(client, f"{awa.url}/one-to-ones/{one}/delete").status_code == 400  # no confirm
    assert (
        post(client, f"{awa.url}/one-to-ones/{one}/delete", {"confirm": "yes"}).status_code == 302
    )
    with app.app_context():
        assert db.session.get(OneToOne, one) is None
    verbs = [verb for verb, _ in journal(awa.id)]
    assert verbs == ["one_to_one.edited", "one_to_one.deleted"]
    assert all("bruit" not in str(payload) for _, payload in journal(awa.id))


def test_a_one_to_one_or_an_ask_is_reached_only_through_its_own_person(
    client, organizer, make_person, add_one_to_one, make_group
):
    awa, bintou = make_person(), make_person("Bintou")
    one = add_one_to_one(awa.id)
    assert client.get(f"{bintou.url}/one-to-ones/{one}/edit").status_code == 404
    elsewhere = make_group("ailleurs", "Ailleurs")
    stranger = make_person("Chloé", group_id=elsewhere.id)
    for path in ("one-to-ones", "one-to-ones/new", "asks"):
        assert client.get(f"/g/glycines/people/{stranger.id}/{path}").status_code == 404
    assert post(client, f"{bintou.url}/asks/1/answer", {"outcome": "done"}).status_code == 404


# The ladder


def test_renaming_the_ladder_brings_people_above_the_new_top_down_to_it(
    app, client, organizer, make_person, person_row, journal
):
    leader, active, newcomer = (
        make_person("Dounia", ladder_rank=4),
        make_person("Elsa", ladder_rank=2),
        make_person("Fanta", ladder_rank=0),
    )
    page = text(client.get("/g/glycines/people/ladder"))
    assert "premier contact\nparticipe\ns’engage\nresponsable\nleader" in page  # the defaults
    response = post(
        client, "/g/glycines/people/ladder", {"levels": "rencontré·e\n\nvenu·e\n pilier \n"}
    )
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "1 personne était au-dessus du nouveau niveau le plus haut" in page
    assert "«\u00a0pilier\u00a0»" in page
    assert re.search(r"<li>pilier <span class=\"muted\">2 personnes</span>", page)
    ranks = [person_row(p.id).ladder_rank for p in (leader, active, newcomer)]
    assert ranks == [2, 2, 0]
    from assembly.people.models import LadderLevel

    with app.app_context():
        names = db.session.scalars(db.select(LadderLevel.name).order_by(LadderLevel.rank)).all()
    assert names == ["rencontré·e", "venu·e", "pilier"]


@pytest.mark.parametrize(
    ("levels", "error"),
    [
        ("seul·e", "Donnez de 2 à 10 niveaux"),
        ("\n".join(f"niveau {n}" for n in range(11)), "Donnez de 2 à 10 niveaux"),
        ("un\n" + "x" * 61, "60 caractères au plus"),
        ("actif·ve\nActif·ve", "Deux niveaux portent le même nom"),
    ],
)
def test_a_ladder_that_cannot_be_is_refused_next_to_the_field(client, organizer, levels, error):
    response = post(client, "/g/glycines/people/ladder", {"levels": levels})
    assert response.status_code == 400
    page = text(response)
    assert re.search(rf'id="levels-error">[^<]*{re.escape(error)}', page)
    assert levels.split("\n")[0] in page  # what was typed comes back


def test_a_person_moves_up_down_or_to_a_level_of_the_ladder(
    client, organizer, make_person, person_row, journal
):
    awa = make_person()
    level = f"{awa.url}/level"
    assert post(client, level, {"rank": "1"}).status_code == 302
    assert (
        post(client, level, {"rank": "3", "next": "/g/glycines/people/follow-up"}).headers[
            "Location"
        ]
        == "/g/glycines/people/follow-up"
    )
    assert person_row(awa.id).ladder_rank == 3
    for bad in ("5", "-1", "²", "", "2147483648"):
        assert post(client, level, {"rank": bad}).status_code == 400
    assert post(client, level, {"rank": "3"}).status_code == 302  # already there: nothing new
    changes = [payload for verb, payload in journal(awa.id) if verb == "person.level_changed"]
    assert [(c["old_name"], c["new_name"]) for c in changes] == [
        ("premier contact", "participe"),
        ("participe", "responsable"),
    ]


# Asks


def test_an_ask_is_written_down_answered_and_its_history_kept(
    app, client, clock, organizer, make_person, journal, person_row
):
    clock.freeze(datetime(2026, 4, 1, 9))
    awa = make_person()
    sent = post(
        client, f"{awa.url}/asks", {"what": "Venir avec trois voisins ?", "asked_on": "2026-03-30"}
    )
    assert sent.status_code == 302 and sent.headers["Location"] == awa.url
    assert person_row(awa.id).last_contact_at == datetime(2026, 3, 30)
    ask = journal(awa.id)[-1][1]["ask_id"]
    answer = f"{awa.url}/asks/{ask}/answer"

    page = text(client.get(f"{awa.url}/asks"))
    assert "Venir avec trois voisins ?" in page and "pas encore de réponse" in page
    assert {"accepted", "declined", "done"} <= set(
        re.findall(r'name="outcome" value="(\w+)"', page)
    )

    assert post(client, answer, {"outcome": "accepted"}).status_code == 302
    clock.advance(days=10)
    assert post(client, answer, {"outcome": "done"}).status_code == 302
    # A page from before: "declined" on what is done changes nothing, and says so.
    refused = post(client, answer, {"outcome": "declined"})
    assert "déjà sa réponse" in text(client.get(refused.headers["Location"]))
    for bad in ("pending", "maybe", ""):
        assert post(client, answer, {"outcome": bad}).status_code == 400

    page = text(client.get(f"{awa.url}/asks"))
    assert "l’a fait" in page and 'name="outcome"' not in page  # done: nothing left to answer
    answers = [payload["outcome"] for verb, payload in journal(awa.id) if verb == "ask.answered"]
    assert answers == ["accepted", "done"]
    assert all("voisins" not in str(payload) for _, payload in journal(awa.id))


def test_a_failed_ask_comes_back_with_its_text_and_the_error(client, clock, organizer, make_person):
    clock.freeze(datetime(2026, 4, 1, 9))
    awa = make_person()
    response = post(
        client, f"{awa.url}/asks", {"what": "Tenir la table ?", "asked_on": "2026-05-01"}
    )
    assert response.status_code == 400
    page = text(response)
    assert 'value="Tenir la table ?"' in page
    assert re.search(r'id="ask-asked_on-error">[^<]*encore à venir', page)
    response = post(client, f"{awa.url}/asks", {"what": "", "asked_on": "2026-03-01"})
    assert response.status_code == 400 and 'id="ask-what-error"' in text(response)


# What the person's page shows


def test_the_person_page_part_shows_level_one_to_ones_and_asks_to_organizers_only(
    app, client, organizer, people, make_person, add_one_to_one
):
    awa = make_person(ladder_rank=2)
    for day, interest in ((1, "Les poubelles."), (5, "Le bruit."), (9, "Les charges.")):
        add_one_to_one(awa.id, date(2026, 3, day), self_interest=interest, story=f"Récit {day}")
    add_one_to_one(awa.id, date(2026, 2, 1), self_interest="Plus ancien.")
    post(client, f"{awa.url}/asks", {"what": "Venir à l'assemblée ?", "asked_on": "2026-03-10"})

    html = relations_html(app, awa.id, people["organizer"].id, "organizer")
    assert "s’engage" in html and "(3 sur 5)" in html
    assert html.index("Les charges.") < html.index("Le bruit.") < html.index("Les poubelles.")
    assert "Récit 9" in html and "Récit 5" not in html  # the latest in full, the others in a line
    assert (
        "Plus ancien." not in html and "Toutes les rencontres individuelles, en entier (4)" in html
    )
    assert "Venir à l&#39;assemblée ?" in html and 'name="outcome" value="accepted"' in html
    assert 'action="/g/glycines/people/1/asks"' in html and 'id="ask-what"' in html
    assert 'name="rank" value="3"' in html and 'name="rank" value="1"' in html  # up, down
    assert relations_html(app, awa.id, people["facilitator"].id, "facilitator").strip() == ""


def test_a_persons_story_reads_in_sentences_without_what_was_said(
    app, client, organizer, people, make_person
):
    from flask import get_template_attribute

    from assembly.trace.operations import events_for

    awa = make_person()
    post(client, f"{awa.url}/one-to-ones/new", one_to_one_form(people))
    post(client, f"{awa.url}/level", {"rank": "1"})
    post(client, f"{awa.url}/asks", {"what": "Tenir la table ?", "asked_on": "2026-03-12"})
    post(client, f"{awa.url}/asks/1/answer", {"outcome": "declined"})
    with app.test_request_context("/"):
        story = get_template_attribute("_macros/trace.html", "trace")(events_for("people", awa.id))
    for sentence in (
        "Rencontre individuelle du 10 mars 2026 notée.",
        "Sur l’échelle\u00a0: passe de «\u00a0premier contact\u00a0» à «\u00a0participe\u00a0».",
        "Quelque chose lui a été demandé.",
        "Réponse à une demande\u00a0: a dit non.",
    ):
        assert sentence in story
    assert "Tenir la table" not in story and "charges" not in story

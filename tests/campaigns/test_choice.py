"""From needs to an issue: how widely and deeply it is felt, the team's grid, the candidates
side by side, and the group's decision whose winner starts."""

import gzip
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from assembly.auth.models import User
from assembly.campaigns.models import Campaign, Criterion, CriterionScore, Quote, Score, Stage
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.trace.models import Event
from tests.helpers import post

ALL_YES = {f"score_{criterion.value}": "yes" for criterion in Criterion}
# Notes as a team writes them, for the comparison's budget: every cell there disagrees.
NOTES = (
    "Le bailleur a déjà reculé sur les caves en 2023, on peut gagner.",
    "Pas sûr que les locataires du bâtiment B se sentent concernés.",
    "La mairie se renverra la balle avec la métropole.",
    "Les charges touchent tout le monde, même les propriétaires.",
    "Il faudrait un délai clair : avant l'hiver prochain ?",
    "Risque de division entre anciens et nouveaux locataires.",
    "Bonne occasion de former Karim et Inès à la prise de parole.",
    "On ne récoltera pas d'argent avec ça, mais ce n'est pas le but.",
    "La directrice d'agence est la bonne cible, elle décide du budget.",
    "Facile à expliquer en une phrase sur un tract.",
    "Victoire possible en trois mois si on mobilise vite.",
    "Les parents d'élèves nous suivront sûrement.",
    "",
)


def verbs(app, verb):
    with app.app_context():
        return list(db.session.scalars(db.select(Event).filter_by(verb=verb)))


@pytest.fixture
def reach_case(app, group, people, make_need, make_campaign):
    """Two needs in a campaign, one outside, and people behind them in every way:
    A wrote need 1 and supports it; B supports it and spoke of need 2 at her door; C is
    present at a meeting that discussed need 2 (and her held support does not count); D
    spoke of need 1 at his door; E only of the need outside, and struck at the meeting.
    Anonymous: one counted "moi aussi" (one held aside) and 5 counted at a meeting."""
    from assembly.canvassing.models import Canvass, Visit, VisitOutcome
    from assembly.meetings.models import AgendaItem, Attendance, Meeting
    from assembly.needs.models import Channel, CountedSupport, Need, Support
    from assembly.people.models import Person

    lift, heating, other = make_need(), make_need("Le chauffage"), make_need("Les caves")
    campaign = make_campaign(needs=(lift.number, heating.number))
    with app.app_context():
        who = {name: Person(group_id=group.id, name=name) for name in "ABCDE"}
        db.session.add_all(who.values())
        db.session.flush()
        ids = {name: person.id for name, person in who.items()}
        db.session.get(Need, lift.id).person_id = ids["A"]
        db.session.add_all(
            [
                Support(need_id=lift.id, person_id=ids["A"]),
                Support(need_id=lift.id, person_id=ids["B"], anonymous_key="b"),
                Support(need_id=heating.id, person_id=ids["C"], held=True, anonymous_key="c"),
                Support(need_id=lift.id, anonymous_key="anon"),
                Support(need_id=lift.id, anonymous_key="held", held=True),
                CountedSupport(need_id=heating.id, count=5, channel=Channel.MEETING),
            ]
        )
        canvass = Canvass(
            group_id=group.id, name="Écoute", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 9)
        )
        db.session.add(canvass)
        db.session.flush()
        for person, need, words in (
            ("B", heating, "On a froid tout l'hiver."),
            ("D", lift, "Ma mère ne sort plus."),
            ("E", other, "Les caves sont inondées."),
        ):
            visit = Visit(
                group_id=group.id,
                canvass_id=canvass.id,
                building="Bâtiment A",
                floor="2e gauche",
                outcome=VisitOutcome.TALKED,
                words=words,
                person_id=ids[person],
            )
            visit.needs = [db.session.get(Need, need.id)]
            db.session.add(visit)
        meeting = Meeting(group_id=group.id, title="Assemblée", starts_at=datetime(2026, 3, 5))
        meeting.items = [AgendaItem(title="Le chauffage", needs=[db.session.get(Need, heating.id)])]
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all(
            [
                Attendance(meeting_id=meeting.id, name="C", person_id=ids["C"]),
                Attendance(
                    meeting_id=meeting.id, name="E", person_id=ids["E"], struck_at=datetime.now()
                ),
                Attendance(meeting_id=meeting.id, name="Sans fiche"),
            ]
        )
        db.session.commit()
    return SimpleNamespace(campaign=campaign, ids=ids, lift=lift, heating=heating)


def test_widely_felt_counts_each_person_once_and_unknown_supports_apart(app, reach_case):
    from assembly.campaigns.operations.issue import widely_felt

    with app.app_context():
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            campaign = db.session.get(Campaign, reach_case.campaign.id)
            statements.clear()
            reach = widely_felt(campaign)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    ids = reach_case.ids
    assert reach.authors == {ids["A"]}
    assert reach.supporters == {ids["A"], ids["B"]}
    assert reach.doors == {ids["B"], ids["D"]}
    assert reach.meetings == {ids["C"]}
    assert reach.people == 4  # A, B, C, D: each once
    assert reach.unknown == 6  # one anonymous "moi aussi" and five counted
    assert len(statements) == 5  # one query per source, one for the unknown supports


def test_the_campaign_page_tells_members_how_widely_it_is_felt(client, auth, reach_case):
    auth.login("member")
    page = client.get(reach_case.campaign.url).get_data(as_text=True)
    assert "<strong>4 personnes</strong> derrière ces besoins" in page
    assert "1 a déposé l’un d’eux" in page and "2 ont dit «\u00a0moi aussi\u00a0»" in page
    assert "2 en ont parlé à leur porte" in page
    assert "Et 6 soutiens de personnes que nous ne connaissons pas" in page
    auth.logout()
    assert client.get(reach_case.campaign.url).status_code == 404  # a candidate: members only


def test_door_words_are_read_by_the_round_team_and_quoted_without_names(
    app, client, auth, people, reach_case
):
    from assembly.canvassing.models import Canvass, Visit

    with app.app_context():
        door = db.session.scalar(db.select(Visit).filter_by(words="Ma mère ne sort plus."))
        door_key, canvass_id = f"v{door.id}", door.canvass_id
    quotes = f"{reach_case.campaign.url}/quotes"
    # A facilitator outside the round's team: the need texts, not the doors.
    auth.login("facilitator")
    page = client.get(quotes).get_data(as_text=True)
    assert "Ma mère ne sort plus." not in page and "On a froid" not in page
    response = post(client, quotes, {"quotes": door_key})
    assert response.status_code == 400  # a door they do not read is not theirs to quote
    auth.logout()
    # On the round's team, they read its doors (the same rule as logging them).
    with app.app_context():
        canvass = db.session.get(Canvass, canvass_id)
        canvass.team.append(db.session.get(User, people["facilitator"].id))
        db.session.commit()
    auth.login("facilitator")
    page = client.get(quotes).get_data(as_text=True)
    assert "Ma mère ne sort plus." in page and "Les caves sont inondées." not in page
    assert post(client, quotes, {"quotes": door_key}).status_code == 302
    assert post(client, quotes, {"quotes": door_key}).status_code == 302  # sent twice: one
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Quote.id))) == 1
    assert len(verbs(app, "campaign.quoted")) == 1
    auth.logout()
    # A member reads the quoted words, without the door or the person; not the others.
    auth.login("member")
    page = client.get(reach_case.campaign.url).get_data(as_text=True)
    assert "Ma mère ne sort plus." in page and "à une porte" in page
    assert "2e gauche" not in page and "On a froid" not in page
    assert client.get(quotes).status_code == 403


def test_the_team_quotes_a_few_words_at_most(app, client, auth, make_need, make_campaign):
    numbers = [make_need(f"Besoin {n}", body=f"Nos mots numéro {n}.").number for n in range(7)]
    campaign = make_campaign(needs=numbers)
    auth.login("organizer")
    page = client.get(f"{campaign.url}/quotes").get_data(as_text=True)
    keys = sorted(set(__import__("re").findall(r'value="(n\d+)"', page)))
    assert len(keys) == 7
    response = post(client, f"{campaign.url}/quotes", {"quotes": keys})
    assert response.status_code == 400
    assert "6 citations au plus" in response.get_data(as_text=True)
    assert post(client, f"{campaign.url}/quotes", {"quotes": keys[:2]}).status_code == 302
    page = client.get(campaign.url).get_data(as_text=True)
    assert page.count('class="quote"') == 2


def test_a_team_member_saves_a_grid_and_sending_it_again_replaces_it(
    app, client, auth, people, make_campaign
):
    campaign = make_campaign()
    grid = f"{campaign.url}/grid"
    auth.login("facilitator")
    assert client.get(grid).status_code == 200
    assert (
        post(client, grid, ALL_YES | {"note_winnable": "Le bailleur a déjà cédé."}).status_code
        == 302
    )
    answers = ALL_YES | {"score_winnable": "partly", "note_winnable": "Moins sûr."}
    assert post(client, grid, answers).status_code == 302
    assert post(client, grid, answers).status_code == 302  # a double post changes nothing
    with app.app_context():
        rows = list(
            db.session.scalars(db.select(CriterionScore).filter_by(campaign_id=campaign.id))
        )
        assert len(rows) == 16 and {row.user_id for row in rows} == {people["facilitator"].id}
        winnable = next(row for row in rows if row.criterion == Criterion.WINNABLE)
        assert (winnable.score, winnable.note) == (Score.PARTLY, "Moins sûr.")
    assert len(verbs(app, "campaign.scored")) == 2
    # The form shows the member's answers back.
    page = client.get(grid).get_data(as_text=True)
    assert 'checked id="score_winnable-1"' in page and "Moins sûr." in page


def test_a_grid_with_a_criterion_missing_or_a_long_note_is_refused_with_the_text_kept(
    client, auth, make_campaign
):
    campaign = make_campaign()
    auth.login("organizer")
    answers = dict(ALL_YES)
    del answers["score_money"]
    answers["note_money"] = "On ne sait pas encore."
    response = post(client, f"{campaign.url}/grid", answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Répondez oui, en partie ou non." in page and "On ne sait pas encore." in page
    response = post(client, f"{campaign.url}/grid", ALL_YES | {"note_easy": "x" * 301})
    assert response.status_code == 400 and "300" in response.get_data(as_text=True)


def test_members_neither_score_nor_compare(client, auth, make_campaign):
    campaign = make_campaign()
    auth.login("member")
    assert client.get(f"{campaign.url}/grid").status_code == 403
    assert client.get("/g/glycines/campaigns/compare").status_code == 403


def score(app, campaign_id, user_id, answers: dict[Criterion, tuple[Score, str]]):
    from assembly.campaigns.operations.choice import save_scores

    with app.app_context():
        save_scores(db.session.get(Campaign, campaign_id), db.session.get(User, user_id), answers)


def test_the_comparison_counts_totals_and_flags_disagreements(
    app, client, auth, people, make_campaign
):
    """A: the facilitator says yes to all (32 points), the organizer no to the first
    criterion and partly to the rest (15): 47 of 64, one disagreement. B: the organizer
    alone, partly everywhere: 16 of 32, none."""
    from assembly.campaigns.operations.choice import compare

    first, second = make_campaign("Des charges justes"), make_campaign("Un passage éclairé")
    score(app, first.id, people["facilitator"].id, dict.fromkeys(Criterion, (Score.YES, "")))
    mixed = dict.fromkeys(Criterion, (Score.PARTLY, ""))
    mixed[Criterion.IMPROVEMENT] = (Score.NO, "Les charges ne baisseront pas vite.")
    score(app, first.id, people["organizer"].id, mixed)
    score(app, second.id, people["organizer"].id, dict.fromkeys(Criterion, (Score.PARTLY, "")))
    with app.app_context():
        a, b = compare([db.session.get(Campaign, first.id), db.session.get(Campaign, second.id)])
        assert (a.total, a.most, a.scorers, a.splits) == (47, 64, 2, 1)
        assert (b.total, b.most, b.scorers, b.splits) == (16, 32, 1, 0)
        improvement = a.cells[Criterion.IMPROVEMENT]
        assert improvement.counts == {Score.YES: 1, Score.PARTLY: 0, Score.NO: 1}
        assert improvement.split and not a.cells[Criterion.OWN_POWER].split
        assert a.cells[Criterion.OWN_POWER].counts == {Score.YES: 1, Score.PARTLY: 1, Score.NO: 0}
    auth.login("facilitator")
    page = client.get("/g/glycines/campaigns/compare").get_data(as_text=True)
    assert "47 sur 64" in page and "16 sur 32" in page
    assert "oui compte 2 points, en partie 1, non 0" in page
    assert page.count('class="split"') == 1
    assert f'id="split-{first.id}-improvement"' in page
    assert "Les charges ne baisseront pas vite." in page


@pytest.fixture
def candidates(app, make_campaign):
    made = [
        make_campaign(title, needs=())
        for title in ("Des charges justes", "Un passage éclairé", "Des ascenseurs qui marchent")
    ]
    return made


def put_online(client, candidates):
    closes = date.today() + timedelta(days=7)
    return post(
        client,
        "/g/glycines/campaigns/choose",
        {
            "question": "Quelle campagne menons-nous ?",
            "candidates": [str(c.id) for c in candidates],
            "where": "online",
            "closes_date": closes.isoformat(),
            "closes_time": "20:00",
        },
    )


def the_choice(app, campaign_id):
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        return campaign.choice_id, campaign.option_id, campaign.stage


def vote_and_close(app, decision_id, grades_by_voter):
    """Members grade the options (by position), then the decision closes."""
    from assembly.decisions.models import Decision
    from assembly.decisions.operations import core, voting

    with app.app_context():
        decision = db.session.get(Decision, decision_id)
        for user_id, grades in grades_by_voter.items():
            voting.cast_ballot(
                decision,
                user_id=user_id,
                grades={
                    option.id: grade for option, grade in zip(decision.options, grades, strict=True)
                },
            )
        core.close_decision(decision)


def test_an_organizer_puts_candidates_to_the_group_and_the_winner_starts(
    app, client, auth, people, candidates
):
    auth.login("organizer")
    assert client.get("/g/glycines/campaigns/choose").status_code == 200
    response = put_online(client, candidates)
    assert response.status_code == 302 and "/decisions/" in response.headers["Location"]
    decision_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # Sent twice: the second leads to the same vote, and makes no other.
    again = put_online(client, candidates)
    assert again.headers["Location"].endswith(f"/decisions/{decision_id}")
    with app.app_context():
        from assembly.decisions.models import Decision, Method

        decision = db.session.get(Decision, decision_id)
        assert decision.method == Method.JUDGMENT
        assert [option.label for option in decision.options] == [
            "Des charges justes",
            "Un passage éclairé",
            "Des ascenseurs qui marchent",
        ]
        options = [option.id for option in decision.options]
        assert db.session.scalar(db.select(db.func.count(Decision.id))) == 1
    for candidate, option in zip(candidates, options, strict=True):
        assert the_choice(app, candidate.id) == (decision_id, option, Stage.CANDIDATE)
    assert len(verbs(app, "campaign.put_to_choice")) == 3
    # The decision's page says what it chooses; the candidate's page links the vote.
    page = client.get(f"/g/glycines/decisions/{decision_id}").get_data(as_text=True)
    assert "Cette décision choisit la prochaine campagne du collectif parmi" in page
    assert f"/decisions/{decision_id}" in client.get(candidates[0].url).get_data(as_text=True)
    # The passage wins: it starts, chosen by the decision; the others stay candidates.
    vote_and_close(
        app,
        decision_id,
        {people["member"].id: (2, 5, 1), people["facilitator"].id: (3, 4, 3)},
    )
    assert the_choice(app, candidates[1].id)[2] == Stage.ACTIVE
    assert the_choice(app, candidates[0].id)[2] == Stage.CANDIDATE
    assert the_choice(app, candidates[2].id)[2] == Stage.CANDIDATE
    started = verbs(app, "campaign.started")
    assert [(e.subject_id, e.payload["decision_id"]) for e in started] == [
        (candidates[1].id, decision_id)
    ]
    settled = verbs(app, "campaign.choice_settled")
    assert sorted((e.subject_id, e.payload["chosen"]) for e in settled) == sorted(
        [(candidates[0].id, False), (candidates[1].id, True), (candidates[2].id, False)]
    )
    page = client.get("/g/glycines/campaigns/compare").get_data(as_text=True)
    assert "Le collectif a choisi" in page and "Un passage éclairé" in page


@pytest.mark.parametrize(
    ("grades", "said"),
    [({"member": (5, 5, 5)}, "égalité"), ({}, "Personne n’a voté")],
    ids=["tie", "void"],
)
def test_a_tie_or_nobody_voting_starts_no_campaign(
    app, client, auth, people, candidates, grades, said
):
    auth.login("organizer")
    decision_id = int(put_online(client, candidates).headers["Location"].rsplit("/", 1)[1])
    vote_and_close(app, decision_id, {people[who].id: g for who, g in grades.items()})
    assert {the_choice(app, c.id)[2] for c in candidates} == {Stage.CANDIDATE}
    assert verbs(app, "campaign.started") == []
    page = client.get("/g/glycines/campaigns/compare").get_data(as_text=True)
    assert said in page and "aucune campagne n’a démarré" in page
    # The candidates may be put to the group again.
    assert "/g/glycines/campaigns/choose" in page
    again = put_online(client, candidates).headers["Location"]
    assert again != f"/g/glycines/decisions/{decision_id}"


def test_a_choice_needs_two_candidates_and_a_closing_date(client, auth, candidates):
    auth.login("organizer")
    response = post(
        client,
        "/g/glycines/campaigns/choose",
        {"question": "Laquelle ?", "candidates": [str(candidates[0].id)], "where": "online"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "entre 2 et 12 candidats" in page and "Laquelle ?" in page
    assert "Dites quand le vote en ligne se termine." in page


def test_a_choice_at_a_meeting_adds_an_agenda_item_with_the_vote_prepared(
    app, client, auth, group, candidates
):
    from assembly.decisions.models import Decision, DecisionStatus
    from assembly.meetings.models import Meeting

    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée d'été",
            starts_at=datetime.now() + timedelta(days=20),  # noqa: DTZ005
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    auth.login("organizer")
    response = post(
        client,
        "/g/glycines/campaigns/choose",
        {
            "question": "Quelle campagne ?",
            "candidates": [str(c.id) for c in candidates[:2]],
            "where": str(meeting_id),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.scalar(db.select(Decision))
        assert decision.meeting_id == meeting_id and decision.status == DecisionStatus.DRAFT
        assert decision.item_id is not None and len(decision.options) == 2


def test_the_comparison_fits_its_budget_with_five_candidates_and_six_scorers(
    app, client, auth, group, make_user, make_campaign
):
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member

    made = [make_campaign(f"Candidat numéro {n} pour le quartier des Glycines") for n in range(5)]
    scorers = [make_user(f"equipe{n}", display_name=f"Membre de l'équipe {n}") for n in range(6)]
    with app.app_context():
        for scorer in scorers:
            user = db.session.get(User, scorer.id)
            add_member(db.session.get(Group, group.id), user, Role.FACILITATOR)
    answers = [Score.YES, Score.NO, Score.PARTLY]
    for c, campaign in enumerate(made):
        for s, scorer in enumerate(scorers):
            score(
                app,
                campaign.id,
                scorer.id,
                {
                    criterion: (answers[(c + s + i) % 3], NOTES[(c * 7 + s * 5 + i) % len(NOTES)])
                    for i, criterion in enumerate(Criterion)
                },
            )
    auth.login("organizer")
    response = client.get("/g/glycines/campaigns/compare")
    body = response.get_data()
    assert response.status_code == 200 and b'class="scroll"' in body
    print("compare page gzipped:", len(gzip.compress(body)))
    assert len(gzip.compress(body)) <= 14 * 1024, len(gzip.compress(body))


@pytest.mark.parametrize("where", ["online", "meeting"])
def test_putting_the_choice_is_all_or_nothing(app, group, people, candidates, monkeypatch, where):
    """A failure while the candidates are linked leaves no decision, no agenda item and no
    candidate half put: the vote, its item and the links land in one transaction."""
    from assembly.auth.models import User
    from assembly.campaigns.operations import choice
    from assembly.decisions.models import Decision
    from assembly.meetings.models import AgendaItem, Meeting

    with app.app_context():
        meeting = None
        if where == "meeting":
            meeting = Meeting(
                group_id=group.id,
                title="Assemblée d'été",
                starts_at=datetime.now() + timedelta(days=20),  # noqa: DTZ005
            )
            db.session.add(meeting)
            db.session.commit()
        real_record = choice.record

        def failing(verb, *args, **kwargs):
            if verb == "campaign.put_to_choice":
                raise RuntimeError("the server stopped here")
            return real_record(verb, *args, **kwargs)

        monkeypatch.setattr(choice, "record", failing)
        with pytest.raises(RuntimeError):
            choice.put_to_choice(
                db.session.get(Group, group.id),
                [db.session.get(Campaign, c.id) for c in candidates],
                question="Quelle campagne menons-nous ?",
                by=db.session.get(User, people["organizer"].id),
                closes_at=datetime.now() + timedelta(days=7),  # noqa: DTZ005
                meeting=meeting,
            )
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0
        assert db.session.scalar(db.select(db.func.count(AgendaItem.id))) == 0
    for candidate in candidates:
        assert the_choice(app, candidate.id) == (None, None, Stage.CANDIDATE)

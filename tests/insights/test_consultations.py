"""What a consultation brings to the retour d'expérience: its positions, comments,
amendments and supports in the report's contributions, its words in the lexical analysis,
its paragraphs' counts in the open data — only what the public may trust, never a draft."""

from datetime import date, datetime

import frictionless
import pytest

from assembly.auth.models import User
from assembly.consultations.models import (
    Audience,
    Consultation,
    ConsultationStage,
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
    Position,
    Stance,
    TextVersion,
)
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.contributions import contributions
from assembly.insights.period import Period
from assembly.needs.models import Channel, Moderation
from assembly.people.models import Person
from tests.insights.test_open_data import export, table

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
IN = datetime(2026, 3, 10, 18)
NOW = datetime(2026, 6, 15, 12)
AT = datetime(2026, 5, 20, 10)  # inside the words' default period (the last 12 months)
TEXT = "# Les ascenseurs\n\nRéparer les ascenseurs.\n\nUn ascenseur de secours.\n"


class Consulted:
    """A consultation of the test group and what was said on it, written to the tables."""

    def __init__(self, group_id, user_id, *, audience=Audience.PUBLIC, opened=True, title="Lettre"):
        from assembly.consultations.operations.text import create_consultation, open_consultation

        row = create_consultation(
            db.session.get(Group, group_id), title=title, text=TEXT, opens_on=date(2026, 1, 1),
            closes_on=date(2099, 1, 1), audience=audience, by=db.session.get(User, user_id),
        )  # fmt: skip
        if opened:
            open_consultation(row)
        self.id, self.number = row.id, row.number
        self.paragraphs = [p.id for p in row.consulted.paragraphs if not p.heading]

    def say(self, at, *, paragraph=0, kind=ContributionType.FOR, text="D'accord.",
            channel=Channel.WEB, moderation=Moderation.APPROVED, **who):  # fmt: skip
        row = Contribution(
            consultation_id=self.id, paragraph_id=self.paragraphs[paragraph], kind=kind,
            text=text, rewrite="Réparer tout." if kind == ContributionType.AMENDMENT else None,
            channel=channel, moderation=moderation, created_at=at, **who,
        )  # fmt: skip
        db.session.add(row)
        db.session.flush()
        return row

    def stance(self, at, *, paragraph=0, position=Position.SUPPORT, **who) -> None:
        db.session.add(
            Stance(consultation_id=self.id, paragraph_id=self.paragraphs[paragraph],
                   position=position, created_at=at, **who)
        )  # fmt: skip

    def endorse(self, at, amendment: Contribution, **who) -> None:
        db.session.add(Endorsement(contribution_id=amendment.id, created_at=at, **who))


@pytest.fixture
def built(app, group, people):
    """One published consultation with one contribution of each kind, and what must not
    count: pending, refused and spam contributions, a support of a refused amendment,
    a draft's contributions.

    Alice (a contact) comments and amends on paper; the member's account is Bruno's card:
    his position and support are his; a browser takes a position and comments.
    """
    with app.app_context():
        alice = Person(group_id=group.id, name="Alice")
        bruno = Person(group_id=group.id, name="Bruno", user_id=people["member"].id)
        db.session.add_all([alice, bruno])
        db.session.flush()
        letter = Consulted(group.id, people["organizer"].id)
        letter.say(IN, person_id=alice.id)
        amendment = letter.say(
            IN, person_id=alice.id, kind=ContributionType.AMENDMENT, channel=Channel.PAPER
        )
        letter.stance(IN, user_id=people["member"].id)
        letter.endorse(IN, amendment, user_id=people["member"].id)
        letter.stance(IN, paragraph=1, position=Position.OPPOSE, anonymous_key="cle")
        letter.say(IN, kind=ContributionType.QUESTION, anonymous_key="cle")
        letter.say(IN, user_id=people["organizer"].id)  # an account without a card
        # Not contributions:
        letter.say(IN, moderation=Moderation.PENDING, anonymous_key="autre")
        refused = letter.say(IN, kind=ContributionType.AMENDMENT, moderation=Moderation.REJECTED)
        letter.say(IN, moderation=Moderation.SPAM)
        letter.endorse(IN, refused, anonymous_key="cle")
        draft = Consulted(group.id, people["organizer"].id, opened=False)
        draft.say(IN, person_id=alice.id)
        draft.stance(IN, person_id=alice.id)
        db.session.commit()
        return {
            "alice": f"p{alice.id}",
            "bruno": f"p{bruno.id}",
            "organizer": f"u{people['organizer'].id}",
        }


def listed(app, group):
    with app.app_context():
        return contributions(db.session.get(Group, group.id), PERIOD.since, PERIOD.until)


def test_each_approved_contribution_counts_once_by_kind_channel_and_person(app, group, built):
    found = listed(app, group)
    assert sorted((c.kind.value, c.channel.value, c.who) for c in found) == sorted([
        ("comment", "web", built["alice"]),
        ("amendment", "paper", built["alice"]),
        ("position", "web", built["bruno"]),
        ("endorsement", "web", built["bruno"]),
        ("position", "web", "k:cle"),
        ("comment", "web", "k:cle"),
        ("comment", "web", built["organizer"]),
    ])  # fmt: skip
    assert all(c.at == IN and c.theme_id is None and c.place == "" for c in found)


def test_the_report_names_the_new_kinds(app, client, auth, group, built, clock):
    clock.freeze(datetime(2026, 7, 1, 12))
    auth.login("member")
    html = client.get("/g/glycines/report?from=2026-01&to=2026-06").get_data(as_text=True)
    section = html.split('id="contributions-h"')[1].split("</section>")[0]
    assert "7 contributions" in section
    for label in (
        "position sur un paragraphe consulté",
        "commentaire dans une consultation",
        "amendement dans une consultation",
        "soutien à un amendement",
    ):
        assert label in section, label
    for part in ("contributors-h", 'id="funnel"', "campaigns-report"):
        assert part in html, part


def test_every_section_of_the_report_still_computes(app, group, built):
    from assembly.insights.report import SECTIONS, figures

    with app.app_context():
        found = figures(db.session.get(Group, group.id), PERIOD)
    assert set(found) == {part.name for part in SECTIONS}
    assert found["contributors"]["contributions"] == 7


# The words


@pytest.fixture
def said(app, group, people, clock):
    """Comments on consultations, each with its own word:
    - "ascenseur": three approved comments of a public consultation (one says "dupont");
    - "cafards": a comment waiting for approval;
    - "moisissures": an amendment's reason, on paper, in a consultation for members;
    - "parking": a comment on a draft (nobody reads it yet).
    """
    clock.freeze(NOW)
    with app.app_context():
        letter = Consulted(group.id, people["organizer"].id)
        for words in ("Les ascenseurs d'abord", "Un ascenseur qui marche", "Ascenseur, dupont"):
            letter.say(AT, text=words, anonymous_key=words)
        letter.say(AT, text="Des cafards partout", moderation=Moderation.PENDING)
        charter = Consulted(group.id, people["organizer"].id, audience=Audience.MEMBERS)
        charter.say(AT, paragraph=1, kind=ContributionType.AMENDMENT,
                    text="À cause des moisissures", channel=Channel.PAPER)  # fmt: skip
        draft = Consulted(group.id, people["organizer"].id, opened=False)
        draft.say(AT, text="Le parking")
        db.session.commit()
        return {"letter": letter, "charter": charter}


def words_page(client, **args):
    response = client.get("/g/glycines/report/words", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def term_page(client, term, **args):
    response = client.get(f"/g/glycines/report/words/{term}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "sees", "does_not_see"),
    [
        ("organizer", {"ascenseur", "dupont", "moisissures"}, {"cafards", "parking"}),
        ("member", {"ascenseur", "dupont", "moisissures"}, {"cafards", "parking"}),
        ("observer", {"ascenseur"}, {"dupont", "moisissures", "cafards", "parking"}),
    ],
)
def test_a_consultation_s_words_are_read_where_the_visitor_may_read_them(
    client, auth, said, who, sees, does_not_see
):
    auth.login(who)
    page = words_page(client)
    for word in sees:
        assert f">{word}</a>" in page, f"{who} should see {word!r}"
    for word in does_not_see:
        assert f">{word}</a>" not in page, f"{who} should not see {word!r}"


def test_a_terms_page_links_the_paragraph_and_the_channel_filter_holds(client, auth, said):
    auth.login("member")
    letter, charter = said["letter"], said["charter"]
    page = term_page(client, "ascenseurs")
    url = f"/g/glycines/consultations/{letter.number}/p/{letter.paragraphs[0]}"
    assert page.count(f'href="{url}"') == 3
    assert "Un ascenseur qui marche" in page
    page = term_page(client, "moisissure")
    assert f'href="/g/glycines/consultations/{charter.number}/p/{charter.paragraphs[1]}"' in page
    assert "Réparer tout" in page  # the words the amendment adds, with its reason
    paper = words_page(client, channel="paper")
    assert ">moisissures</a>" in paper and ">ascenseur</a>" not in paper
    assert ">moisissures</a>" not in words_page(client, channel="web")


# The open data


def test_the_open_data_counts_the_paragraphs_of_public_consultations(
    app, client, auth, group, built, tmp_path
):
    with app.app_context():  # the letter gets its final text: its first paragraph changed
        letter = db.session.scalar(db.select(Consultation).filter_by(number=1))
        final = TextVersion(consultation_id=letter.id, number=2)
        for original in letter.consulted.paragraphs:
            final.paragraphs.append(
                Paragraph(
                    position=original.position, level=original.level, origin_id=original.id,
                    body="Réparer tout." if original.position == 2 else original.body,
                )
            )  # fmt: skip
        db.session.add(final)
        letter.stage = ConsultationStage.FINAL
        db.session.commit()
    auth.login("observer")
    files = export(client)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = table(files, "consultations")
    # The draft is not there; the letter's two paragraphs are, headings aside.
    assert [(row["consultation"], row["paragraph"]) for row in rows] == [("1", "1"), ("1", "2")]
    first, second = rows
    assert (first["stage"], first["title"]) == ("final", "Lettre")
    assert (first["supports"], first["oppositions"]) == ("1", "0")
    assert (first["comments"], first["amendments"]) == ("3", "1")  # approved ones only
    assert first["contributors"] == "4"  # Alice, Bruno, the browser, the organizer
    assert (second["oppositions"], second["contributors"]) == ("1", "1")
    assert (first["changed"], second["changed"]) == ("true", "false")
    everything = "\n".join(files.values())
    assert "D'accord." not in everything and "Alice" not in everything


def test_an_amendment_brings_the_words_it_adds_not_the_paragraph_it_keeps(
    app, client, auth, group, people, clock
):
    clock.freeze(NOW)
    with app.app_context():
        letter = Consulted(group.id, people["organizer"].id)
        for n in range(3):  # "Un ascenseur de secours." kept, "dès lundi" added
            row = letter.say(AT, paragraph=1, kind=ContributionType.AMENDMENT,
                             text="Vite.", anonymous_key=f"k{n}")  # fmt: skip
            row.rewrite = "Un ascenseur de secours dès lundi."
        db.session.commit()
    auth.login("member")
    page = words_page(client)
    assert ">lundi</a>" in page
    assert ">secours</a>" not in page  # the group's own words, not the residents'

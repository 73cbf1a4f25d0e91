"""The minutes: drafted from the meeting, edited, published as the meeting is, exported as ODT."""

import io
import re
from datetime import datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import odfdo
import pytest

from assembly.decisions.models import (
    Ballot,
    Decision,
    DecisionOutcome,
    DecisionStatus,
    Method,
    Option,
)
from assembly.extensions import db
from assembly.meetings.models import (
    AgendaItem,
    Answer,
    Attendance,
    Gender,
    Meeting,
    Rsvp,
    SpeakerTurn,
    State,
)
from assembly.minutes.models import Minutes
from assembly.tasks.models import Task
from assembly.trace.models import Event
from tests.helpers import post

STARTS = datetime(2026, 3, 5, 17)


@pytest.fixture(autouse=True)
def english(client):
    """Pages (and so the draft) in English, so the tests read the msgids."""
    client.set_cookie("lang", "en")


@pytest.fixture
def meeting(app, group):
    """A closed meeting with all the minutes draw on; returns its id.

    Present: Awa (agreed to be named), Bruno and Chloé (did not). Apologies: Marc
    (agreed), Nadia (did not). Two items with notes, public decisions of every kind (one
    secret ballot with named voters in the table, which the minutes must not show),
    a task decided there and an older open one to follow up.
    """
    with app.app_context():
        meeting = Meeting(
            group_id=group.id, title="Assemblée de mars", starts_at=STARTS,
            place="Maison de quartier", state=State.CLOSED,
        )  # fmt: skip
        meeting.items = [
            AgendaItem(title="Les charges", position=1, notes="Tour de table.\n\n- *trop* chères"),
            AgendaItem(title="La fête", position=2),
        ]
        db.session.add(meeting)
        db.session.flush()
        charges, party = meeting.items
        awa = Attendance(meeting_id=meeting.id, name="Awa", named_in_minutes=True,
                         first_time=True, gender=Gender.WOMAN)  # fmt: skip
        bruno = Attendance(meeting_id=meeting.id, name="Bruno", gender=Gender.MAN)
        chloe = Attendance(meeting_id=meeting.id, name="Chloé")
        db.session.add_all([awa, bruno, chloe])
        db.session.add_all([
            Rsvp(meeting_id=meeting.id, name="Marc", answer=Answer.NO, named_in_minutes=True),
            Rsvp(meeting_id=meeting.id, name="Nadia", answer=Answer.NO),
            Rsvp(meeting_id=meeting.id, name="Awa", answer=Answer.YES, named_in_minutes=True),
        ])  # fmt: skip
        db.session.flush()
        db.session.add(
            SpeakerTurn(meeting_id=meeting.id, attendance_id=awa.id, item_id=charges.id,
                        asked_at=STARTS, started_at=STARTS, ended_at=STARTS + timedelta(minutes=3))
        )  # fmt: skip
        letter = Decision(
            group_id=group.id, meeting_id=meeting.id, item_id=charges.id, public=True,
            question="Écrit-on au bailleur ?", method=Method.BALLOT, secret=True,
            status=DecisionStatus.CLOSED, outcome=DecisionOutcome.ADOPTED,
            result={"ballots": 17, "yes": 12, "no": 3, "abstain": 2},
        )  # fmt: skip
        party_choice = Decision(
            group_id=group.id, meeting_id=meeting.id, item_id=party.id, public=True,
            question="Quelle fête cet été ?", method=Method.JUDGMENT, status=DecisionStatus.CLOSED,
            outcome=DecisionOutcome.CHOSEN,
            options=[Option(position=0, label="Pique-nique"), Option(position=1, label="Concert")],
            result={"ballots": 9, "ranking": [
                {"option": 1, "label": "Pique-nique", "rank": 1, "grade": 4,
                 "profile": [0, 0, 1, 2, 3, 3]},
                {"option": 2, "label": "Concert", "rank": 2, "grade": 2,
                 "profile": [1, 2, 3, 2, 1, 0]},
            ]},
        )  # fmt: skip
        pending = Decision(
            group_id=group.id, meeting_id=meeting.id, question="Change-t-on de salle ?",
            method=Method.HANDS, status=DecisionStatus.OPEN, public=True,
        )  # fmt: skip
        db.session.add_all([letter, party_choice, pending])
        db.session.flush()
        db.session.add(Ballot(decision_id=letter.id, voter="u:1", name="Roberto Voteur",
                              choice="yes"))  # fmt: skip
        db.session.add_all([
            Task(group_id=group.id, title="Appeler la mairie", assignee_name="Karim",
                 created_at=STARTS - timedelta(days=20)),
            Task(group_id=group.id, title="Écrire au bailleur", assignee_name="Fatou",
                 meeting_id=meeting.id, item_id=charges.id, decision_id=letter.id,
                 due_on=datetime(2026, 4, 1).date(), created_at=STARTS + timedelta(hours=1)),
        ])  # fmt: skip
        db.session.commit()
        return meeting.id


def url(meeting_id, page="minutes"):
    return f"/g/glycines/meetings/{meeting_id}/{page}"


def textarea(html: str) -> str:
    """The Markdown in the editor, as typed."""
    found = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", html, re.S).group(1)
    return unescape(found)  # a browser drops the first line break too


def tags_in(html: str) -> list[tuple[str, dict]]:
    """The real elements of an HTML fragment and their attributes (escaped text is no tag)."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def draft(client, meeting_id) -> str:
    response = client.get(url(meeting_id, "minutes/edit"))
    assert response.status_code == 200
    return textarea(response.get_data(as_text=True))


def save(client, meeting_id, body):
    return post(client, url(meeting_id, "minutes/edit"), {"body": body})


def publish(client, meeting_id, on=True):
    data = {"publish": "1" if on else "0", "confirm": "yes"}
    return post(client, url(meeting_id, "minutes/publish"), data)


def test_the_draft_has_the_decisions_with_their_results_and_the_tasks(app, client, auth, meeting):
    auth.login("facilitator")
    text = draft(client, meeting)
    assert text.startswith("# Minutes — Assemblée de mars\n")
    assert "Maison de quartier" in text
    assert "## 1. Les charges\n\nTour de table.\n\n- *trop* chères" in text
    assert "## 2. La fête" in text
    assert "### Decision: Écrit-on au bailleur ?" in text
    assert "**Adopted.** 12 for, 3 against, 2 abstentions." in text
    assert "### Decision: Quelle fête cet été ?" in text
    assert "**Chosen: Pique-nique (majority grade: Good).** 9 voters." in text
    assert "- Concert: Passable (rank 2)" in text
    assert "## Other decisions" in text and "Change-t-on de salle ?" in text
    assert "Not decided yet." in text
    tasks = text.split("## Tasks", 1)[1]
    assert "- Fatou: Écrire au bailleur (by Apr 1, 2026)" in tasks
    follow_up = text.split("## Follow-up of tasks", 1)[1].split("## 1.", 1)[0]
    assert "Appeler la mairie — Karim — still open" in follow_up
    assert "Écrire au bailleur" not in follow_up  # decided at this meeting, not before
    assert "## Speaking time" in text and "3 people present" in text
    with app.app_context():  # opening the editor writes nothing
        assert db.session.scalar(db.select(Minutes)) is None


def test_the_draft_names_only_those_who_agreed_and_never_a_voter(app, client, auth, meeting):
    auth.login("facilitator")
    text = draft(client, meeting)
    assert "**Present:** 3 — Awa and 2 other people" in text
    assert "**Apologies:** 2 — Marc and 1 other person" in text
    for name in ("Bruno", "Chloé", "Nadia", "Roberto Voteur"):
        assert name not in text


def test_a_members_only_decision_stays_out_of_a_public_meetings_draft(app, client, auth, meeting):
    with app.app_context():
        decision = db.session.scalar(db.select(Decision).filter_by(method=Method.BALLOT))
        decision.public = False
        db.session.commit()
    auth.login("facilitator")
    text = draft(client, meeting)
    assert "Écrit-on au bailleur ?" not in text and "12 for" not in text
    assert "1 members-only decision is left out of these minutes" in text


def test_saving_redrafting_and_publishing_are_journaled(app, client, auth, meeting):
    auth.login("facilitator")
    assert save(client, meeting, "# Compte rendu\n\nÀ la main.").status_code == 302
    assert "À la main." in draft(client, meeting)  # the editor reopens the saved text
    assert publish(client, meeting).status_code == 302
    response = post(client, url(meeting, "minutes/redraft"))
    assert response.headers["Location"] == url(meeting, "minutes/edit")
    assert "À la main." not in draft(client, meeting)
    assert publish(client, meeting, on=False).status_code == 302
    with app.app_context():
        minutes = db.session.scalar(db.select(Minutes))
        assert not minutes.published and "Écrit-on au bailleur" in minutes.body
        verbs = db.session.scalars(db.select(Event.verb).where(Event.verb.like("minutes.%")))
        assert list(verbs) == [
            "minutes.saved",
            "minutes.published",
            "minutes.redrafted",
            "minutes.unpublished",
        ]


def test_an_empty_text_is_refused_with_400_and_nothing_saved(app, client, auth, meeting):
    auth.login("facilitator")
    response = save(client, meeting, "   ")
    assert response.status_code == 400
    assert 'id="body-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Minutes)) is None


def test_preview_renders_the_text_without_saving_it(app, client, auth, meeting):
    auth.login("facilitator")
    response = post(client, url(meeting, "minutes/edit"), {"body": "## Essai", "preview": "1"})
    assert response.status_code == 200
    assert "<h2>Essai</h2>" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Minutes)) is None


def test_publishing_before_saving_sends_to_the_editor(client, auth, meeting):
    auth.login("facilitator")
    response = publish(client, meeting)
    assert response.headers["Location"] == url(meeting, "minutes/edit")


def test_scripts_and_javascript_links_are_neutralised_on_the_minutes_page(
    app, client, auth, meeting
):
    auth.login("facilitator")
    body = (
        "# Compte rendu\n\n<script>alert('x')</script>\n\n"
        "[clic](javascript:alert(1)) [site](https://example.org) "
        '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">a</a>\n'
    )
    save(client, meeting, body)
    publish(client, meeting)
    auth.logout()
    html = client.get(url(meeting)).get_data(as_text=True)
    article = re.search(r'<article class="minutes" dir="auto">(.*?)</article>', html, re.S).group(1)
    tags = tags_in(article)
    assert {tag for tag, _ in tags} == {"h1", "p", "a"}
    assert [attrs for tag, attrs in tags if tag == "a"] == [
        {"href": "https://example.org", "rel": "noopener nofollow"}
    ]
    assert "&lt;script&gt;" in article  # shown as text, harmless
    assert '<a href="https://example.org" rel="noopener nofollow">site</a>' in article


def test_published_minutes_are_public_for_a_public_meeting(client, auth, meeting):
    auth.login("facilitator")
    save(client, meeting, "# Compte rendu\n\nTexte publié.")
    auth.logout()
    before = client.get(url(meeting))
    assert before.status_code == 200 and "Texte publié." not in before.get_data(as_text=True)
    assert client.get(url(meeting, "minutes.odt")).status_code == 404
    auth.login("facilitator")
    publish(client, meeting)
    auth.logout()
    assert "Texte publié." in client.get(url(meeting)).get_data(as_text=True)
    assert client.get(url(meeting, "minutes.odt")).status_code == 200
    assert "Read the minutes" in client.get(f"/g/glycines/meetings/{meeting}").get_data(True)


def test_published_minutes_of_a_members_only_meeting_are_for_members(app, client, auth, meeting):
    with app.app_context():
        db.session.get(Meeting, meeting).public = False
        db.session.commit()
    auth.login("facilitator")
    save(client, meeting, "# Compte rendu\n\nEntre nous.")
    publish(client, meeting)
    auth.logout()
    assert client.get(url(meeting)).status_code == 404
    assert client.get(url(meeting, "minutes.odt")).status_code == 404
    auth.login("member")
    assert "Entre nous." in client.get(url(meeting)).get_data(as_text=True)


def test_a_draft_is_seen_by_its_writers_only(client, auth, meeting):
    auth.login("facilitator")
    save(client, meeting, "# Compte rendu\n\nBrouillon.")
    page = client.get(url(meeting)).get_data(as_text=True)
    assert "Brouillon." in page and "Publish the minutes" in page
    auth.logout()
    auth.login("member")
    assert "Brouillon." not in client.get(url(meeting)).get_data(as_text=True)
    assert client.get(url(meeting, "minutes.odt")).status_code == 404


def test_the_note_taker_writes_the_minutes_other_members_may_not(
    app, client, auth, people, meeting
):
    with app.app_context():
        db.session.get(Meeting, meeting).note_taker_id = people["member"].id
        db.session.commit()
    auth.login("member")
    assert client.get(url(meeting, "minutes/edit")).status_code == 200
    assert save(client, meeting, "# Notes de la secrétaire").status_code == 302
    with app.app_context():
        db.session.get(Meeting, meeting).note_taker_id = None
        db.session.commit()
    assert client.get(url(meeting, "minutes/edit")).status_code == 403
    assert publish(client, meeting).status_code == 403


def test_the_odt_opens_with_the_meeting_and_its_sections_as_headings(app, client, auth, meeting):
    auth.login("facilitator")
    post(client, url(meeting, "minutes/redraft"))
    response = client.get(url(meeting, "minutes.odt"))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.oasis.opendocument.text"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="minutes-of-the-meeting-2026-03-05-assemblee-de-mars.odt"' in disposition
    document = odfdo.Document(io.BytesIO(response.data))
    assert document.meta.get_title() == "Assemblée de mars"
    headings = [(int(h.level), str(h).strip()) for h in document.body.headers]
    assert headings[0] == (1, "Minutes — Assemblée de mars")
    texts = [text for _, text in headings]
    for wanted in (
        "Follow-up of tasks",
        "1. Les charges",
        "2. La fête",
        "Decision: Écrit-on au bailleur ?",
        "Decision: Quelle fête cet été ?",
        "Other decisions",
        "Tasks",
        "Speaking time",
    ):
        assert wanted in texts, wanted
    assert dict((text, level) for level, text in headings)["1. Les charges"] == 2
    paragraphs = [str(p).strip() for p in document.body.paragraphs]
    assert "Adopted. 12 for, 3 against, 2 abstentions." in paragraphs
    items = [item.text_recursive.strip() for item in document.body.get_elements("//text:list-item")]
    assert "Fatou: Écrire au bailleur (by Apr 1, 2026)" in items


def test_the_draft_breaks_lines_without_trailing_backslashes(client, auth, meeting):
    auth.login("facilitator")
    text = draft(client, meeting)
    assert not [line for line in text.splitlines() if line.endswith("\\")]
    assert "**Place:** Maison de quartier\n**Present:** 3" in text
    assert "3 people present, 1 speaking turn, 3 min of speech." in text


def test_a_single_line_break_is_kept_on_the_page_and_in_the_preview(app, client, auth, meeting):
    auth.login("facilitator")
    typed = "Awa ouvre la séance.\nBruno lit l'ordre du jour."
    response = post(client, url(meeting, "minutes/edit"), {"body": typed, "preview": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    kept = "<p>Awa ouvre la séance.<br>\nBruno lit l&#39;ordre du jour.</p>"
    assert kept in unescape_quotes(html)
    assert textarea(html) == typed  # the text is kept in the editor
    with app.app_context():
        assert db.session.scalar(db.select(Minutes)) is None
    assert save(client, meeting, typed).status_code == 302
    shown = client.get(url(meeting)).get_data(as_text=True)
    assert "Awa ouvre la séance.<br>" in shown


def unescape_quotes(html: str) -> str:
    """nh3 writes an apostrophe as &#39; or as it is: read both alike."""
    return html.replace("'", "&#39;")


def test_publishing_and_unpublishing_take_a_confirmation(app, client, auth, meeting):
    """One click opens the step; a POST without its confirmation changes nothing."""

    def published() -> bool:
        with app.app_context():
            return db.session.scalar(db.select(Minutes)).published

    auth.login("facilitator")
    save(client, meeting, "# Compte rendu\n\nRien à signaler.")
    page = client.get(url(meeting)).get_data(as_text=True)
    assert '<details class="confirm inline">' in page and 'name="confirm" value="yes"' in page
    post(client, url(meeting, "minutes/publish"), {"publish": "1"})
    assert not published()
    publish(client, meeting)
    assert published()
    post(client, url(meeting, "minutes/publish"), {"publish": "0"})
    assert published()

"""A call to action: the organizer previews who it reaches, by which channel, who is left
out and why, what it costs; then sends it once, through the outbox."""

import html
import re
from datetime import datetime

import pytest

from assembly.extensions import db
from assembly.messages import calls
from assembly.messages.models import Broadcast, Message, MessageChannel, MessageKind
from assembly.people.models import ReachBy
from assembly.trace.models import Event
from tests.helpers import post
from tests.messages.team import ENGLISH, OUTBOX, add_person, tally

NEW = f"{OUTBOX}/new"
GROUP_ACTIONS = "group_actions"
MORNING = datetime(2026, 12, 1, 9)  # 10:00 in Paris: outside quiet hours


@pytest.fixture
def residents(app, group, clock):
    """Seven people of the contact book, each a case of who a call reaches."""
    clock.freeze(MORNING)
    add = lambda *args, **kwargs: add_person(app, group.id, *args, **kwargs)  # noqa: E731
    return {
        # by SMS: a phone and the consent
        "awa": add("Awa Diallo", phone="+33612345678", building="Bâtiment A", ladder_rank=1,
                   language="fr", consents=[GROUP_ACTIONS]),
        # by e-mail: she prefers it
        "bintou": add("Bintou Koné", email="bintou@example.org", phone="+33611111111",
                      preferred_channel=ReachBy.EMAIL, building="Bâtiment B",
                      consents=[GROUP_ACTIONS]),
        # by e-mail, and no name to greet her by
        "door": add("", email="porte@example.org", building="Bâtiment B",
                    consents=[GROUP_ACTIONS]),
        # left out: no consent to hear about the group's actions
        "chloe": add("Chloé Martin", phone="+33622222222", consents=["need_followup"]),
        "dan": add("Dan Roux", phone="+33633333333"),
        # left out: a consent, but no phone nor e-mail
        "eli": add("Eli Petit", building="Bâtiment A", consents=[GROUP_ACTIONS]),
        # by SMS too: a reminder consent is no consent to hear about actions, this one is
        "fatou": add("Fatou Sow", phone="+33644444444", language="en", ladder_rank=1,
                     consents=[GROUP_ACTIONS, "sms_reminders"]),
    }  # fmt: skip


def fields(page: str) -> dict[str, str]:
    """The hidden fields of the call's form, as the preview sends them back."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="(once|checked)"[^>]*value="([^"]*)"', page)
    }


def preview(client, data: dict, **kwargs):
    page = client.get(NEW).get_data(as_text=True)
    sent = {"subject": "Assemblée jeudi", "text": "Bonjour {prénom}, assemblée jeudi à 18 h."}
    return post(client, NEW, {**fields(page), **sent, **data, "step": "preview"}, **kwargs)


def send(client, previewed, data: dict | None = None):
    page = previewed.get_data(as_text=True)
    sent = {"subject": "Assemblée jeudi", "text": "Bonjour {prénom}, assemblée jeudi à 18 h."}
    return post(client, NEW, {**sent, **(data or {}), **fields(page), "step": "send"})


def messages(app) -> list[Message]:
    with app.app_context():
        found = db.session.scalars(db.select(Message).order_by(Message.id)).all()
        for message in found:
            db.session.expunge(message)
        return found


def test_the_preview_counts_who_is_reached_and_who_is_left_out_and_why(
    app, client, auth, residents
):
    auth.login("organizer")
    response = preview(client, {}, headers=ENGLISH)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert tally(page, "In the selection") == 7
    assert tally(page, "By SMS") == 2  # Awa, Fatou
    assert tally(page, "By e-mail") == 2  # Bintou, the door
    assert tally(page, "Left out") == 3
    assert "2 left out: no consent to hear about the group's actions" in page  # Chloé, Dan
    assert "1 left out: no phone or e-mail" in page  # Eli
    # The first reached, by name: Awa; her SMS reads as it will, with its way out.
    assert "As Awa Diallo will read it" in page
    assert "Bonjour Awa, assemblée jeudi à 18 h.\nSTOP" in page
    assert "Send to 4 people" in page
    assert messages(app) == []  # a preview writes nothing


def test_a_channel_the_server_cannot_use_leaves_its_people_out(app, client, auth, residents):
    app.config.update(MAIL_SERVER="")  # no e-mail on this server
    auth.login("organizer")
    page = html.unescape(preview(client, {}, headers=ENGLISH).get_data(as_text=True))
    assert tally(page, "By SMS") == 3  # Bintou prefers e-mail, but her phone will do
    assert tally(page, "By e-mail") == 0
    assert "1 left out: only a contact this server cannot write to" in page  # the door


def test_the_plan_is_exact_for_every_filter(app, group, residents, make_meeting_with):
    from assembly.groups.access import Viewer
    from assembly.groups.models import Group, Role

    came = make_meeting_with([residents["awa"], residents["chloe"]])
    with app.test_request_context():
        glycines = db.session.get(Group, group.id)
        organizer = Viewer(1, Role.ORGANIZER)

        def reached(**selection) -> set[str]:
            planned = calls.plan(glycines, organizer, calls.Selection(**selection), "S", "T")
            return {route.person.name for route in planned.routes}

        assert reached(level="1") == {"Awa Diallo", "Fatou Sow"}
        assert reached(building="Bâtiment B") == {"Bintou Koné", ""}
        assert reached(language="en") == {"Fatou Sow"}
        assert reached(came_to=f"meeting:{came}") == {"Awa Diallo"}  # Chloé has no consent
        assert reached(came_to="meeting:999") == set()
        assert reached(level="1", language="fr") == {"Awa Diallo"}
        member = calls.plan(glycines, Viewer(2, Role.MEMBER), calls.Selection(), "S", "T")
        assert member.matched == 0  # the contact book's own rule: organizers only


@pytest.fixture
def make_meeting_with(app, group):
    """A meeting of the group that began, with these people present; returns its id."""
    from assembly.meetings.models import Attendance, Meeting

    def make(person_ids) -> int:
        with app.app_context():
            meeting = Meeting(
                group_id=group.id, title="Assemblée de novembre", starts_at=datetime(2026, 11, 5)
            )
            db.session.add(meeting)
            db.session.flush()
            for person_id in person_ids:
                db.session.add(Attendance(meeting_id=meeting.id, name="x", person_id=person_id))
            db.session.commit()
            return meeting.id

    return make


def test_came_to_a_meeting_is_offered_and_selects(app, client, auth, residents, make_meeting_with):
    came = make_meeting_with([residents["fatou"]])
    auth.login("organizer")
    page = client.get(NEW).get_data(as_text=True)
    assert f'<option value="meeting:{came}">Assemblée de novembre</option>' in page
    page = preview(client, {"came_to": f"meeting:{came}"}, headers=ENGLISH).get_data(as_text=True)
    assert tally(html.unescape(page), "By SMS") == 1
    assert "came to: Assemblée de novembre" in html.unescape(page)


def test_sending_writes_one_message_a_person_once(app, client, auth, people, residents):
    auth.login("organizer")
    previewed = preview(client, {})
    response = send(client, previewed)
    assert response.status_code == 302
    written = messages(app)
    assert len(written) == 4
    assert {m.person_id for m in written} == {
        residents[name] for name in ("awa", "bintou", "door", "fatou")
    }
    assert all(m.kind == MessageKind.CALL_TO_ACTION for m in written)
    assert all(m.created_by_id == people["organizer"].id for m in written)
    by_person = {m.person_id: m for m in written}
    awa, door = by_person[residents["awa"]], by_person[residents["door"]]
    assert awa.channel == MessageChannel.SMS
    assert awa.body.startswith("Bonjour Awa, assemblée jeudi à 18 h.")
    assert door.channel == MessageChannel.EMAIL
    assert door.subject == "Assemblée jeudi"
    assert door.body == "Bonjour, assemblée jeudi à 18 h."  # no name: said gracefully
    with app.app_context():
        broadcast = db.session.scalar(db.select(Broadcast))
        assert (broadcast.by_sms, broadcast.by_email, broadcast.excluded) == (2, 2, 3)
        assert broadcast.sms_parts == sum(m.segments for m in written)
        assert broadcast.created_by_id == people["organizer"].id
        assert broadcast.selection == "tout le carnet de contacts"
        assert {m.broadcast_id for m in written} == {broadcast.id}
        assert db.session.scalar(db.select(Event).filter_by(verb="broadcast.sent")) is not None
        where = f"{OUTBOX}?broadcast={broadcast.id}"
    assert response.headers["Location"] == where
    # The same form again (a double tap, the back button and "Send"): nothing more.
    again = send(client, previewed)
    assert again.status_code == 302 and again.headers["Location"] == where
    assert len(messages(app)) == 4
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Broadcast.id))) == 1
    # The outbox shows that call's messages.
    page = client.get(where).get_data(as_text=True)
    assert "Appel à l’action du" in page and "4 messages" in page


def test_the_same_batch_written_twice_writes_nothing_more(app, group, people, residents):
    """Below the form's key: each message's key is the batch and the person."""
    from assembly.auth.models import User
    from assembly.groups.access import Viewer
    from assembly.groups.models import Group, Role

    with app.test_request_context():
        glycines = db.session.get(Group, group.id)
        planned = calls.plan(glycines, Viewer(1, Role.ORGANIZER), calls.Selection(), "S", "T")
        by = db.session.get(User, people["organizer"].id)
        first = calls.send(
            glycines, planned, subject="S", text="T", selection="", batch="b1", by=by
        )
        assert first.reached == 4
        db.session.delete(first)  # even without the Broadcast, the messages' keys hold
        db.session.commit()
        again = calls.send(
            glycines, planned, subject="S", text="T", selection="", batch="b1", by=by
        )
        assert again.reached == 0 and again.excluded == 7
    assert len(messages(app)) == 4


def test_sending_without_the_preview_of_that_text_previews_it(app, client, auth, residents):
    auth.login("organizer")
    previewed = preview(client, {})
    response = send(client, previewed, {"text": "Autre chose."})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Le texte ou la sélection a changé" in page and "Autre chose." in page
    assert messages(app) == []
    assert send(client, response, {"text": "Autre chose."}).status_code == 302  # now seen
    assert len(messages(app)) == 4


def test_a_bad_form_comes_back_400_with_the_text_kept(app, client, auth, residents):
    auth.login("organizer")
    response = preview(client, {"subject": "", "text": "Mon texte à garder"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Mon texte à garder" in page
    assert re.search(r'id="subject-error"', page)
    too_long = preview(client, {"text": "x" * 1001})
    assert too_long.status_code == 400 and 'id="text-error"' in too_long.get_data(as_text=True)


def test_a_form_without_its_one_time_key_is_refused(app, client, auth, residents):
    auth.login("organizer")
    data = {"subject": "S", "text": "T", "step": "preview", "once": ""}
    response = post(client, NEW, data)
    assert response.status_code == 400


def test_a_call_past_the_cap_is_refused(app, client, auth, residents, monkeypatch):
    monkeypatch.setattr(calls, "MOST_RECIPIENTS", 3)
    auth.login("organizer")
    previewed = preview(client, {})
    page = previewed.get_data(as_text=True)
    assert "Au plus 3 personnes par appel" in page and "Envoyer à" not in page
    response = send(client, previewed)
    assert response.status_code == 400
    assert messages(app) == []


def test_the_subject_says_the_first_name_too(app, client, auth, residents):
    auth.login("organizer")
    data = {"subject": "{prénom}, jeudi on compte sur vous"}
    assert send(client, preview(client, data), data).status_code == 302
    subjects = {m.person_id: m.subject for m in messages(app)}
    assert subjects[residents["bintou"]] == "Bintou, jeudi on compte sur vous"
    assert subjects[residents["door"]] == "Jeudi on compte sur vous"  # no name: no gap


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Bonjour {prénom}, à jeudi.", "Bonjour, à jeudi."),
        ("{prénom}, venez jeudi.", "Venez jeudi."),
        ("Merci {prénom} !\n{prénom} : à jeudi.", "Merci !\nÀ jeudi."),
        ("Sans prénom.", "Sans prénom."),
    ],
)
def test_without_a_name_the_placeholder_goes_gracefully(written, read):
    from assembly.people.models import Person

    assert calls.personal(written, Person(name="")) == read
    assert calls.personal(written, Person(name="  Awa   Diallo")) == written.replace(
        "{prénom}", "Awa"
    )


def test_nobody_reached_nothing_to_send(app, client, auth, residents):
    auth.login("organizer")
    previewed = preview(client, {"building": "Bâtiment Z"})
    assert "Personne dans cette sélection" in previewed.get_data(as_text=True)
    assert send(client, previewed, {"building": "Bâtiment Z"}).status_code == 400


def test_a_group_that_turned_calls_off_is_told_and_sends_nothing(app, client, auth, residents):
    auth.login("organizer")
    post(client, f"{OUTBOX}/settings", {"kinds": "need_update", "reminder_hours": "48",
                                         "quiet_from": "21", "quiet_until": "8"})  # fmt: skip
    previewed = preview(client, {})
    assert "Les appels à l’action sont désactivés" in previewed.get_data(as_text=True)
    assert send(client, previewed).status_code == 400
    assert messages(app) == []


def test_an_accent_outside_gsm7_is_told_with_its_cost(app, client, auth, residents):
    auth.login("organizer")
    plain = preview(client, {"text": "Assemblée jeudi à 18 h, venez nombreux !"}, headers=ENGLISH)
    plain_page = html.unescape(plain.get_data(as_text=True))
    assert "Plain SMS alphabet (GSM-7)" in plain_page
    assert "Cost: 2 SMS parts in all." in plain_page  # one each, Awa and Fatou
    fete = preview(
        client, {"text": "Fête de quartier jeudi, venez nombreux ! " * 2}, headers=ENGLISH
    )
    page = html.unescape(fete.get_data(as_text=True))
    assert "travel in Unicode" in page and "(ê:" in page
    assert "Cost: 4 SMS parts in all." in page  # past 70 characters: two parts each
    assert "(Unicode), 2 SMS parts" in page


def test_the_book_leads_to_a_call_for_its_selection(app, client, auth, residents):
    auth.login("organizer")
    book = client.get("/g/glycines/people?building=B%C3%A2timent+B&level=0").get_data(as_text=True)
    link = html.unescape(re.search(r'href="(/g/glycines/messages/new[^"]*)"', book).group(1))
    page = client.get(link).get_data(as_text=True)
    assert 'value="Bâtiment B"' in page
    assert '<option selected value="0">' in page or '<option value="0" selected>' in page


def test_each_message_is_on_the_persons_page(app, client, auth, residents):
    auth.login("organizer")
    send(client, preview(client, {}))
    page = client.get(f"/g/glycines/people/{residents['awa']}", headers=ENGLISH)
    text = html.unescape(page.get_data(as_text=True))
    assert "Call to action written by an organizer by SMS — waiting to be sent" in text
    assert "“Bonjour Awa, assemblée jeudi à 18 h. STOP" in text
    assert f"/g/glycines/messages?person={residents['awa']}" in text
    assert "Bonjour" not in client.get(f"/g/glycines/people/{residents['chloe']}").get_data(
        as_text=True
    )

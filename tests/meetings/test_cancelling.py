"""Cancelling a planned meeting: an organizer's confirmed step with a line of reason; the
pages, the answers, the join code, the conduct page and the calendar say it is off; who
said yes or maybe is told once, under their consent, and their reminders are withdrawn;
an organizer plans it again while its start is ahead."""

import gzip
from datetime import datetime, timedelta

import icalendar
import pytest

from assembly.decisions.models import Decision, DecisionStatus, Method
from assembly.extensions import db
from assembly.meetings.models import AgendaItem, Attendance, Meeting, Rsvp, State
from assembly.messages.models import MessageChannel, MessageKind, MessageSettings, MessageStatus
from assembly.messages.sender import send_pass
from assembly.messages.sms import parts
from assembly.needs.models import Moderation, Need
from assembly.people.models import Person
from assembly.tasks.models import Task
from assembly.trace.models import Event
from tests.helpers import Auth, post
from tests.messaging import MESSAGING
from tests.produced import contact, outbox, queued, withdraw

# A Tuesday, 10:00 in Paris; the meeting is on Thursday 10 December at 18:30 in Paris.
MORNING = datetime(2026, 12, 1, 9)
STARTS = datetime(2026, 12, 10, 17, 30)
REASON = "La salle est prise ce soir-là."
CHANGED = MessageKind.MEETING_CHANGED
REMINDER = MessageKind.MEETING_REMINDER
BUDGET = 14 * 1024


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)


@pytest.fixture
def meeting(app, group, clock):
    """The group's December assembly, planned with its join code and one agenda item."""
    clock.freeze(MORNING)
    with app.app_context():
        made = Meeting(
            group_id=group.id,
            title="Assemblée de décembre",
            starts_at=STARTS,
            place="Maison de quartier",
            join_code="K7MQ4",
        )
        made.items = [AgendaItem(title="Les charges", position=1)]
        db.session.add(made)
        db.session.commit()
        return made.id


def page(meeting_id, rest=""):
    return f"/g/glycines/meetings/{meeting_id}{rest}"


def answer(app, meeting_id, name="Karim", answer="yes", contact="06 12 34 56 78", client=None):
    data = {"name": name, "answer": answer}
    if contact:
        data.update(contact=contact, consent="y")
    return post(client or app.test_client(), page(meeting_id, "/rsvp"), data)


def cancel(client, meeting_id, reason=REASON, **more):
    return post(client, page(meeting_id, "/cancel"), {"confirm": "yes", "reason": reason, **more})


def replan(client, meeting_id, **data):
    return post(client, page(meeting_id, "/replan"), {"confirm": "yes", **data})


def row(app, meeting_id) -> Meeting:
    with app.app_context():
        found = db.session.get(Meeting, meeting_id)
        db.session.expunge(found)
        return found


def journal(app, verb) -> list[Event]:
    with app.app_context():
        events = list(db.session.scalars(db.select(Event).filter_by(verb=verb)))
        for event in events:
            db.session.expunge(event)
        return events


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def text(response) -> str:
    return response.get_data(as_text=True)


def person_id(app, **contact) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Person.id).filter_by(**contact))


# The confirmation step ---------------------------------------------------------------------


def test_an_organizer_cancels_through_a_confirmation_step_that_says_who_is_told(
    app, client, auth, meeting
):
    answer(app, meeting)  # Karim, by SMS
    answer(app, meeting, "Inès", "maybe", "ines@example.org")
    answer(app, meeting, "Moussa", "no", "06 98 76 54 32")
    answer(app, meeting, "Awa", "yes", contact="")  # no contact: counted, not told
    auth.login("organizer")
    assert page(meeting, "/cancel") in text(client.get(page(meeting)))
    step = text(client.get(page(meeting, "/cancel")))
    assert "Ont dit qu’elles viendraient (oui ou peut-être)\u00a0: <strong>3</strong>" in step
    assert (
        "Prévenues par SMS ou par e-mail, comme elles l’ont accepté\u00a0: <strong>2</strong>"
        in step
    )
    assert 'name="confirm" value="yes"' in step and "Oui, annuler la réunion" in step
    assert row(app, meeting).state == State.PLANNED  # opening the step changes nothing

    unconfirmed = post(client, page(meeting, "/cancel"), {"reason": REASON})
    assert unconfirmed.status_code == 400
    assert "Confirmez l’annulation de la réunion." in text(unconfirmed)
    too_long = cancel(client, meeting, reason="x" * 201)
    assert too_long.status_code == 400
    assert 'value="' + "x" * 201 + '"' in text(too_long)  # the text is kept…
    assert 'id="reason-error"' in text(too_long)  # …with the error next to it
    assert row(app, meeting).state == State.PLANNED
    assert outbox(app, kind=CHANGED) == []

    done = cancel(client, meeting, reason=f"  {REASON}  ")
    assert done.status_code == 302 and done.headers["Location"] == page(meeting)
    shown = text(client.get(page(meeting)))
    assert "La réunion est annulée." in shown
    assert "2 personnes qui avaient dit venir sont prévenues." in shown
    cancelled = row(app, meeting)
    assert cancelled.state == State.CANCELLED and cancelled.cancel_reason == REASON
    assert cancelled.cancelled_at == MORNING
    [event] = journal(app, "meeting.cancelled")
    assert event.payload == {"starts_at": "2026-12-10T17:30", "reason": REASON, "told": 2}


def test_only_an_organizer_or_admin_may_cancel(app, client, auth, meeting):
    auth.login("facilitator")
    assert client.get(page(meeting, "/cancel")).status_code == 403
    assert cancel(client, meeting).status_code == 403
    assert page(meeting, "/cancel") not in text(client.get(page(meeting)))
    auth.logout()
    auth.login("admin")
    assert cancel(client, meeting).status_code == 302
    assert row(app, meeting).state == State.CANCELLED


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (State.LIVE, "Cette réunion a commencé\u00a0: elle ne peut plus être annulée."),
        (State.CLOSED, "Cette réunion est terminée\u00a0: elle ne peut plus être annulée."),
    ],
)
def test_a_live_or_closed_meeting_cannot_be_cancelled_and_is_told_why(
    app, client, auth, meeting, state, why
):
    with app.app_context():
        db.session.get(Meeting, meeting).state = state
        db.session.commit()
    auth.login("organizer")
    step = text(client.get(page(meeting, "/cancel")))
    assert why in step and "Oui, annuler la réunion" not in step
    refused = cancel(client, meeting)
    assert refused.status_code == 302
    assert why in text(client.get(refused.headers["Location"]))
    assert row(app, meeting).state == state
    assert journal(app, "meeting.cancelled") == []


# The messages ------------------------------------------------------------------------------


def test_who_said_yes_or_maybe_is_told_once_under_consent_and_their_reminders_are_withdrawn(
    app, client, auth, group, meeting
):
    answer(app, meeting)  # Karim: SMS
    answer(app, meeting, "Inès", "maybe", "ines@example.org")  # e-mail
    answer(app, meeting, "Moussa", "no", "06 98 76 54 32")  # said no: not told
    answer(app, meeting, "Awa", "yes", "06 11 11 11 11")  # then withdrew her consent
    withdraw(app, person_id(app, phone="+33611111111"))
    assert len(queued(app, kind=REMINDER)) == 6
    auth.login("organizer")
    cancel(client, meeting)

    sms, mail = outbox(app, kind=CHANGED)
    karim, ines = person_id(app, phone="+33612345678"), person_id(app, email="ines@example.org")
    [event] = journal(app, "meeting.cancelled")
    assert sms.dedup_key == f"meeting:{meeting}:cancelled:{event.id}:person:{karim}"
    assert mail.dedup_key == f"meeting:{meeting}:cancelled:{event.id}:person:{ines}"
    assert (sms.channel, sms.address, sms.send_before) == (
        MessageChannel.SMS,
        "+33612345678",
        STARTS,
    )
    assert sms.body == (  # the reason in place of the link: the page says no more
        "Réunion annulée : Assemblée de décembre, jeudi 10 décembre à 18:30 "
        "(Collectif des Glycines).\n"
        f"Motif : {REASON}\n"
        "STOP pour ne plus recevoir"
    )
    assert not parts(sms.body).unicode and sms.segments == 1
    assert mail.subject == "Réunion annulée : Assemblée de décembre"
    assert f"Motif\u00a0: {REASON}" in mail.body and "inutile de vous déplacer" in mail.body
    assert f"http://localhost/g/glycines/meetings/{meeting}" in mail.body
    assert queued(app, kind=REMINDER) == []
    assert {m.status for m in outbox(app, kind=REMINDER)} == {MessageStatus.CANCELLED}

    cancel(client, meeting)  # sent again (a double tap): refused, nothing new
    assert len(outbox(app, kind=CHANGED)) == 2
    assert "Cette réunion est déjà annulée." in text(client.get(page(meeting)))


def test_the_sms_gives_the_link_instead_when_the_reason_would_not_fit_in_one_part(
    app, client, auth, meeting
):
    answer(app, meeting)
    answer(app, meeting, "Inès", "maybe", "ines@example.org")
    long = "Le bailleur a fermé la salle pour travaux jusqu'au printemps, on se retrouve bientôt."
    auth.login("organizer")
    cancel(client, meeting, reason=long)
    sms, mail = outbox(app, kind=CHANGED)
    assert "Motif" not in sms.body and sms.segments == 1  # the link leads to the reason
    assert sms.body.startswith("Réunion annulée : Assemblée de décembre")
    assert f"http://localhost/g/glycines/meetings/{meeting}" in sms.body
    assert f"Motif\u00a0: {long}" in mail.body


def test_the_notice_is_written_in_the_person_s_language(app, client, auth, make_user, meeting):
    from assembly.auth.models import User
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import add_member

    english = make_user("jane", locale="en")
    with app.app_context():
        glycines = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        add_member(glycines, db.session.get(User, english.id), Role.MEMBER)
    jane = app.test_client()
    Auth(jane).login("jane")
    answer(app, meeting, "Jane", contact="jane@example.org", client=jane)
    auth.login("organizer")
    cancel(client, meeting)
    [notice] = outbox(app, kind=CHANGED)
    assert notice.language == "en"
    assert notice.subject == "Meeting cancelled: Assemblée de décembre"
    assert notice.body.startswith(
        "Meeting cancelled: Assemblée de décembre, Thursday 10 December at 6:30 PM "
        f"(Collectif des Glycines).\nReason: {REASON}\n"
    )


def test_a_group_that_turned_meeting_news_off_sends_no_notice(app, client, auth, group, meeting):
    answer(app, meeting)
    with app.app_context():
        db.session.add(MessageSettings(group_id=group.id, turned_off="meeting_changed"))
        db.session.commit()
    auth.login("organizer")
    assert "<strong>0</strong>" in text(client.get(page(meeting, "/cancel")))
    cancel(client, meeting)
    assert outbox(app, kind=CHANGED) == [] and queued(app) == []


def test_invitations_still_queued_are_withdrawn_and_can_go_again_once_it_is_back_on(
    app, client, auth, group, clock, meeting
):
    contact(app, group.id, ("group_actions",), phone="+33612345678")
    clock.freeze(datetime(2026, 12, 1, 21))  # 22:00 in Paris: SMS wait for the morning
    auth.login("organizer")
    post(client, page(meeting, "/invite"), {"confirm": "yes"})
    [invitation] = queued(app, kind=MessageKind.MEETING_INVITATION)
    cancel(client, meeting)
    assert queued(app) == []
    assert "Cette réunion est annulée\u00a0: les invitations ne sont plus envoyées." in text(
        client.get(page(meeting, "/invite"))
    )
    replan(client, meeting)
    assert "<strong>1</strong> personne par SMS" in text(client.get(page(meeting, "/invite")))
    post(client, page(meeting, "/invite"), {"confirm": "yes"})
    [again] = queued(app, kind=MessageKind.MEETING_INVITATION)
    assert again.id != invitation.id


def test_the_notice_reaches_the_phone_and_no_reminder_follows(
    app, client, auth, clock, meeting, sms_gateway
):
    answer(app, meeting)
    auth.login("organizer")
    cancel(client, meeting)
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 1
    [sms] = sms_gateway.sent
    assert sms["phoneNumbers"] == ["+33612345678"]
    assert sms["textMessage"]["text"].startswith(
        "Réunion annulée : Assemblée de décembre, jeudi 10 décembre à 18:30 "
        f"(Collectif des Glycines).\nMotif : {REASON}"
    )
    for moment in (STARTS - timedelta(hours=48), STARTS - timedelta(hours=3)):
        clock.freeze(moment)
        with app.app_context():
            send_pass()
    assert len(sms_gateway.sent) == 1


# Everywhere it shows ---------------------------------------------------------------------


@pytest.fixture
def called_off(app, client, auth, meeting):
    """The meeting, cancelled by the organizer (signed in on `client`), with its reason;
    Awa's phone had joined it the day before."""
    awa = app.test_client()
    post(awa, "/j", {"code": "K7MQ4", "name": "Awa"})
    auth.login("organizer")
    cancel(client, meeting)
    return awa


def test_the_meeting_page_says_cancelled_with_its_reason_and_takes_no_answer(
    app, client, meeting, called_off
):
    for visitor in (app.test_client(), client):
        html = text(visitor.get(page(meeting)))
        assert f"Annulée</strong> — {REASON}" in html
        assert "Cette réunion est annulée. On ne peut plus répondre." in html
        assert page(meeting, "/rsvp") not in html
        assert len(gzip.compress(html.encode(), 6)) <= BUDGET
    team = text(client.get(page(meeting)))
    assert "Annulée le 1 décembre 2026 par Organizer." in team
    assert "La reprogrammer" in team and page(meeting, "/cancel") not in team
    assert "K7MQ4" not in team  # no join code to hand out


def test_answering_a_cancelled_meeting_is_refused_and_nothing_is_recorded(app, meeting, called_off):
    people, messages = count(app, Person), len(outbox(app))
    response = answer(app, meeting, "Mireille", contact="06 22 33 44 55")
    assert response.status_code == 400
    assert "Cette réunion est annulée. On ne peut plus répondre." in text(response)
    assert count(app, Rsvp) == 0
    assert (count(app, Person), len(outbox(app))) == (people, messages)


def test_the_join_code_of_a_cancelled_meeting_is_refused(app, meeting, called_off):
    response = post(app.test_client(), "/j", {"code": "k7mq4", "name": "Bruno"})
    assert response.status_code == 400
    assert "Cette réunion est annulée." in text(response)
    assert count(app, Attendance) == 1  # Awa, who joined before


def test_the_home_and_the_list_say_it_is_off(app, client, meeting, called_off):
    home = text(app.test_client().get("/g/glycines/"))
    assert "Assemblée de décembre" in home and f"Annulée</strong> — {REASON}" in home
    assert "Aucune réunion prévue pour l’instant." in home  # the next meeting skips it
    listing = text(app.test_client().get("/g/glycines/meetings"))
    assert f"Annulée</strong> — {REASON}" in listing


def test_a_cancelled_meeting_cannot_go_live(app, client, meeting, called_off):
    conduct = text(client.get(page(meeting, "/conduct")))
    assert f"Annulée</strong> — {REASON}" in conduct and "Commencer la réunion" not in conduct
    refused = post(client, page(meeting, "/conduct/state"), {"state": "live"})
    assert "Cette réunion est annulée\u00a0: elle ne peut pas commencer." in text(
        client.get(refused.headers["Location"])
    )
    assert row(app, meeting).state == State.CANCELLED
    assert journal(app, "meeting.started") == []


def test_the_projector_phones_and_sheet_say_it_is_off(app, client, meeting, called_off):
    wall = text(client.get(page(meeting, "/projector")))
    assert '<p class="ended">Annulée</p>' in wall and REASON in wall
    assert "K7MQ4" not in wall  # nobody is asked to join
    phone = text(called_off.get(page(meeting, "/phone")))
    assert f"Annulée</strong> — {REASON}" in phone and "Demander la parole" not in phone
    sheet = text(client.get(page(meeting, "/sheet")))
    assert f"Annulée</strong> — {REASON}" in sheet


def test_a_projector_left_open_sees_the_cancellation_at_its_next_poll(app, client, auth, meeting):
    auth.login("organizer")
    before = client.get(page(meeting, "/projector"))
    cancel(client, meeting)
    again = client.get(
        page(meeting, "/projector"), headers={"If-None-Match": before.headers["ETag"]}
    )
    assert again.status_code == 200 and "Annulée" in text(again)


def test_a_phone_that_joined_before_asks_nothing_and_no_vote_opens(
    app, client, group, meeting, called_off
):
    from assembly.meetings.models import SpeakerTurn

    back = post(called_off, page(meeting, "/phone/ask"), {"kind": "normal"})
    assert "Cette réunion est annulée." in text(called_off.get(back.headers["Location"]))
    assert count(app, SpeakerTurn) == 0
    with app.app_context():
        decision = Decision(
            group_id=group.id,
            meeting_id=meeting,
            question="Écrit-on au bailleur ?",
            method=Method.HANDS,
            status=DecisionStatus.DRAFT,
            public=True,
        )
        db.session.add(decision)
        db.session.commit()
        decision_id = decision.id
    post(client, f"/g/glycines/decisions/{decision_id}/open", {})
    with app.app_context():
        assert db.session.get(Decision, decision_id).status == DecisionStatus.DRAFT


def test_the_calendar_marks_it_cancelled_then_confirmed_again(app, client, meeting, called_off):
    def event(url):
        [found] = icalendar.Calendar.from_ical(app.test_client().get(url).data).walk("VEVENT")
        return found

    for url in (page(meeting, ".ics"), "/g/glycines/meetings.ics"):
        off = event(url)
        assert off["status"] == "CANCELLED"
        assert off["summary"] == "Annulée\u00a0: Assemblée de décembre"
        assert off["description"].startswith(REASON)
    replan(client, meeting)
    back = event(page(meeting, ".ics"))
    assert back["status"] == "CONFIRMED" and back["summary"] == "Assemblée de décembre"


# Nothing is deleted; a need's trace tells it ---------------------------------------------------


def test_the_agenda_decisions_and_tasks_stay_and_a_need_s_trace_tells_it(
    app, client, auth, group, meeting
):
    with app.app_context():
        held = db.session.get(Meeting, meeting)
        need = Need(
            group_id=group.id,
            number=7,
            title="L'ascenseur en panne",
            moderation=Moderation.APPROVED,
        )
        db.session.add(need)
        held.items[0].needs.append(need)
        db.session.add(
            Decision(
                group_id=group.id,
                meeting_id=meeting,
                item_id=held.items[0].id,
                question="Écrit-on au bailleur ?",
                method=Method.HANDS,
                status=DecisionStatus.DRAFT,
                public=True,
            )
        )
        db.session.add(Task(group_id=group.id, title="Réserver la salle", meeting_id=meeting))
        db.session.commit()
    auth.login("organizer")
    cancel(client, meeting)
    assert (count(app, AgendaItem), count(app, Decision), count(app, Task)) == (1, 1, 1)
    off = (
        "La réunion «\u00a0Assemblée de décembre\u00a0» du 10 décembre 2026, où ce besoin était à "
    )
    trace = text(app.test_client().get("/g/glycines/needs/7"))
    assert off + "l’ordre du jour, est annulée." in trace
    replan(client, meeting)
    trace = text(app.test_client().get("/g/glycines/needs/7"))
    assert (
        "La réunion «\u00a0Assemblée de décembre\u00a0» du 10 décembre 2026 a finalement lieu."
        in trace
    )
    assert "est annulée" not in trace  # told once per meeting: the latest


# Planning it again -------------------------------------------------------------------------------


def test_planning_it_again_tells_those_the_notice_reached_and_plans_the_reminders(
    app, client, auth, clock, meeting, smtp_server
):
    answer(app, meeting)  # Karim: SMS
    answer(app, meeting, "Inès", "maybe", "ines@example.org")  # e-mail
    clock.freeze(datetime(2026, 12, 1, 21, 30))  # 22:30 in Paris: the SMS waits for morning
    auth.login("organizer")
    cancel(client, meeting)
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 1  # Inès's e-mail; Karim's SMS waits
    html = text(client.get(page(meeting)))
    assert f'action="{page(meeting, "/replan")}"' in html and "Oui, elle a lieu" in html

    unconfirmed = post(client, page(meeting, "/replan"))
    assert "Rien n’a changé\u00a0: confirmez d’abord." in text(
        client.get(unconfirmed.headers["Location"])
    )
    assert row(app, meeting).state == State.CANCELLED

    done = replan(client, meeting)
    shown = text(client.get(done.headers["Location"]))
    assert "La réunion est de nouveau prévue." in shown
    assert "1 personne prévenue de l’annulation apprend que la réunion a finalement lieu." in shown
    back = row(app, meeting)
    assert (back.state, back.cancelled_at, back.cancelled_by_id, back.cancel_reason) == (
        State.PLANNED,
        None,
        None,
        "",
    )
    karim, ines = person_id(app, phone="+33612345678"), person_id(app, email="ines@example.org")
    notices = outbox(app, kind=CHANGED)
    assert [(m.person_id, m.status) for m in notices[:2]] == [
        (karim, MessageStatus.CANCELLED),  # never went: Karim never heard it was off
        (ines, MessageStatus.SENT),
    ]
    [after_all] = notices[2:]
    [event] = journal(app, "meeting.replanned")
    assert after_all.person_id == ines
    assert after_all.dedup_key == f"meeting:{meeting}:replanned:{event.id}:person:{ines}"
    assert after_all.subject == "Réunion maintenue : Assemblée de décembre"
    assert after_all.body.startswith(
        "La réunion a finalement lieu\u00a0: Assemblée de décembre, jeudi 10 décembre à 18:30, "
        "Maison de quartier."
    )
    reminders = queued(app, kind=REMINDER)
    assert sorted(m.person_id for m in reminders) == sorted([karim, karim, ines, ines])
    assert event.payload == {"told": 1}
    assert 'value="Karim"' not in shown and "Votre réponse" in shown  # answers open again


def test_once_its_start_has_passed_it_is_planned_again_only_at_a_new_date(
    app, client, auth, clock, meeting
):
    auth.login("organizer")
    cancel(client, meeting)
    clock.freeze(STARTS + timedelta(minutes=5))
    refused = replan(client, meeting)
    assert "Son heure de début est passée" in text(client.get(refused.headers["Location"]))
    assert row(app, meeting).state == State.CANCELLED
    edit = {
        "title": "Assemblée de décembre",
        "kind": "assembly",
        "date": "2026-12-17",
        "time": "18:30",
        "duration": "120",
        "place": "Maison de quartier",
        "order_rule": "first_come",
        "public": "y",
    }
    assert post(client, page(meeting, "/edit"), edit).status_code == 302
    assert outbox(app) == []  # a cancelled meeting that moves tells nobody
    replan(client, meeting)
    assert row(app, meeting).state == State.PLANNED


def test_an_organizer_cannot_plan_again_a_meeting_that_is_not_cancelled(app, client, auth, meeting):
    auth.login("organizer")
    refused = replan(client, meeting)
    assert "Cette réunion n’est pas annulée." in text(client.get(refused.headers["Location"]))
    assert journal(app, "meeting.replanned") == []


def test_the_cancel_page_weighs_little(app, client, auth, meeting):
    auth.login("organizer")
    html = client.get(page(meeting, "/cancel")).get_data()
    assert len(gzip.compress(html, 6)) <= BUDGET

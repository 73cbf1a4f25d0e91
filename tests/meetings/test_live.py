"""The meeting live: joining with the code, the speaking list, conduct, phones, projector."""

import re
from datetime import datetime, timedelta

import pytest

from assembly.extensions import db
from assembly.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    OrderRule,
    SpeakerTurn,
    State,
)
from tests.crawl import counting_statements
from tests.helpers import Auth, post


@pytest.fixture
def live_meeting(app, group):
    """Make a meeting of the test group with two agenda items; returns (id, code)."""

    def make(state=State.LIVE, rule=OrderRule.FIRST_COME, code="K7MQ4"):
        with app.app_context():
            meeting = Meeting(
                group_id=group.id,
                title="Assemblée d'avril",
                starts_at=datetime(2026, 4, 2, 17),
                state=state,
                order_rule=rule,
                join_code=code,
            )
            meeting.items = [
                AgendaItem(title="Les charges", position=1, timebox_minutes=15),
                AgendaItem(title="La fête", position=2, timebox_minutes=10),
            ]
            db.session.add(meeting)
            db.session.commit()
            return meeting.id, code

    return make


def url(meeting_id, page=""):
    return f"/g/glycines/meetings/{meeting_id}/{page}".rstrip("/")


def join(client, code, name, **about):
    return post(client, "/j", {"code": code, "name": name, **about})


def queue_names(html: str) -> list[str]:
    """Names in the speaking list of a phone or conduct page, in order."""
    block = re.search(r'<ol class="queue[^"]*">(.*?)</ol>', html, re.S)
    if not block:
        return []
    items = re.findall(r"<li[^>]*>(?:<span>)?([^<·]+)", block.group(1))
    return [item.strip() for item in items]


def test_joining_with_the_code_needs_no_account(app, client, live_meeting):
    meeting_id, code = live_meeting()
    response = join(client, f" {code.lower()} ", "Awa", first_time="yes", gender="woman")
    assert response.status_code == 302
    assert response.headers["Location"] == url(meeting_id, "phone")
    page = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert "Awa" in page
    with app.app_context():
        awa = db.session.scalar(db.select(Attendance).filter_by(name="Awa"))
        assert (awa.meeting_id, awa.user_id, awa.source) == (meeting_id, None, "phone")
        assert awa.first_time is True and awa.gender == "woman" and awa.lives_here is None


def test_a_wrong_code_is_refused_with_the_name_kept(client, live_meeting):
    live_meeting()
    response = join(client, "ZZZZ", "Awa")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Awa"' in html
    assert 'id="code-error"' in html


def test_a_closed_meeting_takes_no_sign_in(client, live_meeting):
    live_meeting(state=State.CLOSED)
    assert join(client, "K7MQ4", "Awa").status_code == 400


def test_the_qr_address_is_the_join_form_with_the_code_and_no_redirect(client, live_meeting):
    live_meeting()
    response = client.get("/j/K7MQ4")
    assert response.status_code == 200  # one round trip for a phone that scans the code
    page = response.get_data(as_text=True)
    assert 'value="K7MQ4"' in page and 'action="/j"' in page


def test_a_member_is_recognised_and_signed_in_once(app, client, auth, people, live_meeting):
    meeting_id, code = live_meeting()
    auth.login("member")
    assert 'value="Member"' in client.get("/j").get_data(as_text=True)
    join(client, code, "Member")
    join(client, code, "Member again")
    with app.app_context():
        rows = db.session.scalars(db.select(Attendance).filter_by(user_id=people["member"].id))
        assert [a.name for a in rows] == ["Member"]


def test_the_phone_without_sign_in_goes_to_the_join_page(client, live_meeting):
    meeting_id, _ = live_meeting()
    response = client.get(url(meeting_id, "phone"))
    assert response.status_code == 302 and response.headers["Location"] == "/j"


def test_ask_to_speak_and_withdraw_from_the_phone(app, client, live_meeting):
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    post(client, url(meeting_id, "phone/ask"), {"kind": "normal"})
    post(client, url(meeting_id, "phone/ask"), {"kind": "normal"})  # twice is once
    html = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert "numéro 1</strong> sur 1" in html
    assert queue_names(html) == ["Awa"]
    post(client, url(meeting_id, "phone/withdraw"))
    html = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert queue_names(html) == [] and "Demander la parole" in html
    with app.app_context():
        turns = list(db.session.scalars(db.select(SpeakerTurn)))
        assert len(turns) == 1 and turns[0].withdrawn


def add_people(app, meeting_id, *people, spoken=()):
    """Sign people in (name, gender) and put them on the list in this order."""
    base = datetime(2026, 4, 2, 17)
    with app.app_context():
        ids = {}
        for name, gender in people:
            a = Attendance(meeting_id=meeting_id, name=name, gender=gender, source="facilitator")
            db.session.add(a)
            db.session.flush()
            ids[name] = a.id
        for minute, name in enumerate(spoken):
            at = base + timedelta(minutes=minute)
            db.session.add(
                SpeakerTurn(
                    meeting_id=meeting_id, attendance_id=ids[name], asked_at=at,
                    started_at=at, ended_at=at + timedelta(seconds=30),
                )
            )  # fmt: skip
        for minute, (name, _) in enumerate(people):
            db.session.add(
                SpeakerTurn(
                    meeting_id=meeting_id, attendance_id=ids[name],
                    asked_at=base + timedelta(minutes=10 + minute),
                )
            )  # fmt: skip
        db.session.commit()
        return ids


PEOPLE = [("Bruno", "man"), ("Chloé", "woman"), ("Denis", "man"), ("Eva", "woman")]


@pytest.mark.parametrize(
    ("rule", "spoken", "expected"),
    [
        (OrderRule.FIRST_COME, ["Bruno"], ["Bruno", "Chloé", "Denis", "Eva"]),
        (OrderRule.NEWCOMERS_FIRST, ["Bruno", "Chloé"], ["Denis", "Eva", "Bruno", "Chloé"]),
        # Chloé spoke last: a man next, then alternation.
        (OrderRule.ALTERNATE, ["Chloé"], ["Bruno", "Chloé", "Denis", "Eva"]),
        (OrderRule.ALTERNATE, ["Bruno"], ["Chloé", "Bruno", "Eva", "Denis"]),
    ],
)
def test_conduct_and_phone_show_the_queue_by_the_meetings_rule(
    app, client, auth, live_meeting, rule, spoken, expected
):
    meeting_id, code = live_meeting(rule=rule)
    add_people(app, meeting_id, *PEOPLE, spoken=spoken)
    phone = app.test_client()
    join(phone, code, "Fatou")
    assert queue_names(phone.get(url(meeting_id, "phone")).get_data(as_text=True)) == expected
    auth.login("facilitator")
    assert queue_names(client.get(url(meeting_id, "conduct")).get_data(as_text=True)) == expected


def test_a_point_of_order_jumps_the_queue(app, client, live_meeting):
    meeting_id, code = live_meeting()
    add_people(app, meeting_id, *PEOPLE[:2])
    join(client, code, "Awa")
    post(client, url(meeting_id, "phone/ask"), {"kind": "order"})
    html = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert queue_names(html) == ["Awa", "Bruno", "Chloé"]


def test_start_and_end_of_turns_record_speaking_time(app, client, auth, live_meeting):
    meeting_id, _ = live_meeting()
    ids = add_people(app, meeting_id, *PEOPLE[:2])
    auth.login("facilitator")
    post(client, url(meeting_id, "next-speaker").replace("next-speaker", "conduct/next-speaker"))
    with app.app_context():
        bruno = db.session.scalar(db.select(SpeakerTurn).filter_by(attendance_id=ids["Bruno"]))
        assert bruno.started_at is not None and bruno.ended_at is None
        chloe_id = db.session.scalar(
            db.select(SpeakerTurn.id).filter_by(attendance_id=ids["Chloé"])
        )
    html = client.get(url(meeting_id, "conduct")).get_data(as_text=True)
    assert "Parle maintenant\u00a0:" in html and "Bruno" in html
    post(client, url(meeting_id, f"turns/{chloe_id}/start"))  # ends Bruno's turn
    post(client, url(meeting_id, f"turns/{chloe_id}/end"))
    with app.app_context():
        for turn in db.session.scalars(db.select(SpeakerTurn)):
            assert turn.started_at <= turn.ended_at


def test_next_item_resets_the_timer_kept_on_the_server(app, client, auth, live_meeting, clock):
    clock.freeze(datetime(2026, 4, 2, 17))
    meeting_id, _ = live_meeting(state=State.PLANNED)
    auth.login("facilitator")
    post(client, url(meeting_id, "conduct/state"), {"state": "live"})
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.state == State.LIVE and meeting.current_item.title == "Les charges"
    clock.advance(minutes=7)
    left = 'Il reste <strong class="figure">{}</strong>'
    assert left.format("8:00") in client.get(url(meeting_id, "conduct")).get_data(as_text=True)
    post(client, url(meeting_id, "conduct/item"), {"step": "next"})
    html = client.get(url(meeting_id, "conduct")).get_data(as_text=True)
    assert "La fête" in html and left.format("10:00") in html
    post(client, url(meeting_id, "conduct/item"), {"step": "previous"})
    assert "Les charges" in client.get(url(meeting_id, "conduct")).get_data(as_text=True)


def speaker_choice(html: str) -> str:
    """What the conduct page offers to put on the speaking list (its "Add to the list" part)."""
    return re.search(r'<span id="speaker-choice"[^>]*>(.*?)</span>', html, re.S).group(1)


def test_the_facilitator_adds_people_and_sees_the_counts(app, client, auth, live_meeting):
    meeting_id, _ = live_meeting()
    auth.login("facilitator")
    empty = client.get(url(meeting_id, "conduct")).get_data(as_text=True)
    choice = speaker_choice(empty)
    assert "disabled" in choice and "Personne ne s’est encore inscrit." in choice  # no blank list
    post(client, url(meeting_id, "conduct/attendees"), {"name": "Awa", "first_time": "yes"})
    post(client, url(meeting_id, "conduct/attendees"), {"name": "Max", "source": "paper"})
    response = post(client, url(meeting_id, "conduct/attendees"), {"name": ""})
    assert response.status_code == 400 and 'id="name-error"' in response.get_data(as_text=True)
    html = client.get(url(meeting_id, "conduct")).get_data(as_text=True)
    assert "2 personnes présentes" in html and "1 pour la première fois" in html
    choice = speaker_choice(html)
    assert "disabled" not in choice and ">Awa</option>" in choice and ">Max</option>" in choice
    with app.app_context():
        sources = {a.name: a.source for a in db.session.scalars(db.select(Attendance))}
        assert sources == {"Awa": "facilitator", "Max": "paper"}
        awa = db.session.scalar(db.select(Attendance.id).filter_by(name="Awa"))
    post(client, url(meeting_id, "conduct/speakers"), {"attendance": str(awa), "kind": "reply"})
    assert queue_names(client.get(url(meeting_id, "conduct")).get_data(as_text=True)) == ["Awa"]


def test_notes_are_saved(app, client, auth, live_meeting):
    meeting_id, _ = live_meeting()
    auth.login("facilitator")
    post(client, url(meeting_id, "conduct/notes"), {"notes": "Tour de table : 12 personnes."})
    assert "Tour de table : 12 personnes." in client.get(url(meeting_id, "conduct")).get_data(
        as_text=True
    )


def test_the_meetings_own_facilitator_conducts_it(app, client, auth, people, live_meeting):
    meeting_id, _ = live_meeting()
    auth.login("member")
    assert client.get(url(meeting_id, "conduct")).status_code == 403
    with app.app_context():
        db.session.get(Meeting, meeting_id).facilitator_id = people["member"].id
        db.session.commit()
    assert client.get(url(meeting_id, "conduct")).status_code == 200


@pytest.mark.parametrize("page", ["phone", "projector"])
def test_live_pages_answer_304_until_something_changes(app, client, auth, live_meeting, page):
    meeting_id, code = live_meeting()
    if page == "phone":
        join(client, code, "Awa")
    else:
        auth.login("facilitator")
    for headers in ({}, {"HX-Request": "true"}):
        first = client.get(url(meeting_id, page), headers=headers)
        tag = first.headers["ETag"]
        assert first.status_code == 200 and "HX-Request" in first.headers["Vary"]
        again = client.get(url(meeting_id, page), headers={**headers, "If-None-Match": tag})
        assert again.status_code == 304 and again.get_data() == b""
        add_people(app, meeting_id, ("Bruno", "man"))  # a new request changes the list…
        with app.app_context():
            db.session.get(Meeting, meeting_id).touch()  # …as every operation marks it
            db.session.commit()
        changed = client.get(url(meeting_id, page), headers={**headers, "If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["ETag"] != tag
        assert "Bruno" in changed.get_data(as_text=True)
        with app.app_context():
            db.session.execute(db.delete(SpeakerTurn))
            db.session.execute(db.delete(Attendance).filter_by(name="Bruno"))
            db.session.commit()


@pytest.mark.parametrize("page", ["phone", "projector"])
def test_a_poll_through_a_compressing_proxy_still_gets_304(app, client, auth, live_meeting, page):
    """nginx makes the ETag of a response it compresses weak (W/"…"), and browsers send
    it back so: If-None-Match compares weakly (RFC 9110), or no poll ever gets a 304."""
    meeting_id, code = live_meeting()
    if page == "phone":
        join(client, code, "Awa")
    else:
        auth.login("facilitator")
    headers = {"HX-Request": "true"}
    tag = client.get(url(meeting_id, page), headers=headers).headers["ETag"]
    weak = client.get(
        url(meeting_id, page), headers={**headers, "If-None-Match": f"W/{tag.removeprefix('W/')}"}
    )
    assert weak.status_code == 304 and weak.get_data() == b""


def test_an_unchanged_poll_costs_one_statement_and_answers_as_the_page_would(
    app, client, live_meeting
):
    """A crowd of phones polls every few seconds: a poll that holds the current state is
    answered from the live versions alone, in one statement — and only where the phone's
    page would answer the same 304. The same ETag sent to another group's address, to a
    meeting the phone did not join, or after its attendance is gone gets what the page
    gives."""
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    headers = {"HX-Request": "true"}
    tag = client.get(url(meeting_id, "phone"), headers=headers).headers["ETag"]
    polled = {**headers, "If-None-Match": tag}
    with counting_statements(app) as ran:
        assert client.get(url(meeting_id, "phone"), headers=polled).status_code == 304
    asked = [statement for statement in ran if statement != "BEGIN"]  # SQLite's, explicit
    assert len(asked) == 1 and "live_version" in asked[0]
    another = client.get(f"/g/autre/meetings/{meeting_id}/phone", headers=polled)
    assert another.status_code == 404
    not_joined, _ = live_meeting(code="P3RTX")
    elsewhere = client.get(url(not_joined, "phone"), headers=polled)
    assert elsewhere.status_code == 302 and elsewhere.headers["Location"] == "/j"
    with app.app_context():
        db.session.execute(db.delete(Attendance).filter_by(name="Awa"))
        db.session.commit()
    gone = client.get(url(meeting_id, "phone"), headers=polled)
    assert gone.status_code == 302 and gone.headers["Location"] == "/j"


def test_after_a_change_the_phones_read_the_speaking_list_once(app, live_meeting):
    """After a change every phone fetches its page again: the first reads who speaks and
    who waits, the others find it kept under the meeting's live version (each still sees
    its own place). The next change, or an order rule changed from the meeting's page
    (which is no live change), is read again."""
    meeting_id, code = live_meeting()
    phones = [app.test_client() for _ in range(3)]
    for n, phone in enumerate(phones):
        join(phone, code, f"Téléphone {n}")
        post(phone, url(meeting_id, "phone/ask"), {"kind": "normal"})

    def page(phone):
        return phone.get(url(meeting_id, "phone"), headers={"HX-Request": "true"})

    def reading_turns(ran):
        return any("FROM speaker_turns" in statement for statement in ran)

    everyone = ["Téléphone 0", "Téléphone 1", "Téléphone 2"]
    with counting_statements(app) as ran:
        assert queue_names(page(phones[0]).get_data(as_text=True)) == everyone
    assert reading_turns(ran)
    with counting_statements(app) as ran:
        others = [page(phone).get_data(as_text=True) for phone in phones[1:]]
    assert not reading_turns(ran)
    assert [queue_names(html) for html in others] == [everyone, everyone]
    assert "numéro 2</strong> sur 3" in others[0] and "numéro 3</strong> sur 3" in others[1]
    post(phones[0], url(meeting_id, "phone/withdraw"))
    with counting_statements(app) as ran:
        assert queue_names(page(phones[1]).get_data(as_text=True)) == everyone[1:]
    assert reading_turns(ran)
    with app.app_context():
        db.session.get(Meeting, meeting_id).order_rule = OrderRule.NEWCOMERS_FIRST
        db.session.commit()
    with counting_statements(app) as ran:
        page(phones[2])
    assert reading_turns(ran)


def test_a_phones_304_is_small_and_the_same_compressed_or_not(app, client, live_meeting):
    """A 304 repeats what caching needs (ETag, Cache-Control, Vary) and nothing the
    browser keeps from the 200 anyway (the security headers, a refreshed cookie); the
    ETag survives compression, so a compressed poll still gets its 304."""
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    for encoding in ("identity", "gzip", "br"):
        headers = {"HX-Request": "true", "Accept-Encoding": encoding}
        first = client.get(url(meeting_id, "phone"), headers=headers)
        assert first.status_code == 200 and "Content-Security-Policy" in first.headers
        again = client.get(
            url(meeting_id, "phone"), headers={**headers, "If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304 and again.get_data() == b""
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert set(again.headers["Vary"].split(", ")) == set(first.headers["Vary"].split(", "))
        for header in ("Set-Cookie", "Content-Security-Policy", "X-Frame-Options"):
            assert header not in again.headers, header
        assert "Content-Encoding" not in again.headers


def test_operations_raise_the_live_version(app, client, live_meeting):
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    tag = client.get(url(meeting_id, "phone")).headers["ETag"]
    post(client, url(meeting_id, "phone/ask"), {"kind": "normal"})
    response = client.get(url(meeting_id, "phone"), headers={"If-None-Match": tag})
    assert response.status_code == 200


def test_the_polled_fragment_is_tiny(client, live_meeting):
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    fragment = client.get(url(meeting_id, "phone"), headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True).strip()
    assert html.startswith('<div id="live"') and "<html" not in html
    assert len(fragment.get_data()) < 2000


def test_the_observers_report_gives_anonymous_shares(app, client, auth, live_meeting):
    meeting_id, _ = live_meeting()
    base = datetime(2026, 4, 2, 17)
    with app.app_context():
        people = [
            Attendance(meeting_id=meeting_id, name="Awa", first_time=True, gender="woman"),
            Attendance(meeting_id=meeting_id, name="Bruno", first_time=False, gender="man"),
            Attendance(meeting_id=meeting_id, name="Chloé"),  # said nothing
        ]
        db.session.add_all(people)
        db.session.flush()
        for person, seconds in ((people[0], 60), (people[1], 180), (people[1], 60)):
            db.session.add(
                SpeakerTurn(
                    meeting_id=meeting_id, attendance_id=person.id, asked_at=base,
                    started_at=base, ended_at=base + timedelta(seconds=seconds),
                )
            )  # fmt: skip
        db.session.commit()
    auth.login("member")
    response = client.get(url(meeting_id, "report"), headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Awa" not in html and "Bruno" not in html and "Chloé" not in html
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>((?:<td>[^<]+</td>)+)', html))
    cells = {key: re.findall(r"<td>([^<]+)</td>", value) for key, value in rows.items()}
    # present, turns, speaking time: Awa 1 turn of 1 min, Bruno 2 turns of 4 min in all.
    assert cells["woman"] == ["33%", "33%", "20%"]
    assert cells["man"] == ["33%", "67%", "80%"]
    assert cells["first time"] == ["33%", "33%", "20%"]
    assert cells["came before"] == ["33%", "67%", "80%"]
    assert "1 person declared nothing." in html


def test_the_report_says_nothing_of_people_who_declared_nothing_when_there_are_none(
    app, client, auth, live_meeting
):
    """Not "0 personne n'a rien indiqué", which reads as its opposite."""
    meeting_id, _ = live_meeting()
    with app.app_context():
        db.session.add(Attendance(meeting_id=meeting_id, name="Awa", gender="woman"))
        db.session.commit()
    auth.login("member")
    html = client.get(url(meeting_id, "report"), headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert "rien indiqué" not in html


def test_notes_go_to_the_item_they_were_written_on(app, client, auth, live_meeting):
    meeting_id, _ = live_meeting()
    auth.login("facilitator")
    post(client, url(meeting_id, "conduct/item"), {"step": "next"})
    with app.app_context():
        first, second = db.session.get(Meeting, meeting_id).items
        first_id = first.id
    post(client, url(meeting_id, "conduct/item"), {"step": "next"})  # someone moved on meanwhile
    post(
        client, url(meeting_id, "conduct/notes"), {"item": str(first_id), "notes": "Charges +12 %"}
    )
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert [item.notes for item in meeting.items] == ["Charges +12 %", ""]
        assert meeting.notes == ""


def test_the_speakers_phone_says_they_have_the_floor_instead_of_asking_again(
    app, client, auth, live_meeting
):
    meeting_id, code = live_meeting()
    join(client, code, "Awa")
    post(client, url(meeting_id, "phone/ask"), {"kind": "normal"})
    facilitator = app.test_client()
    Auth(facilitator).login("facilitator")
    post(facilitator, url(meeting_id, "conduct/next-speaker"))
    html = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert "C’est à vous de parler." in html and "Demander la parole" not in html
    with app.app_context():
        turn = db.session.scalar(db.select(SpeakerTurn))
    post(facilitator, url(meeting_id, f"turns/{turn.id}/end"))
    html = client.get(url(meeting_id, "phone")).get_data(as_text=True)
    assert "C’est à vous de parler." not in html and "Demander la parole" in html

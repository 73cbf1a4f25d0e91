"""Planning a meeting: the meeting, its agenda, needs on the agenda, RSVPs, calendar, sheet."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.meetings.models import AgendaItem, Meeting, Rsvp
from tests.helpers import post

NEXT_YEAR = datetime.now(UTC).year + 1
MEETINGS = "/g/glycines/meetings"


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so the tests read the msgids whatever the catalogs hold."""
    client.set_cookie("lang", "en")


def meeting_data(**overrides) -> dict:
    data = {
        "title": "Assemblée de décembre",
        "kind": "assembly",
        "date": f"{NEXT_YEAR}-12-10",
        "time": "18:30",
        "duration": "90",
        "place": "Maison de quartier",
        "description": "On parle des charges.",
        "order_rule": "newcomers_first",
        "public": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def plan(client, **overrides) -> int:
    """Plan a meeting through the form; returns its id."""
    response = post(client, f"{MEETINGS}/new", meeting_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[-1].split("#")[0])


def add_item(client, meeting_id, title, **fields) -> None:
    data = {"title": title, "timebox": "15", "method": "open", **fields}
    response = post(client, f"{MEETINGS}/{meeting_id}/items/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)


def items(app, meeting_id) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(AgendaItem).filter_by(meeting_id=meeting_id).order_by(AgendaItem.position)
        )
        return [(item.position, item.title) for item in rows]


def make_need(app, group, title="L'ascenseur du bâtiment C est en panne") -> int:
    from assembly.needs.operations import submit_need

    with app.app_context():
        return submit_need(db.session.get(Group, group.id), title=title, trusted=True).number


def text(response) -> str:
    return response.get_data(as_text=True)


# The meeting ----------------------------------------------------------------------------


def test_facilitator_plans_a_meeting_in_paris_time_stored_in_utc(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client, facilitator=str(group_member_id(app, "facilitator")))
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        # 18:30 in Paris in December (UTC+1) is 17:30 UTC.
        assert meeting.starts_at == datetime(NEXT_YEAR, 12, 10, 17, 30)
        assert meeting.duration_minutes == 90 and meeting.public
        assert meeting.facilitator.username == "facilitator"
        assert len(meeting.join_code) == 5
    page = text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert "6:30\u202fPM" in page or "6:30 PM" in page
    assert "Maison de quartier" in page and "Facilitator" in page


def group_member_id(app, username) -> int:
    from assembly.auth.models import find_user

    with app.app_context():
        return find_user(username).id


def test_bad_meeting_form_is_shown_again_with_400_and_the_text_kept(client, auth, group):
    auth.login("organizer")
    response = post(
        client, f"{MEETINGS}/new", meeting_data(date="le 10 décembre", duration="5", title=" ")
    )
    page = text(response)
    assert response.status_code == 400
    assert 'value="le 10 décembre"' in page and "Maison de quartier" in page
    assert 'id="date-error"' in page and 'id="duration-error"' in page
    assert 'id="title-error"' in page


def test_editing_a_meeting_with_bad_input_keeps_it_and_the_meeting_unchanged(
    app, client, auth, group
):
    auth.login("facilitator")
    meeting_id = plan(client)
    assert 'value="18:30"' in text(client.get(f"{MEETINGS}/{meeting_id}/edit"))
    response = post(
        client, f"{MEETINGS}/{meeting_id}/edit", meeting_data(title="Nouveau titre", time="25h")
    )
    assert response.status_code == 400
    assert 'value="Nouveau titre"' in text(response) and 'value="25h"' in text(response)
    response = post(client, f"{MEETINGS}/{meeting_id}/edit", meeting_data(title="Nouveau titre"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).title == "Nouveau titre"


def test_members_only_meeting_is_hidden_from_the_public(app, client, auth, group):
    auth.login("facilitator")
    secret = plan(client, title="Réunion interne", public=None)
    open_one = plan(client, title="Assemblée ouverte")
    auth.logout()
    visitor = app.test_client()
    assert visitor.get(f"{MEETINGS}/{secret}").status_code == 404
    assert visitor.get(f"{MEETINGS}/{secret}.ics").status_code == 404
    assert visitor.get(f"{MEETINGS}/{open_one}").status_code == 200
    assert "Réunion interne" not in text(visitor.get(MEETINGS))
    assert "Assemblée ouverte" in text(visitor.get(MEETINGS))
    auth.login("member")
    assert client.get(f"{MEETINGS}/{secret}").status_code == 200
    assert "Réunion interne" in text(client.get(MEETINGS))
    auth.logout()
    auth.login("outsider")  # a member of another group
    assert client.get(f"{MEETINGS}/{secret}").status_code == 404


def test_join_code_is_shown_to_the_team_only(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    with app.app_context():
        code = db.session.get(Meeting, meeting_id).join_code
    assert code in text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert code not in text(app.test_client().get(f"{MEETINGS}/{meeting_id}"))


def test_home_page_shows_the_next_meeting_the_visitor_may_attend(app, client, auth, group):
    auth.login("facilitator")
    plan(client, title="Réunion interne", public=None, date=f"{NEXT_YEAR}-01-05")
    plan(client, title="Assemblée de février", date=f"{NEXT_YEAR}-02-05")
    plan(client, title="Assemblée de mars", date=f"{NEXT_YEAR}-03-05")
    home = text(client.get("/g/glycines/"))
    assert "Réunion interne" in home
    assert "Assemblée de février" not in home and "Assemblée de mars" not in home
    public_home = text(app.test_client().get("/g/glycines/"))
    assert "Assemblée de février" in public_home
    assert "Réunion interne" not in public_home and "Assemblée de mars" not in public_home


# The agenda -------------------------------------------------------------------------------


def test_agenda_items_move_up_and_down_and_keep_positions_1_to_n(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    for title in ("Accueil", "Les charges", "Le chauffage"):
        add_item(client, meeting_id, title)
    ids = {title: item_id for item_id, title in item_ids(app, meeting_id)}

    def move(title, direction):
        url = f"{MEETINGS}/{meeting_id}/items/{ids[title]}/reorder"
        return post(client, url, {"direction": direction})

    assert move("Le chauffage", "up").status_code == 302
    assert items(app, meeting_id) == [(1, "Accueil"), (2, "Le chauffage"), (3, "Les charges")]
    move("Accueil", "down")
    assert items(app, meeting_id) == [(1, "Le chauffage"), (2, "Accueil"), (3, "Les charges")]
    move("Le chauffage", "up")  # already first: nothing moves
    move("Les charges", "down")  # already last
    assert items(app, meeting_id) == [(1, "Le chauffage"), (2, "Accueil"), (3, "Les charges")]
    assert move("Accueil", "sideways").status_code == 400
    delete = f"{MEETINGS}/{meeting_id}/items/{ids['Le chauffage']}/delete"
    post(client, delete)  # one click opens the confirmation step; alone it removes nothing
    assert len(items(app, meeting_id)) == 3
    post(client, delete, {"confirm": "yes"})
    assert items(app, meeting_id) == [(1, "Accueil"), (2, "Les charges")]
    page = text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert page.index("Accueil") < page.index("Les charges")


def item_ids(app, meeting_id):
    with app.app_context():
        return [
            (item.id, item.title)
            for item in db.session.scalars(db.select(AgendaItem).filter_by(meeting_id=meeting_id))
        ]


def test_method_and_its_explanation_are_shown_to_the_facilitator(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    form = text(client.get(f"{MEETINGS}/{meeting_id}/items/new"))
    assert "Moving debate" in form and "A statement that divides is read out" in form
    add_item(client, meeting_id, "Faut-il une pétition ?", method="moving_debate", timebox="25")
    page = text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert "Moving debate" in page and "A statement that divides is read out" in page
    assert "25 min" in page
    public = text(app.test_client().get(f"{MEETINGS}/{meeting_id}", headers=EN))
    assert "Moving debate" in public and "A statement that divides" not in public


EN = {"Accept-Language": "en"}


def test_bad_agenda_item_is_shown_again_with_400(client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    response = post(
        client,
        f"{MEETINGS}/{meeting_id}/items/new",
        {"title": "Les charges", "timebox": "beaucoup", "method": "open", "needs": "B-77"},
    )
    assert response.status_code == 400
    page = text(response)
    assert 'value="Les charges"' in page and 'value="beaucoup"' in page
    assert 'id="timebox-error"' in page


def test_linking_a_need_puts_the_meeting_on_the_needs_trace(app, client, auth, group):
    number = make_need(app, group)
    auth.login("facilitator")
    meeting_id = plan(client)
    unknown = post(
        client,
        f"{MEETINGS}/{meeting_id}/items/new",
        {"title": "L'ascenseur", "timebox": "20", "method": "open", "needs": "B-99"},
    )
    assert unknown.status_code == 400 and "B-99" in text(unknown)
    assert 'id="needs-error"' in text(unknown)
    add_item(client, meeting_id, "L'ascenseur", needs=f"B-{number}")
    with app.app_context():
        item = db.session.scalar(db.select(AgendaItem).filter_by(meeting_id=meeting_id))
        assert [need.number for need in item.needs] == [number]
    need_page = text(app.test_client().get(f"/g/glycines/needs/{number}", headers=EN))
    assert f"On the agenda of Assemblée de décembre on December 10, {NEXT_YEAR}." in need_page
    meeting_page = text(app.test_client().get(f"{MEETINGS}/{meeting_id}", headers=EN))
    assert f"B-{number}" in meeting_page


def test_need_on_a_members_meeting_keeps_the_meeting_title_private(app, client, auth, group):
    number = make_need(app, group)
    auth.login("facilitator")
    meeting_id = plan(client, title="Réunion interne", public=None)
    add_item(client, meeting_id, "L'ascenseur", needs=f"B-{number}")
    need_page = text(app.test_client().get(f"/g/glycines/needs/{number}", headers=EN))
    assert "On the agenda of a members' meeting on December 10" in need_page
    assert "Réunion interne" not in need_page


def test_team_sends_a_need_to_the_next_meetings_agenda(app, client, auth, group):
    number = make_need(app, group)
    auth.login("facilitator")
    assert "Send to the agenda" not in text(client.get(f"/g/glycines/needs/{number}"))
    later = plan(client, title="Assemblée de mars", date=f"{NEXT_YEAR}-03-05")
    sooner = plan(client, title="Assemblée de février", date=f"{NEXT_YEAR}-02-05")
    add_item(client, sooner, "Accueil")
    need_page = text(client.get(f"/g/glycines/needs/{number}"))
    assert "Send to the agenda of Assemblée de février" in need_page
    response = post(client, "/g/glycines/meetings/next/agenda", {"need": str(number)})
    assert response.headers["Location"].endswith(f"/g/glycines/needs/{number}")
    assert items(app, sooner) == [(1, "Accueil"), (2, "L'ascenseur du bâtiment C est en panne")]
    assert items(app, later) == []
    again = post(client, "/g/glycines/meetings/next/agenda", {"need": str(number)})
    assert again.status_code == 302 and len(items(app, sooner)) == 2  # not twice
    assert "On the agenda of Assemblée de février" in text(
        client.get(f"/g/glycines/needs/{number}")
    )


def test_sending_a_need_with_no_meeting_planned_says_so(app, client, auth, group):
    number = make_need(app, group)
    auth.login("facilitator")
    response = post(
        client, "/g/glycines/meetings/next/agenda", {"need": str(number)}, follow_redirects=True
    )
    assert "No meeting is planned" in text(response)
    assert post(client, "/g/glycines/meetings/next/agenda", {"need": "404"}).status_code == 404


# RSVP ---------------------------------------------------------------------------------------


def test_anonymous_rsvp_with_and_without_consent(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    auth.logout()
    url = f"{MEETINGS}/{meeting_id}/rsvp"
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    assert post(visitor, url, {"name": "Mireille", "answer": "yes"}).status_code == 302
    refused = post(visitor, url, {"name": "Karim", "answer": "maybe", "contact": "06 12 34 56 78"})
    assert refused.status_code == 400
    assert 'value="Karim"' in text(refused) and 'value="06 12 34 56 78"' in text(refused)
    assert 'id="consent-error"' in text(refused)
    kept = {"name": "Karim", "answer": "maybe", "contact": "06 12 34 56 78", "consent": "y"}
    assert post(visitor, url, kept).status_code == 302
    assert post(visitor, url, {"name": "Inès", "answer": "no"}).status_code == 302
    assert post(visitor, url, {"name": "", "answer": "yes"}).status_code == 400
    with app.app_context():
        answers = {
            r.name: (r.answer, r.contact, r.person.phone, len(r.person.consents))
            for r in db.session.scalars(db.select(Rsvp))
        }
    assert answers == {
        "Mireille": ("yes", "", "", 0),
        "Karim": ("maybe", "06 12 34 56 78", "+33612345678", 1),
        "Inès": ("no", "", "", 0),
    }
    public = text(visitor.get(f"{MEETINGS}/{meeting_id}"))
    assert "<strong>1</strong> yes · <strong>1</strong> maybe · <strong>1</strong> no" in public
    assert "Mireille" not in public and "06 12 34 56 78" not in public
    team = text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert "Mireille" not in team  # signed out
    auth.login("facilitator")
    team = text(client.get(f"{MEETINGS}/{meeting_id}"))
    assert "Mireille" in team and "06 12 34 56 78" in team


def test_rsvp_is_rate_limited(app_factory, auth):
    app = app_factory(PUBLIC_FORM_RATE_LIMIT="2 per hour")
    with app.app_context():
        meeting = Meeting(group_id=make_plain_group(app), title="A", starts_at=datetime(2030, 1, 1))
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    client = app.test_client()
    url = f"/g/plain/meetings/{meeting_id}/rsvp"
    codes = [post(client, url, {"name": "N", "answer": "yes"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def make_plain_group(app) -> int:
    from assembly.groups.operations import create_group

    return create_group("Plain", "plain", "", admin=None).id


# Calendar and sign-in sheet --------------------------------------------------------------


def test_group_calendar_lists_public_meetings_in_utc(app, client, auth, group):
    auth.login("facilitator")
    public_id = plan(client)
    plan(client, title="Réunion interne", public=None)
    add_item(client, public_id, "Les charges", timebox="30")
    response = app.test_client().get(f"{MEETINGS}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Assemblée de décembre"]
    event = events[0]
    start = event.decoded("dtstart")
    assert start == datetime(NEXT_YEAR, 12, 10, 17, 30, tzinfo=UTC)
    assert event.decoded("dtend") - start == timedelta(minutes=90)
    assert str(event["location"]) == "Maison de quartier"
    assert "Les charges (30 min)" in str(event["description"])
    assert str(event["url"]).endswith(f"{MEETINGS}/{public_id}")
    again = icalendar.Calendar.from_ical(app.test_client().get(f"{MEETINGS}.ics").data)
    assert again.walk("VEVENT")[0]["uid"] == event["uid"]


def test_one_meeting_calendar_file_has_the_same_uid(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    single = icalendar.Calendar.from_ical(client.get(f"{MEETINGS}/{meeting_id}.ics").data)
    feed = icalendar.Calendar.from_ical(client.get(f"{MEETINGS}.ics").data)
    [event] = single.walk("VEVENT")
    assert event["uid"] == feed.walk("VEVENT")[0]["uid"]
    assert event.decoded("dtstart").utcoffset() == timedelta(0)


def test_sign_in_sheet_shows_the_code_expected_names_and_blank_lines(app, client, auth, group):
    auth.login("facilitator")
    meeting_id = plan(client)
    post(client, f"{MEETINGS}/{meeting_id}/rsvp", {"name": "Mireille Garnier", "answer": "yes"})
    post(client, f"{MEETINGS}/{meeting_id}/rsvp", {"name": "Bernard", "answer": "no"})
    with app.app_context():
        code = db.session.get(Meeting, meeting_id).join_code
    response = client.get(f"{MEETINGS}/{meeting_id}/sheet")
    page = text(response)
    assert response.status_code == 200
    assert f'<strong class="code" dir="ltr">{code}</strong>' in page
    assert "Mireille Garnier" in page and "Facilitator" in page  # a member's display name
    assert "Bernard" not in page
    rows = page.count("<tr><td>") + page.count('<tr class="blank">')
    assert rows == 30
    assert page.count('<tr class="blank">') == 30 - 5  # four members + Mireille
    client.set_cookie("lang", "ar")  # the room reads and signs it: the site's language
    assert '<html lang="fr" dir="ltr">' in text(client.get(f"{MEETINGS}/{meeting_id}/sheet"))

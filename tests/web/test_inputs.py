"""Inputs no column can hold give a 404 or an error next to the field, never a 500.

Each case broke a page once (issue 11): ids and page numbers past 64 bits (PostgreSQL:
past 32), `²` passing `isdigit()`, NUL bytes in a text (PostgreSQL), a meeting in year
9999 breaking the group's calendar, year 1 breaking a form, a file part in a text field.
tests/web/test_fuzz.py draws many more of them against every route.
"""

from datetime import datetime, timedelta
from io import BytesIO

import icalendar
import pytest
from werkzeug.exceptions import NotFound

from assembly.extensions import db
from assembly.web.inputs import INT_MAX, whole_number
from tests.helpers import csrf_token, post

GROUP = "/g/glycines"
PAST_32_BITS, PAST_64_BITS = str(2**31), str(2**63)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so the tests read the msgids whatever the catalogs hold."""
    client.set_cookie("lang", "en")


@pytest.fixture
def organizer(auth, world):
    assert auth.login(world.people["organizer"].username).status_code == 302


def text(response) -> str:
    return response.get_data(as_text=True)


# Integers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0", 0),
        (" 12 ", 12),
        (str(INT_MAX), INT_MAX),
        (PAST_32_BITS, None),
        (PAST_64_BITS, None),
        ("²", None),
        ("1²", None),
        ("٣", None),
        ("１２", None),
        ("1_000", None),
        ("-1", None),
        ("", None),
        (None, None),
    ],
)
def test_a_whole_number_is_ascii_digits_within_an_integer_column(typed, number):
    assert whole_number(typed) == number


def test_the_url_converter_stops_at_the_integer_columns_last_value(app):
    urls = app.url_map.bind("localhost")
    assert urls.match(f"{GROUP}/meetings/{INT_MAX}")[1]["meeting_id"] == INT_MAX
    for past in (str(INT_MAX + 1), "١"):
        with pytest.raises(NotFound):
            urls.match(f"{GROUP}/meetings/{past}")


@pytest.mark.parametrize("number", [PAST_32_BITS, PAST_64_BITS, "١"])
@pytest.mark.parametrize(
    "path",
    [
        "/meetings/{}",
        "/meetings/{}.ics",
        "/meetings/1/items/{}/edit",
        "/needs/{}",
        "/decisions/{}",
        "/canvass/{}",
    ],
)
def test_an_id_past_the_column_in_a_url_is_not_found(client, world, organizer, path, number):
    assert client.get(GROUP + path.format(number)).status_code == 404


@pytest.mark.parametrize("value", [PAST_32_BITS, PAST_64_BITS, "²", "-5"])
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/needs", "page"),
        ("/needs", "theme"),
        ("/decisions", "page"),
        ("/decisions/2", "arguments"),
    ],
)
def test_a_page_number_past_the_column_shows_a_page(client, world, organizer, path, name, value):
    assert client.get(f"{GROUP}{path}?{name}={value}").status_code == 200


@pytest.mark.parametrize("value", [PAST_64_BITS, "²"])
def test_a_task_from_a_meeting_past_the_column_is_not_found(client, world, organizer, value):
    assert client.get(f"{GROUP}/tasks/new?meeting={value}").status_code == 404


def test_a_need_number_with_a_superscript_digit_is_a_field_error(client, world, organizer):
    response = post(client, f"{GROUP}/needs/1/merge", {"target": "B-²"})
    assert response.status_code == 400
    assert "No need has this number." in text(response)

    response = post(
        client,
        f"{GROUP}/canvass/1/visit",
        {"building": "Bâtiment B", "outcome": "talked", "shares_need": "²"},
    )
    assert response.status_code == 400
    assert "No open need of the group has this number." in text(response)


def test_need_numbers_past_the_column_are_unknown_needs(client, world, organizer):
    big = "9" * 20
    response = post(
        client,
        f"{GROUP}/meetings/1/items/new",
        {"title": "Les charges", "timebox": "15", "method": "open", "needs": f"B-1, B-{big}"},
    )
    assert response.status_code == 400
    assert f"No need has this number: B-{big}" in text(response)
    assert post(client, f"{GROUP}/meetings/next/agenda", {"need": big}).status_code == 404
    held = {"decision": "count", "through": PAST_64_BITS}
    assert post(client, f"{GROUP}/needs/1/held", held).status_code == 400


# NUL bytes -----------------------------------------------------------------------------


def test_a_nul_byte_in_a_form_is_taken_out(app, client, world):
    from assembly.needs.models import Need

    response = post(client, f"{GROUP}/needs/new", {"title": "Plus d'eau\x00 chaude"})
    assert response.status_code == 302
    with app.app_context():
        titles = db.session.scalars(db.select(Need.title)).all()
    assert "Plus d'eau chaude" in titles
    assert not any("\x00" in title for title in titles)


def test_a_nul_byte_in_a_query_is_taken_out(client, world):
    response = client.get(f"{GROUP}/needs?q=Ascen%00seur&place=%00")
    assert response.status_code == 200
    assert "Ascenseur en panne" in text(response)


@pytest.mark.parametrize("path", ["/g/glyc%00ines/needs", "/invite/to%00ken", "/reset/%00"])
def test_a_nul_byte_in_a_path_is_not_found(client, world, path):
    assert client.get(path).status_code == 404


# Dates ---------------------------------------------------------------------------------


DATE_FIELDS = [
    ("/meetings/new", "meetings.new", "date"),
    ("/meetings/1/edit", "meetings.edit", "date"),
    ("/decisions/new", "decisions.new", "closes_date"),
    ("/decisions/new", "decisions.new", "opens_date"),
    ("/tasks/new", "tasks.new", "due_on"),
    ("/canvass/new", "canvassing.new", "starts_on"),
    ("/canvass/1/edit", "canvassing.edit", "ends_on"),
]


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize(("path", "endpoint", "field"), DATE_FIELDS)
def test_a_date_out_of_2000_to_2100_is_a_field_error(
    client, world, organizer, path, endpoint, field, day
):
    from tests.test_access_matrix import FORM_DATA

    response = post(client, GROUP + path, FORM_DATA.get(endpoint, {}) | {field: day})
    assert response.status_code == 400
    assert "Give a date between 2000 and 2100." in text(response)
    assert f'value="{day}"' in text(response)  # the text typed is kept


def test_a_meeting_in_year_1_is_a_field_error_not_a_crash(client, world, organizer):
    """Five past midnight on 1 January of year 1, Paris time, is in year 0 in UTC."""
    from tests.test_access_matrix import FORM_DATA

    data = FORM_DATA["meetings.new"] | {"date": "0001-01-01", "time": "00:05"}
    response = post(client, f"{GROUP}/meetings/new", data)
    assert response.status_code == 400
    assert "Give a date between 2000 and 2100." in text(response)


def test_every_date_field_of_every_form_is_bounded(app):
    """A form's date field is web.forms.DateField, which holds the bounds above."""
    import wtforms
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    from assembly.web.forms import DateField

    dates, forms = [], [FlaskForm]
    while forms:
        form = forms.pop()
        forms += form.__subclasses__()
        for name in dir(form):
            field = getattr(form, name)
            if isinstance(field, UnboundField) and issubclass(field.field_class, wtforms.DateField):
                dates.append((form.__name__, name, field.field_class))
    assert {field for _, _, field in DATE_FIELDS} <= {name for _, name, _ in dates}
    assert [d for d in dates if d[2] is not DateField] == []


def test_a_meeting_at_the_end_of_year_9999_keeps_the_calendar(app, client, world):
    """Stored before dates were bounded: it ends past the calendar's last day."""
    from assembly.meetings.models import Meeting

    with app.app_context():
        meeting = Meeting(
            group_id=world.group.id,
            title="Fin des temps",
            starts_at=datetime(9999, 12, 31, 21, 30),
            duration_minutes=720,
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    for url in (f"{GROUP}/meetings.ics", f"{GROUP}/meetings/{meeting_id}.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
        last = next(e for e in events if str(e["summary"]) == "Fin des temps")
        assert last.decoded("duration") == timedelta(hours=12)
    assert client.get(f"{GROUP}/meetings/{meeting_id}").status_code == 200


# Files and JSON ------------------------------------------------------------------------


def test_a_file_part_in_a_text_field_is_refused(client, world):
    token = csrf_token(client)
    data = {"csrf_token": token, "title": (BytesIO(b"Ascenseur"), "besoin.txt")}
    response = client.post(f"{GROUP}/needs/new", data=data)
    assert response.status_code == 400
    assert "The form could not be read." in text(response)


def test_a_json_body_is_refused(client, world):
    token = csrf_token(client)
    response = client.post(f"{GROUP}/needs/new", json={"title": 5}, headers={"X-CSRFToken": token})
    assert response.status_code == 400

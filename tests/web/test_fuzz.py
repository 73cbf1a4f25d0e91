"""No input gives a 500: every route, with drawn URLs, query strings and form bodies.

Hypothesis draws what a careless or hostile client may send: numbers past any column's
range, digits that are not ASCII (`²`, `٣`), NUL bytes, dates in year 1 or 9999, a file
where a text is expected. Every route of `app.url_map` is opened with them, GET with a
query string, POST with a body laid over the form data that passes (so the drawn values
reach what comes after validation), as an instance administrator (who passes every door)
and, where the door is open to all, anonymously. The answer must be a page, a redirect or
a 4xx: never a 500.

The drawn values go mostly to the fields the route's forms have, read from the pages of
the world as a browser would (a date field gets dates, a number field numbers), and now
and then to another form's field or to a name nobody reads.

The examples of one route share the `world` of the access matrix (restored once per
route, not per example), so a POST may change what the next example meets. The run is
derandomized: the same examples every time, on both engines. ASSEMBLY_FUZZ_EXAMPLES asks
for more of them, for a deeper pass by hand.
"""

import html
import os
import re
from collections import defaultdict
from datetime import date
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from flask import url_for
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

from assembly.extensions import limiter
from tests.helpers import PASSWORD, Auth, csrf_token
from tests.test_access_matrix import FORM_DATA, MATRIX, ROUTE_ARGS, build_url

EXAMPLES = int(os.environ.get("ASSEMBLY_FUZZ_EXAMPLES", "10"))

FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run and every machine
    database=None,
    deadline=None,  # a request's time depends on the machine and the engine, not on the input
    # No shrinking: the examples share a database that moves on, so a smaller example may
    # not fail again; the failing one is reported as drawn, with the server's traceback.
    phases=(Phase.generate,),
    # The examples of one route share its world on purpose (see above).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that broke pages once, or might: the bounds of 32- and 64-bit integers, digits
# `isdigit()` takes and `int()` refuses (or reads), dates past the calendar's ends.
NUMBER_EDGES = ("0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775808")
NUMBER_EDGES += (str(2**64), "9" * 40, "²", "1²", "٣", "１２", "1_000", "1e3", " 7 ", "B-²")
NUMBER_EDGES += ("B-99999999999999999999",)
DATE_EDGES = ("0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31", "10000-01-01")
DATE_EDGES += ("2026-02-30", "2026-13-01", "24:00", "23:59:60")
TEXT_EDGES = ("", "\x00", "Ascenseur\x00 en panne", " ", "y", "on", "live", "closed", "approved")
TEXT_EDGES += ("hands", "judgment", "first_come", "../../etc/passwd", "//example.org/", "x" * 5000)
NUMBERS = st.one_of(
    st.sampled_from(NUMBER_EDGES), st.integers(min_value=-(2**70), max_value=2**70).map(str)
)
DATES = st.one_of(st.sampled_from(DATE_EDGES), st.dates().map(date.isoformat))
TEXTS = st.one_of(
    st.sampled_from(TEXT_EDGES),
    st.text(max_size=30),
    st.text(min_size=1, max_size=20).map(lambda text: f"{text}\x00{text}"),  # PostgreSQL: no NUL
)
ANYTHING = st.one_of(NUMBERS, DATES, TEXTS)
VALUES = {  # by the kind of field: mostly its own kind of value, but anything may come
    "number": st.one_of(NUMBERS, NUMBERS, ANYTHING),
    "date": st.one_of(DATES, DATES, ANYTHING),
    "text": st.one_of(TEXTS, ANYTHING),
}

# Form data that passes on routes the access matrix posts empty (its FORM_DATA), so
# drawn values reach what comes after validation there too.
MORE_FORM_DATA = {
    "auth.login": {"login": "root", "password": PASSWORD},
    "auth.account": {"display_name": "Root", "locale": "fr"},
    "groups.new_group": {"name": "Collectif des Lilas", "slug": "lilas"},
    "groups.join": {
        "display_name": "Awa",
        "password": "les glycines en fleur",
        "confirm": "les glycines en fleur",
    },
    "decisions.edit": {"question": "Fait-on la fête en juin ?", "method": "hands"},
    "meetings.add_speaker": {"attendance": "1", "kind": "normal"},
    "meetings.ask": {"kind": "reply"},
}
# Query arguments the views read (request.args), by kind.
QUERY_FIELDS = dict.fromkeys(
    ("page", "theme", "arguments", "item", "decision", "meeting", "level", "from"), "number"
)
QUERY_FIELDS |= dict.fromkeys(("status", "sort", "q", "place", "building", "next"), "text")
QUERY_FIELDS |= dict.fromkeys(("code", "personal", "size", "v", "contact"), "text")

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELD = re.compile(r"<(?:input|select|textarea|button)\b([^>]*)>")
ATTRIBUTE = re.compile(r'\b([a-z-]+)="([^"]*)"')
_fields_in_pages: dict = {}  # this worker's reading, the same on every run


def kind_of(attributes: dict) -> str:
    """A field's kind, as its markup (or the value it carries) says."""
    if attributes.get("type") == "date":
        return "date"
    numeric = attributes.get("type") == "number" or attributes.get("inputmode") == "numeric"
    return "number" if numeric or attributes.get("value", "").isdecimal() else "text"


def fields_in_pages(app, world) -> dict[tuple[str, str], dict[str, str]]:
    """(endpoint, method) → its forms' fields and their kinds, read on the world's pages."""
    if _fields_in_pages:
        return _fields_in_pages
    client = app.test_client()
    Auth(client).login(world.people["instance_admin"].username)
    urls = app.url_map.bind("localhost")
    found = defaultdict(dict)
    for endpoint, method in MATRIX:
        if method != "GET" or endpoint == "static":
            continue
        page = client.get(build_url(app, endpoint, world.args))
        if page.mimetype != "text/html":
            continue
        for form, inside in FORM.findall(page.get_data(as_text=True)):
            form = dict(ATTRIBUTE.findall(form))
            sent_as = form.get("method", "get").upper()
            action = urlsplit(html.unescape(form.get("action", page.request.path))).path
            try:
                target, _ = urls.match(action, method=sent_as)
            except HTTPException:
                continue
            for field in FIELD.findall(inside):
                field = dict(ATTRIBUTE.findall(field))
                if field.get("name", "csrf_token") != "csrf_token":
                    found[(target, sent_as)][field["name"]] = kind_of(field)
    _fields_in_pages.update(found)
    return _fields_in_pages


def form_field_names() -> list[str]:
    """The name of every field of every form of the app."""
    names, forms = set(), [FlaskForm]
    while forms:
        form = forms.pop()
        forms += form.__subclasses__()
        names |= {name for name in dir(form) if isinstance(getattr(form, name), UnboundField)}
    return sorted(names - {"csrf_token"})


def pairs(fields: dict[str, str], base: dict, everywhere: list[str]) -> st.SearchStrategy:
    """A few (name, value) pairs: mostly the route's own fields, each with a value of its
    kind, or the value that passes with a NUL inside; now and then another form's field
    or a name nobody reads; a name sometimes twice."""
    ours = st.one_of(
        [
            st.tuples(st.just(name), value_for(name, kind, base))
            for name, kind in sorted(fields.items())
        ]
    )
    elsewhere = st.tuples(st.one_of(st.sampled_from(everywhere), st.text(max_size=8)), ANYTHING)
    return st.lists(st.one_of(ours, ours, ours, elsewhere), max_size=4)


def value_for(name: str, kind: str, base: dict) -> st.SearchStrategy:
    """Values for a field: of its kind, or, if the form that passes fills it, that value
    with a NUL inside (which reaches the database when nothing else fails)."""
    if name not in base:
        return VALUES[kind]
    good = base[name]
    with_nul = st.integers(0, len(good)).map(lambda at: f"{good[:at]}\x00{good[at:]}")
    return st.one_of(VALUES[kind], with_nul)


def file_part() -> st.SearchStrategy:
    return st.binary(max_size=30).map(lambda content: (BytesIO(content), "note.txt"))


def guess_kinds(data: dict) -> dict[str, str]:
    """The fields of form data that passes, with the kind their value shows."""
    kinds = {}
    for name, value in data.items():
        kinds[name] = "number" if value.isdecimal() else "text"
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            kinds[name] = "date"
    return kinds


def fuzz_routes():
    """(endpoint, method, visitor): the instance admin everywhere, anonymous where let in."""
    for endpoint, method in sorted(MATRIX):
        yield endpoint, method, "instance_admin"
        if "anonymous" in MATRIX[(endpoint, method)]:
            yield endpoint, method, "anonymous"


def url_variables(app, endpoint) -> dict[str, bool]:
    """The route's URL variables, each with whether it is an integer."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return {name: isinstance(rule._converters[name], IntegerConverter) for name in rule.arguments}


def path_value(integer: bool) -> st.SearchStrategy:
    """None (the world's record), or a value drawn for the variable."""
    if integer:
        edges = st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64])
        drawn = st.one_of(edges, st.integers(min_value=0, max_value=2**70))
    else:
        drawn = st.text(min_size=1, max_size=20).filter(lambda text: text not in {".", ".."})
    return st.one_of(st.none(), drawn)


def fuzz_url(app, endpoint, args, drawn: dict) -> str:
    """The route's URL at the world's records, but for the variables drawn."""
    args = args | {name: args[key] for name, key in ROUTE_ARGS.get(endpoint, {}).items()}
    values = {name: args[name] for name in url_variables(app, endpoint)}
    values |= {name: value for name, value in drawn.items() if value is not None}
    with app.test_request_context():
        return url_for(endpoint, **values)


def form_body(base: dict, drawn: list, token: str, upload) -> MultiDict:
    """The form that passes, with the drawn pairs over it, and the session's CSRF token."""
    body, seen = MultiDict(base), set()
    for name, value in drawn:
        if name in seen:
            body.add(name, value)
        else:
            body[name] = value
            seen.add(name)
    if upload is not None:
        body.add(*upload)
    body["csrf_token"] = token
    return body


@pytest.mark.parametrize(("endpoint", "method", "visitor"), list(fuzz_routes()))
def test_no_input_gives_a_server_error(
    app, client, sign_in, world, endpoint, method, visitor, caplog
):
    sign_in(visitor)
    token = csrf_token(client)
    paths = st.fixed_dictionaries(
        {name: path_value(integer) for name, integer in url_variables(app, endpoint).items()}
    )
    base = FORM_DATA.get(endpoint, MORE_FORM_DATA.get(endpoint, {}))
    fields = guess_kinds(base) if method == "POST" else dict(QUERY_FIELDS)
    fields |= fields_in_pages(app, world).get((endpoint, method), {})
    everywhere = form_field_names()
    fields = fields or dict.fromkeys(everywhere, "text")
    upload = st.none()
    if method == "POST":  # now and then, a file where the form has none
        upload = st.one_of(
            upload, upload, upload, st.tuples(st.sampled_from(sorted(fields)), file_part())
        )

    @FUZZ
    @given(path=paths, drawn=pairs(fields, base, everywhere), htmx=st.booleans(), upload=upload)
    def example(path, drawn, htmx, upload):
        with app.app_context():
            limiter.reset()  # a 429 would hide what comes behind it (the counters are in the DB)
        caplog.clear()
        url = fuzz_url(app, endpoint, world.args, path)
        headers = {"HX-Request": "true"} if htmx else {}
        if method == "GET":
            response = client.get(url, query_string=MultiDict(drawn), headers=headers)
        else:
            response = client.post(url, data=form_body(base, drawn, token, upload), headers=headers)
        response.close()  # static files answer with an open file
        assert response.status_code < 500, f"{method} {url}: {response.status_code}\n{caplog.text}"

    example()

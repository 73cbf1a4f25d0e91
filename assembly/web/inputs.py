"""What the app takes from a request, bounded once for every view.

- Integers fit the columns they are looked up in: every id and number is an INTEGER,
  32 bits on PostgreSQL. A URL's `<int:…>` past that range (or written with other
  digits than 0–9) matches no route: 404. Numbers read by hand from a query string or a
  form go through `whole_number`, which `isdigit()` is not (it lets `²` through).
- Text carries no NUL: PostgreSQL refuses it in a text column. It is taken out of query
  strings and form fields as they are read; in a URL's path it matches no route: 404.
- The app reads forms, never files nor JSON: a request that carries either is refused
  with 400, before a form would find a file or a number where it expects a text. A view
  marked `takes_json` (the SMS gateway's webhook, which checks its body's signature and
  reads it itself) is the one exception.
"""

import re

from flask import Flask, abort, current_app, request
from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

INT_MAX = 2**31 - 1  # PostgreSQL INTEGER, the type of every id and number column
DIGITS = re.compile(r"[0-9]{1,10}")


def whole_number(text: str | None) -> int | None:
    """`text` as a number from 0 to INT_MAX (ASCII digits, spaces around), else None."""
    text = (text or "").strip()
    if not DIGITS.fullmatch(text) or int(text) > INT_MAX:
        return None
    return int(text)


def query_number(name: str, default: int) -> int:
    """The query string's `name` as a whole number in a column's range, else `default`."""
    number = whole_number(request.args.get(name))
    return default if number is None else number


def page_count(count: int, per_page: int) -> int:
    """How many pages a list of `count` rows takes, `per_page` a page: one at least (an
    empty list has its page 1, which `asked_page` gives)."""
    return max(-(-count // per_page), 1)


def asked_page(last: int | None = None, name: str = "page") -> int:
    """The page of a list the query string asks for (`?page=N`, the `pages` macro's
    links; a part, a list of arguments: `name`): 1 at least, and `last` at most when the
    list knows how many it has (an empty list has its page 1)."""
    page = max(query_number(name, 1), 1)
    return page if last is None else min(page, max(last, 1))


class RecordNumber(IntegerConverter):
    """`<int:…>`: ASCII digits, at most INT_MAX; anything else matches no route (404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=INT_MAX, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def refuse_nul(value: str) -> str:
    """A URL variable as it is, unless it holds a NUL: then its route does not match."""
    if "\x00" in value:
        raise ValidationError()
    return value


class Text(UnicodeConverter):
    """`<slug>`, `<token>`…: a path part without NUL; with one, no route matches (404)."""

    def to_python(self, value: str) -> str:
        return refuse_nul(super().to_python(value))


class TextPath(PathConverter):
    """`<path:…>`: the same, slashes allowed."""

    def to_python(self, value: str) -> str:
        return refuse_nul(super().to_python(value))


def without_nul(value):
    """A text without its NUL bytes; a file (or anything else) as it is."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Parameters(ImmutableMultiDict):
    """Query strings and forms as parsed (name, value) pairs, their text without NUL."""

    def __init__(self, mapping=None):
        if isinstance(mapping, list):
            mapping = [(without_nul(name), without_nul(value)) for name, value in mapping]
        super().__init__(mapping)


class Request(FlaskRequest):
    parameter_storage_class = Parameters


SENDING = {"POST", "PUT", "PATCH", "DELETE"}  # the methods whose body Flask-WTF reads


def takes_json(view):
    """Let JSON bodies through to this view, which reads and checks them itself."""
    view.takes_json = True
    return view


def refuse_files_and_json():
    """No form of the app takes a file or JSON: refuse a body with either (400) before a
    form finds a file, a number or a list where it reads a text."""
    if request.method not in SENDING:
        return
    if request.is_json:
        view = current_app.view_functions.get(request.endpoint)
        if not getattr(view, "takes_json", False):
            abort(400)
    elif request.files:
        abort(400)


def init_inputs(app: Flask) -> None:
    """Before the blueprints add their routes, which take the converters set here."""
    app.request_class = Request
    app.url_map.converters.update(int=RecordNumber, default=Text, string=Text, path=TextPath)
    app.before_request(refuse_files_and_json)

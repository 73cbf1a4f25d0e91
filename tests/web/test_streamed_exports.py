"""CSV downloads are streamed: the response is a generator that writes the file as the
rows are read, and the file says exactly what it said when it was written all at once."""

import csv
import io
from types import GeneratorType

from flask import request_finished

from assembly.web import spreadsheet
from assembly.web.spreadsheet import csv_pieces, csv_text
from tests.test_access_matrix import build_url
from tests.web.test_csv import hostile_records

EXPORTS = (
    "needs.export_csv",
    "decisions.export_csv",
    "people.export_csv",
    "consultations.contributions_csv",
)


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def test_every_csv_download_is_streamed_and_writes_what_the_whole_file_held(
    app, world, client, auth, clock, monkeypatch
):
    monkeypatch.setattr(spreadsheet, "PIECE", 1)  # every row its own piece
    hostile_records(app, world, clock)
    auth.login("organizer")
    sent = []

    def keep(sender, response, **extra):
        sent.append(response)

    with request_finished.connected_to(keep, app):
        for endpoint in EXPORTS:
            url = build_url(app, endpoint, world.args)
            text = client.get(url, query_string={"personal": "1"}).get_data(as_text=True)

            response = sent[-1]
            assert response.mimetype == "text/csv", endpoint
            assert response.is_streamed and isinstance(response.response, GeneratorType), endpoint
            rows = read(text)
            assert len(rows) >= 2, endpoint  # the header and a record at least
            # Written whole by the same writer, the rows give back the same bytes.
            assert text == csv_text(rows[0], rows[1:]), endpoint


def test_a_csv_leaves_in_pieces_as_its_rows_are_read(monkeypatch):
    monkeypatch.setattr(spreadsheet, "PIECE", 40)
    pulled = []

    def rows():
        for n in range(50):
            pulled.append(n)
            yield [n, f"Besoin numéro {n}", "=1+1"]

    pieces = csv_pieces(["number", "title", "note"], rows())
    first = next(pieces)

    assert first == "\ufeffnumber;title;note\r\n"  # the header leaves first, alone,
    assert pulled == []  # before any row is read
    second = next(pieces)
    assert 0 < len(pulled) < 5 and second  # then a piece as soon as it is full
    rest = [second, *pieces]
    assert len(pulled) == 50 and len(rest) > 10
    expected = csv_text(
        ["number", "title", "note"], ([n, f"Besoin numéro {n}", "=1+1"] for n in range(50))
    )
    assert first + "".join(rest) == expected

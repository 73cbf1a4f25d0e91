"""CSV files the app hands out, made safe to open in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
read as a formula by Excel and LibreOffice: a need titled `=HYPERLINK(…)` would
become a live link, or worse, in the organizer's spreadsheet (CSV injection, as
OWASP describes it). Such a text cell gets a leading `'`, which spreadsheets show
as text. Numbers the app writes (counts) stay numbers.

Downloads are streamed: the first bytes leave at once and a file of any size costs a
few rows of memory, provided the rows are read from the database in batches — each
export's query carries `execution_options(yield_per=BATCH)` (a server-side cursor on
PostgreSQL, SQLite steps through its rows anyway), and nothing keeps the loaded rows.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500  # rows an export reads from the database at a time (`yield_per`)
PIECE = 64 * 1024  # characters a streamed download sends at a time


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should see it: numbers as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)  # labels are lazy strings: render them here
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _writer(out: TextIO, header: Iterable[str]):
    """A CSV writer on `out`, the file's start written: UTF-8 BOM, semicolons and CRLF, so
    it opens as is in French spreadsheets."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    return writer


def write_csv(out: TextIO, header: Iterable[str], rows: Iterable[Iterable]) -> int:
    """Write a CSV file to `out` row by row as `rows` yields them (a file of any size
    costs one row of memory); every cell goes through `safe_cell`. Returns the number
    of rows."""
    writer = _writer(out, header)
    written = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        written += 1
    return written


def csv_pieces(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The text of `write_csv`: the header first, then pieces of about `PIECE` characters,
    each as soon as `rows` has given enough to fill it."""
    out = io.StringIO()
    writer = _writer(out, header)
    yield out.getvalue()  # the header at once: the download starts before any row is read
    out.seek(0)
    out.truncate()
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if out.tell() >= PIECE:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A CSV file's text (`write_csv`)."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def csv_response(header: Iterable[str], rows: Iterable[Iterable], filename: str) -> Response:
    """A CSV download, streamed (`csv_pieces`) within the request's contexts, so labels
    are translated as it goes. Flask ends the request (and closes its database session)
    when the view returns, then opens it again to stream: `rows` must be lazy — a
    generator whose query runs at its first row, never a result the view already has."""
    return Response(
        stream_with_context(csv_pieces(header, rows)),
        mimetype="text/csv",  # Flask adds "; charset=utf-8"
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

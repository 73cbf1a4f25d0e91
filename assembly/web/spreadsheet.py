"""CSV files the app hands out, made safe to open in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
read as a formula by Excel and LibreOffice: a need titled `=HYPERLINK(…)` would
become a live link, or worse, in the organizer's spreadsheet (CSV injection, as
OWASP describes it). Such a text cell gets a leading `'`, which spreadsheets show
as text. Numbers the app writes (counts) stay numbers.
"""

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should see it: numbers as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)  # labels are lazy strings: render them here
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out: TextIO, header: Iterable[str], rows: Iterable[Iterable]) -> int:
    """Write a CSV file to `out` row by row as `rows` yields them (a file of any size
    costs one row of memory): UTF-8 BOM, semicolons and CRLF, so it opens as is in French
    spreadsheets; every cell goes through `safe_cell`. Returns the number of rows."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    written = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        written += 1
    return written


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A CSV file's text (`write_csv`)."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def csv_response(header: Iterable[str], rows: Iterable[Iterable], filename: str) -> Response:
    """A CSV download (`csv_text`)."""
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",  # Flask adds "; charset=utf-8"
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""OpenDocument texts (.odt) for LibreOffice, built with odfdo: what every export shares.

A feature writes its own body (the minutes walk their Markdown, a demand writes its letter);
here are the blank document, its bytes, a filename every system accepts and the download.

odfdo (and lxml under it) weighs some 10 MB: it is loaded by the first document made,
never at start — the views import their feature's document module inside the view.
"""

import io
import re
import unicodedata
from typing import TYPE_CHECKING

from flask import Response, make_response

if TYPE_CHECKING:
    from odfdo import Document

MIMETYPE = "application/vnd.oasis.opendocument.text"
BODY = "Text_20_body"  # LibreOffice's "Text body" paragraph style


def blank_document(title: str) -> "Document":
    """A text document titled `title` (in its properties), with an empty body."""
    from odfdo import Document

    document = Document("text")
    document.meta.set_title(title)
    body = document.body
    for empty in body.get_paragraphs():  # the template's one blank paragraph
        body.delete(empty)
    return document


def unnumbered_headings(document: "Document") -> None:
    """odfdo's template numbers its headings (1., 1.1.); a document that carries its own
    numbers, or none, turns that off."""
    for level in document.get_part("styles.xml").get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(name)


def odt_bytes(document: "Document") -> bytes:
    """The document as the bytes of a .odt file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_filename(*parts: str, fallback: str = "document") -> str:
    """A filename every system accepts: ("compte rendu", "2026-03-05", "Assemblée de mars")
    gives compte-rendu-2026-03-05-assemblee-de-mars.odt."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
    return f"{slug or fallback}.odt"


def odt_download(data: bytes, filename: str) -> Response:
    """The response that hands the file over as a download named `filename`."""
    response = make_response(data)
    response.mimetype = MIMETYPE
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

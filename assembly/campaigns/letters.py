"""A demand's letter as an ODT: the group and its contact, the date in words, the target,
the subject, the paragraphs, and the group's name to sign — what the printed page
(templates/campaigns/letter.html) says. Both are made in the site's language (their views
are `in_site_language`)."""

import re
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from assembly.campaigns.models import Demand, Target
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.web.odt import BODY, blank_document, odt_bytes

BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: split at empty lines; a paragraph keeps its lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip("\n") for part in BLANK_LINE.split(text) if part.strip()]


def letter_odt(group: Group, demand: Demand, *, title: str, dated: date) -> bytes:
    """The letter as an ODT file, ready to finish and print in LibreOffice."""
    from odfdo import Paragraph  # loaded by the first document, not at start (memory)

    document = blank_document(_("Letter: %(title)s", title=title))
    body = document.body

    def add(text: str = "") -> None:
        body.append(Paragraph(text, style=BODY))

    add(group.name)
    if group.contact:
        add(group.contact)
    add()
    add(_("On %(date)s", date=format_date(dated, "long")))
    target = db.session.get(Target, demand.target_id) if demand.target_id else None
    if target is not None:
        add(_("To: %(target)s", target=target.label))
    add()
    add(_("Subject: %(what)s", what=demand.what))
    add()
    for paragraph in paragraphs(demand.letter):
        add(paragraph)  # odfdo keeps the lines of a paragraph as line breaks
    add()
    add(group.name)
    return odt_bytes(document)

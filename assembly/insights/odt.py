"""The bilan as an ODT: the team's text, then the key figures as tables
(`bilans.key_figures`, the same as the page's)."""

from flask_babel import format_date
from flask_babel import gettext as _
from odfdo import Header, Paragraph, Table

from assembly.campaigns.letters import paragraphs
from assembly.groups.models import Group
from assembly.insights.bilans import key_figures
from assembly.insights.period import Period
from assembly.web.odt import BODY, blank_document, odt_bytes


def bilan_odt_bytes(group: Group, period: Period, text: str, figures: dict) -> bytes:
    """The bilan of `period` as an ODT file, ready to finish in LibreOffice."""
    title = _(
        "%(group)s — summary, %(start)s – %(end)s",
        group=group.name,
        start=format_date(period.start, "long"),
        end=format_date(period.end, "long"),
    )
    document = blank_document(title)
    body = document.body
    heading = Header(1, title)
    heading.style = "Heading_20_1"
    body.append(heading)
    for paragraph in paragraphs(text):
        body.append(Paragraph(paragraph, style=BODY))
    for number, (caption, rows) in enumerate(key_figures(figures), start=1):
        heading = Header(2, caption)
        heading.style = "Heading_20_2"
        body.append(heading)
        table = Table(f"figures{number}")
        table.set_values([[label, value] for label, value in rows])
        body.append(table)
    return odt_bytes(document)

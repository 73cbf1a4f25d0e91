"""The consultation's document as an ODT, whole: the text (final once published), then
paragraph by paragraph what was said of it, the group's answers and what changed — the
same as the print page (templates/consultations/print.html), in one file."""

from flask_babel import gettext as _
from odfdo import Header, Paragraph

from assembly.consultations.exports import (
    Document,
    about,
    named,
    paragraph_title,
    rate_sentence,
    shown_heading,
    status,
)
from assembly.consultations.synthesis import Outcome
from assembly.groups.models import Group
from assembly.web.odt import BODY, blank_document, odt_bytes, unnumbered_headings


def document_odt(group: Group, doc: Document) -> bytes:
    """The document as an ODT file, ready to finish and print in LibreOffice."""
    consultation = doc.consultation
    odt = blank_document(consultation.title)
    unnumbered_headings(odt)  # the text's sections are its own, unnumbered
    body = odt.body

    def heading(level: int, text: str) -> None:
        header = Header(level, text)
        header.style = f"Heading_20_{level}"  # Header() leaves its `style` argument out
        body.append(header)

    def add(text: str) -> None:
        body.append(Paragraph(text, style=BODY))  # a paragraph's lines stay line breaks

    heading(1, consultation.title)
    for line in about(group, doc):
        add(line)
    if consultation.context:
        add(consultation.context)
    heading(2, _("The final text") if doc.final else _("The text put to the consultation"))
    for item in doc.text:
        if item.heading:
            heading(min(item.level + 2, 5), item.body)
        else:
            add(item.body)
    heading(2, _("What the consultation changed") if doc.final else _("What was said"))
    add(rate_sentence(doc))
    for outcome in doc.said:
        if outcome.heading:
            shown = shown_heading(outcome)
            heading(min(shown.level + 2, 5), shown.body)
        else:
            for line in told_lines(outcome):
                add(line)
    return odt_bytes(odt)


def told_lines(outcome: Outcome) -> list[str]:
    """A paragraph's story in lines of text: as consulted, as final, what was said."""
    state = status(outcome)
    number = outcome.original.position if outcome.original else None
    lines = [paragraph_title(state, number)]
    if state in ("changed", "removed"):
        lines.append(_("As consulted: %(text)s", text=outcome.original.body))
    if state in ("changed", "added"):
        lines.append(_("Final text: %(text)s", text=outcome.final.body))
    elif state in ("same", ""):
        lines.append(outcome.original.body)
    sources = set(outcome.final.sources) if outcome.final else set()
    for c in outcome.contributions:
        lines.append(f"{c.kind.label.capitalize()} — {c.author}" if c.author else
                     c.kind.label.capitalize())  # fmt: skip
        if c.text:
            lines.append(c.text)
        if c.rewrite is not None:
            lines.append(_("Proposed wording: %(text)s", text=c.rewrite))
        if c.answer:
            answer = _("The group's answer:") + f" {c.answer.label}"
            lines.append(f"{answer} — {c.answer_reason}" if c.answer_reason else answer)
        if c in sources:
            lines.append(_("This contribution changed the text."))
    if state == "added" and outcome.final.sources:
        lines.append(
            _("Added after: %(contributions)s", contributions=named(outcome.final.sources))
        )
    return lines

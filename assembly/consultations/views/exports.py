"""The consultation leaving the site: the document to print (in pages light enough for a
phone) or as an ODT (whole), and the contributions as CSV for the team."""

from flask_babel import gettext as _

from assembly.consultations import exports
from assembly.consultations.loading import load_consultation
from assembly.consultations.views import bp
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.web.inputs import asked_page
from assembly.web.odt import odt_download, odt_filename
from assembly.web.render import render
from assembly.web.spreadsheet import csv_response


@bp.get("/<int:number>/print")
@group_view()
def print_(group: Group, number: int):
    """The text (final once published) and what was said of it, to print: one page of
    the document (`?page=`), each light enough for a basic phone."""
    consultation = load_consultation(group, number)
    doc = exports.document(consultation)
    found = exports.pages(doc)
    page = found[asked_page(len(found)) - 1]
    return render(
        "consultations/print.html",
        group=group,
        consultation=consultation,
        doc=doc,
        pages=found,
        page=page,
        about=exports.about(group, doc),
        rate=exports.rate_sentence(doc),
        state_of=exports.status,  # (`status` is the response's)
        paragraph_title=exports.paragraph_title,
        shown_heading=exports.shown_heading,
        named=exports.named,
    )


@bp.get("/<int:number>/document.odt")
@group_view()
def odt(group: Group, number: int):
    """The same document, whole, as a file to finish and print in LibreOffice."""
    consultation = load_consultation(group, number)
    doc = exports.document(consultation)
    kind = _("final text") if doc.final else _("consulted text")
    name = odt_filename(kind, consultation.title, fallback="consultation")
    from assembly.consultations.odt import document_odt  # odfdo, loaded when used

    return odt_download(document_odt(group, doc), name)


@bp.get("/<int:number>/contributions.csv")
@group_view(Role.FACILITATOR)
def contributions_csv(group: Group, number: int):
    """Every contribution as CSV for the team (it names their authors): UTF-8 with BOM,
    semicolons, no cell read as a formula; no contact, account or browser key."""
    consultation = load_consultation(group, number)
    return csv_response(
        exports.COLUMNS,
        exports.csv_rows(consultation),
        f"contributions-{group.slug}-{consultation.number}.csv",
    )

"""Needs leaving the site: a CSV for spreadsheets, a poster for the stairwell."""

import io

from flask import Response, g, request, url_for
from sqlalchemy.orm import joinedload, selectinload

from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.needs.models import Need
from assembly.needs.views import bp
from assembly.people.models import Person
from assembly.web.render import in_site_language, render
from assembly.web.spreadsheet import BATCH, csv_response

COLUMNS = (
    "number",
    "date",
    "title",
    "text",
    "theme",
    "place",
    "channel",
    "status",
    "status_reason",
    "moderation",
    "online_supporters",
    "counted_supporters",
    "total_supporters",
    "merged_into",
)
PERSONAL_COLUMNS = ("author_name", "contact")


def csv_row(need: Need, personal: bool) -> list:
    row = [
        need.reference,
        need.created_at.date().isoformat(),
        need.title,
        need.body,
        need.theme.name if need.theme else "",
        need.place,
        need.channel.label,
        need.status.label,
        need.status_reason,
        need.moderation.label,
        need.support_count,
        need.counted_support,
        need.total_support,
        need.merged_into.reference if need.merged_into else "",
    ]
    return row + ([need.author_name, need.contact] if personal else [])


@bp.get("/needs.csv")
@group_view(Role.MEMBER)
def export_csv(group: Group):
    """All needs as CSV (UTF-8 with BOM, semicolons: opens as is in French spreadsheets).

    Names and contacts only for organizers who ask for them (`?personal=1`); a contact
    only while the need is followed up, under its author's live consent for that.
    """
    personal = request.args.get("personal") == "1" and g.viewer.is_organizer
    query = db.select(Need).filter_by(group_id=group.id).order_by(Need.number)
    query = query.where(Need.shown_to(g.viewer))
    # Streamed a batch at a time (`csv_response`): themes and merges come in the same
    # statement, never one query per need.
    query = query.options(joinedload(Need.theme), joinedload(Need.merged_into))
    query = query.execution_options(yield_per=BATCH)
    if personal:  # each batch's authors and consents in two more queries, not one per need
        query = query.options(selectinload(Need.person).selectinload(Person.consents))

    def rows():
        for need in db.session.scalars(query):
            yield csv_row(need, personal)

    columns = COLUMNS + (PERSONAL_COLUMNS if personal else ())
    return csv_response(columns, rows(), f"besoins-{group.slug}.csv")


@bp.get("/poster")
@group_view()
@in_site_language
def poster(group: Group):
    """A poster or flyer (A4 or A5) with a QR code and a short address to the need form.

    It speaks the site's language, not the language of whoever prints it.
    """
    size = "a5" if request.args.get("size") == "a5" else "a4"
    short = url_for("needs.short", slug=group.slug, _external=True)
    return render("needs/poster.html", group=group, size=size, short=short.split("://", 1)[-1])


@bp.get("/poster/qr.svg")
@group_view()
def poster_qr(group: Group):
    """The QR code of the need form's short address, as SVG (crisp at any print size)."""
    import segno  # loaded when a QR code is first drawn, not at start (memory)

    qr = segno.make(url_for("needs.short", slug=group.slug, _external=True), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=10, border=2, xmldecl=False, svgns=True, title="QR")
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response

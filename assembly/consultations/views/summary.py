"""The consultation's summary: its totals, and its paragraphs the most discussed first."""

from assembly.clock import local_today
from assembly.consultations.counts import (
    consultation_totals,
    most_discussed,
    paragraph_counts,
    summed,
)
from assembly.consultations.loading import load_consultation
from assembly.consultations.models import Paragraph
from assembly.consultations.views import bp
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.web.inputs import asked_page, page_count
from assembly.web.render import render

PER_PAGE = 30  # rows of the table: a page stays light on a basic phone

# {{ summed_counts(counts, ids) }}: a part's counts, on the consultation's page.
bp.add_app_template_global(summed, "summed_counts")


@bp.get("/<int:number>/summary")
@group_view()
def summary(group: Group, number: int):
    """Who took part and how, then the paragraphs by how much they were discussed
    (`?page=`), each with its counts and a link to it."""
    consultation = load_consultation(group, number)
    ranked = most_discussed(consultation.consulted.id)
    pages = page_count(len(ranked), PER_PAGE)
    page = asked_page(pages)
    shown = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    ids = [row.id for row in shown]
    bodies = dict(
        db.session.execute(db.select(Paragraph.id, Paragraph.body).where(Paragraph.id.in_(ids)))
        .tuples()
        .all()
    )
    return render(
        "consultations/summary.html",
        group=group,
        consultation=consultation,
        totals=consultation_totals(consultation.id),
        rows=shown,
        bodies=bodies,
        counts=paragraph_counts(ids),
        page=page,
        pages=pages,
        phase=consultation.phase(local_today()),
    )

"""What was said: the lexical analysis of the texts the visitor may read, and each term's
contributions."""

from flask import g, request

from assembly.clock import local_today
from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.insights import lexical
from assembly.insights.lexicon import SHARED_BY, Filters, reader_of, theme_names
from assembly.insights.models import ReportSettings
from assembly.insights.period import PRESETS, Period
from assembly.insights.views import bp, report_readers
from assembly.needs.models import Channel
from assembly.web.inputs import asked_page, page_count
from assembly.web.render import render

PER_PAGE = 20


def reading(group: Group):
    """What every page here starts from: the period, the filters, the reader and the
    group's own stop words."""
    themes = theme_names(group)
    return (
        Period.from_args(request.args, local_today()),
        Filters.from_args(request.args, themes),
        reader_of(group, g.viewer),
        ReportSettings.of(group.id).stop_words or "",
        themes,
    )


@bp.get("/words")
@group_view(shown=report_readers)
def words(group: Group):
    """The most frequent terms, the ones that go together, and what sets a part apart."""
    period, filters, reader, stop_words, themes = reading(group)
    snapshot = lexical.analysis(group, reader, period, filters, stop_words)
    return render(
        "insights/words.html",
        group=group,
        period=period,
        presets=PRESETS,
        filters=filters,
        query={**period.args(), **filters.args()},
        themes=themes,
        channels=[(channel.value, channel.label) for channel in Channel],
        reader=reader,
        data=snapshot.payload,
        computed_at=snapshot.computed_at,
        g2=lexical.G2_THRESHOLD,
        part_at_least=lexical.PART_AT_LEAST,
        shared_by=SHARED_BY,
    )


@bp.get("/words/<term>")
@group_view(shown=report_readers)
def term(group: Group, term: str):
    """The contributions that use a term, among those the visitor may read, newest first."""
    period, filters, reader, stop_words, themes = reading(group)
    found = lexical.uses(group, reader, period, filters, term, stop_words)
    pages = page_count(len(found or ()), PER_PAGE)
    page = asked_page(pages)
    return render(
        "insights/term.html",
        group=group,
        term=term,
        period=period,
        filters=filters,
        themes=themes,
        too_rare=found is None,
        total=len(found or ()),
        texts=(found or [])[(page - 1) * PER_PAGE : page * PER_PAGE],
        page=page,
        pages=pages,
        query={**period.args(), **filters.args()},
        shared_by=reader.shared_by,
    )

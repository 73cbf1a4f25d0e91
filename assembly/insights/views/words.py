"""What was said: the lexical analysis of the texts the visitor may read, and each term's
contributions."""

from assembly.groups.access import group_view
from assembly.groups.models import Group
from assembly.insights.views import bp, report_readers
from assembly.web.render import render


@bp.get("/words")
@group_view(shown=report_readers)
def words(group: Group):
    """The most frequent terms, the ones that go together, and what sets a part apart."""
    return render("insights/words.html", group=group)


@bp.get("/words/<term>")
@group_view(shown=report_readers)
def term(group: Group, term: str):
    """The contributions that use a term, among those the visitor may read."""
    return render("insights/term.html", group=group, term=term)

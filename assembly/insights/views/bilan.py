"""The bilan: the report as a printable page and an ODT, with the team's text."""

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.insights.views import bp, report_readers
from assembly.web.render import render


@bp.get("/bilan")
@group_view(shown=report_readers)
def bilan(group: Group):
    """The period's bilan, to print or hand over."""
    return render("insights/bilan.html", group=group)


@bp.post("/bilan")
@group_view(Role.FACILITATOR)
def save_bilan(group: Group):
    """Keep the team's text of the period's bilan."""
    return render("insights/bilan.html", group=group)


@bp.get("/bilan.odt")
@group_view(shown=report_readers)
def bilan_odt(group: Group):
    """The bilan as a text document the team can still edit."""
    return render("insights/bilan.html", group=group)

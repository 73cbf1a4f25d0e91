"""The report page for a period, and the team's "recompute now"."""

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from assembly.clock import local_today
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.insights import snapshots
from assembly.insights.period import PRESETS, Period
from assembly.insights.report import SECTIONS, figures
from assembly.insights.views import bp, report_readers
from assembly.web.render import render


def report_of(group: Group, period: Period):
    """The period's figures, from the kept snapshot while it is fresh."""
    return snapshots.kept(group, "report", period, lambda: figures(group, period))


@bp.get("")
@group_view(shown=report_readers)
def report(group: Group):
    """Who took part, what they did and what became of it, for the chosen period."""
    period = Period.from_args(request.args, local_today())
    snapshot = report_of(group, period)
    return render(
        "insights/report.html",
        group=group,
        period=period,
        presets=PRESETS,
        sections=SECTIONS,
        report=snapshot.payload,
        computed_at=snapshot.computed_at,
        team=g.viewer.is_team,
    )


@bp.post("/refresh")
@group_view(Role.FACILITATOR)
def refresh(group: Group):
    """Recompute the group's figures now instead of waiting for the kept ones to age."""
    snapshots.forget(group)
    flash(_("The figures are computed again from the records as they are now."))
    args = Period.from_args(request.form, local_today()).args()
    return redirect(url_for("insights.report", slug=group.slug, **args))

"""The report's pages: the figures, the words, the bilan, the open data and their settings."""

from datetime import date

from flask import Blueprint, g

from assembly.groups.access import NOBODY, Viewer
from assembly.groups.models import Group
from assembly.insights.contributions import ContributionKind
from assembly.insights.models import ReportSettings

bp = Blueprint("insights", __name__, url_prefix="/g/<slug>/report")
bp.add_app_template_global(ContributionKind, "ContributionKind")
# Payloads keep dates as ISO strings (JSON): "2026-03-02"|isodate|dateformat("MMM y").
bp.add_app_template_filter(date.fromisoformat, "isodate")


def report_readers(group: Group, viewer: Viewer) -> bool:
    """The one access rule of every reading page here: `ReportSettings.shown_to`."""
    return ReportSettings.of(group.id).shown_to(viewer)


@bp.app_template_global()
def report_shown(group: Group) -> bool:
    """Whether the visitor may open the group's report (the main menu links it then)."""
    return report_readers(group, getattr(g, "viewer", NOBODY))


import assembly.insights.sections  # noqa: E402, F401  (they register the report's parts)
from assembly.insights.views import bilan, data, report, words  # noqa: E402, F401

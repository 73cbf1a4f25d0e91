"""Open data: the anonymised export and its data package, and the report's settings."""

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.insights.views import bp, report_readers
from assembly.web.render import render


@bp.get("/data")
@group_view(shown=report_readers)
def data(group: Group):
    """What the open data holds, under which licence, and the download."""
    return render("insights/data.html", group=group)


@bp.get("/data.zip")
@group_view(shown=report_readers)
def data_zip(group: Group):
    """The CSV files and their `datapackage.json`, in one archive."""
    return render("insights/data.html", group=group)


@bp.route("/settings", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def settings(group: Group):
    """Whether the public reads the report; the open data's licence; the group's stop words."""
    return render("insights/settings.html", group=group)

"""Open data: the anonymised export and its data package, and the report's settings."""

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _

from assembly.clock import local_today
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.insights import datapackage, publishing
from assembly.insights.forms import ReportSettingsForm, stop_word_list
from assembly.insights.models import LICENCES, NO_RESALE, ReportSettings
from assembly.insights.views import bp, report_readers
from assembly.web.render import form_status, render


@bp.get("/data")
@group_view(shown=report_readers)
def data(group: Group):
    """What the open data holds, under which licence, and the download."""
    settings = ReportSettings.of(group.id)
    return render(
        "insights/data.html",
        group=group,
        period=None,
        tables=datapackage.TABLES,
        licence=datapackage.licence_of(settings),
        no_resale=NO_RESALE if settings.no_resale else None,
    )


@bp.get("/data.zip")
@group_view(shown=report_readers)
def data_zip(group: Group):
    """The CSV files and their `datapackage.json`, in one archive."""
    today = local_today()
    archive = datapackage.write_archive(group, ReportSettings.of(group.id), today)
    name = f"{group.slug}-open-data-{today.isoformat()}.zip"
    response = Response(
        datapackage.read_out(archive),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    response.call_on_close(archive.close)
    return response


def settings_page(group: Group, form: ReportSettingsForm):
    return render(
        "insights/settings.html",
        status=form_status(form),
        group=group,
        period=None,
        form=form,
        licences=LICENCES,
    )


@bp.route("/settings", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def settings(group: Group):
    """Whether the public reads the report; the open data's licence; the group's stop words."""
    saved = ReportSettings.of(group.id)
    form = ReportSettingsForm(obj=saved)
    if not form.validate_on_submit():
        return settings_page(group, form)
    publishing.save_settings(
        group,
        public=form.public.data,
        licence=form.licence.data,
        no_resale=form.no_resale.data,
        stop_words=stop_word_list(form.stop_words.data or ""),
    )
    flash(_("The report's settings are saved."))
    return redirect(url_for("insights.settings", slug=group.slug))

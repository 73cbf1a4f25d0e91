"""The bilan: the report as a printable page and an ODT, with the team's text."""

from flask import g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from assembly.clock import local_today
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.insights import bilans
from assembly.insights.forms import BilanForm
from assembly.insights.period import PRESETS, Period
from assembly.insights.views import bp, report_readers
from assembly.insights.views.report import report_of
from assembly.web.odt import odt_download, odt_filename
from assembly.web.render import render


def _bilan(group: Group, period: Period) -> tuple[dict, str, bool]:
    """The period's figures, the text to show (the team's, else the generated one), and
    whether that text is the team's."""
    figures = report_of(group, period).payload
    saved = bilans.saved_bilan(group, period)
    if saved is not None and saved.text:
        return figures, saved.text, True
    return figures, bilans.generated_text(figures, period), False


def _page(group: Group, period: Period, form: BilanForm | None = None, status: int = 200):
    figures, text, edited = _bilan(group, period)
    if form is None and g.viewer.is_team:
        form = BilanForm(data={"text": text})
    return render(
        "insights/bilan.html",
        status=status,
        group=group,
        period=period,
        presets=PRESETS,
        key_figures=bilans.key_figures(figures),
        text=text,
        edited=edited,
        form=form if g.viewer.is_team else None,
    )


@bp.get("/bilan")
@group_view(shown=report_readers)
def bilan(group: Group):
    """The period's bilan, to print or hand over."""
    return _page(group, Period.from_args(request.args, local_today()))


@bp.post("/bilan")
@group_view(Role.FACILITATOR)
def save_bilan(group: Group):
    """Keep the team's text of the period's bilan, or go back to the generated one."""
    period = Period.from_args(request.form, local_today())
    back = url_for("insights.bilan", slug=group.slug, **period.args())
    form = BilanForm()
    if request.form.get("restart"):
        bilans.forget_bilan(group, period)
        return redirect(back)
    if not form.validate_on_submit():
        return _page(group, period, form, status=400)
    bilans.save_bilan(group, period, form.text.data, by=current_user)
    return redirect(back)


@bp.get("/bilan.odt")
@group_view(shown=report_readers)
def bilan_odt(group: Group):
    """The bilan as a text document the team can still edit."""
    period = Period.from_args(request.args, local_today())
    figures, text, _edited = _bilan(group, period)
    from assembly.insights.odt import bilan_odt_bytes  # odfdo, loaded when used

    data = bilan_odt_bytes(group, period, text, figures)
    name = odt_filename(
        _("summary"),
        group.name,
        format_date(period.start, "yyyy-MM"),
        format_date(period.end, "yyyy-MM"),
    )
    return odt_download(data, name)

"""Whether the group publishes its report, and on which terms it hands out its open data."""

from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights import snapshots
from assembly.insights.events import REPORT_SETTINGS_CHANGED
from assembly.insights.models import LICENCES, ReportSettings
from assembly.trace.operations import record


def save_settings(
    group: Group, *, public: bool, licence: str, no_resale: bool, stop_words: list[str]
) -> ReportSettings:
    """Keep the group's report settings, made on their first save, and journal them.

    The kept figures are forgotten when the stop words change: the words the analysis
    counted are no longer the ones it would count.
    """
    if licence not in LICENCES:
        raise ValueError(licence)
    hold(Group, group.id)  # two saves at once: the second finds the first's row
    settings = db.session.get(ReportSettings, group.id)
    if settings is None:
        settings = ReportSettings(group_id=group.id, stop_words="")
        db.session.add(settings)
    words = "\n".join(stop_words)
    words_changed = words != (settings.stop_words or "")
    settings.public, settings.licence, settings.no_resale = public, licence, no_resale
    settings.stop_words = words
    record(
        REPORT_SETTINGS_CHANGED,
        group,
        group_id=group.id,
        public=public,
        licence=licence,
        no_resale=no_resale,
        stop_words=len(stop_words),
    )
    if words_changed:
        snapshots.forget(group)  # commits the settings with it
    else:
        db.session.commit()
    return settings

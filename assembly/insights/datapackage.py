"""The open data as one archive: a CSV file per table and the Frictionless
`datapackage.json` that says what each column is, under which licence.

The archive is written to a temporary file that stays in memory while small and goes
to disk past a few megabytes; each CSV file is written row by row as the rows are read
(`opendata`), so a group of a hundred thousand needs is one pass, never the whole
export held in several copies.
"""

import io
import json
import tempfile
import zipfile
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assembly.clock import utcnow
from assembly.groups.models import Group
from assembly.insights import opendata
from assembly.insights.models import LICENCES, NO_RESALE, ReportSettings
from assembly.insights.opendata import Field, Table
from assembly.web.spreadsheet import write_csv

IN_MEMORY = 4 * 1024 * 1024  # bytes of archive kept in memory before it goes to disk
NUMBER = Field("number", "integer", _l("The need's public number (B-12 is 12)."))

TABLES = (
    Table(
        "needs",
        _l("Needs"),
        _l("Every need voiced to the group but spam. No author, contact or place."),
        (
            NUMBER,
            Field("theme", "string", _l("The theme the group filed it under.")),
            Field(
                "channel",
                "string",
                _l("How it reached the group: web, door, meeting, paper, phone."),
            ),
            Field(
                "status",
                "string",
                _l("Where it stands: new, acknowledged, taken_up, resolved, declined."),
            ),
            Field(
                "published", "boolean", _l("Whether the public reads it (approved by the team).")
            ),
            Field(
                "merged_into", "integer", _l("The number of the need it was grouped with, if any.")
            ),
            Field("created_month", "yearmonth", _l("The month it was voiced.")),
            Field("supports", "integer", _l("People who support it, online and counted off-line.")),
            Field("title", "string", _l("Its title, only when the public reads it.")),
            Field("body", "string", _l("Its text, only when the public reads it.")),
        ),
        opendata.need_rows,
    ),
    Table(
        "supports",
        _l("Supports"),
        _l("How many people support each need, by channel: counts, never a row per person."),
        (
            NUMBER,
            Field("channel", "string", _l("How the supports were gathered.")),
            Field("supports", "integer", _l("How many people.")),
        ),
        opendata.support_rows,
    ),
    Table(
        "meetings",
        _l("Meetings"),
        _l("The group's meetings and how many came; counts under 5 people are left empty."),
        (
            Field("id", "integer", _l("The meeting's number, as in its address.")),
            Field("date", "date", _l("The day it was held or planned.")),
            Field("kind", "string", _l("assembly, neighbourhood, workshop, action or other.")),
            Field("state", "string", _l("planned, live, closed or cancelled.")),
            Field("public", "boolean", _l("Whether the public was invited.")),
            Field("attendance", "integer", _l("People present (empty under 5).")),
            Field(
                "first_timers", "integer", _l("People at their first meeting (empty from 1 to 4).")
            ),
        ),
        opendata.meeting_rows,
    ),
    Table(
        "decisions",
        _l("Decisions"),
        _l("Decisions and their results; the question and the result only when they are public."),
        (
            Field("id", "integer", _l("The decision's number, as in its address.")),
            Field("meeting_id", "integer", _l("The meeting where it was taken (empty online).")),
            Field("closed_on", "date", _l("The day the vote closed.")),
            Field("method", "string", _l("hands, ballot, consent or judgment.")),
            Field("status", "string", _l("draft, open or closed.")),
            Field("outcome", "string", _l("adopted, rejected, chosen, tied, to_vote or void.")),
            Field("public", "boolean", _l("Whether the public reads it.")),
            Field("question", "string", _l("The question put, when public.")),
            Field("result", "string", _l("The option ranked first, when public.")),
            Field("ballots", "integer", _l("Votes cast.")),
            Field("yes", "integer", _l("Votes for.")),
            Field("no", "integer", _l("Votes against.")),
            Field("abstain", "integer", _l("Abstentions.")),
        ),
        opendata.decision_rows,
    ),
    Table(
        "tasks",
        _l("Tasks"),
        _l("What the group set itself to do: no text, no name."),
        (
            Field("id", "integer", _l("The task's number.")),
            Field("created_month", "yearmonth", _l("The month it was set.")),
            Field("due_month", "yearmonth", _l("The month it was due, if a date was set.")),
            Field("done", "boolean", _l("Whether it was done.")),
            Field("status", "string", _l("done, late or open.")),
            Field("meeting_id", "integer", _l("The meeting that set it, if any.")),
        ),
        opendata.task_rows,
    ),
    Table(
        "campaigns",
        _l("Campaigns"),
        _l("The group's campaigns; the title only of those the public reads."),
        (
            Field("id", "integer", _l("The campaign's number, as in its address.")),
            Field("title", "string", _l("Its title, when public.")),
            Field("stage", "string", _l("candidate, active, won, partly_won, lost or dropped.")),
            Field("public", "boolean", _l("Whether the public reads it.")),
            Field("created_on", "date", _l("The day it was proposed.")),
            Field("started_on", "date", _l("The day it got under way.")),
            Field("ended_on", "date", _l("The day it ended.")),
        ),
        opendata.campaign_rows,
    ),
    Table(
        "commitments",
        _l("Commitments"),
        _l("What the targets of the public campaigns promised, and whether it was kept."),
        (
            Field("id", "integer", _l("The commitment's number.")),
            Field("campaign_id", "integer", _l("The campaign it belongs to.")),
            Field("state", "string", _l("pending, kept, late or broken.")),
            Field("due_on", "date", _l("The day it was promised by.")),
            Field("created_on", "date", _l("The day it was recorded.")),
        ),
        opendata.commitment_rows,
    ),
    Table(
        "consultations",
        _l("Consultations"),
        _l(
            "Each paragraph of the texts the group put to the public: what was said of it, "
            "as its page shows everyone, never the words of a contribution nor who wrote it."
        ),
        (
            Field("consultation", "integer", _l("The consultation's number, as in its address.")),
            Field("title", "string", _l("The consultation's title.")),
            Field("stage", "string", _l("open, or final once the final text is published.")),
            Field(
                "paragraph",
                "integer",
                _l("The paragraph's place in the text consulted, headings aside (1, 2, 3…)."),
            ),
            Field("supports", "integer", _l("People who agreed with the paragraph.")),
            Field("oppositions", "integer", _l("People who disagreed with it.")),
            Field("comments", "integer", _l("Comments for, against, or questions, approved.")),
            Field("amendments", "integer", _l("Amendments proposed, approved.")),
            Field(
                "contributors",
                "integer",
                _l("Different people who took a position, commented, amended or supported."),
            ),
            Field(
                "changed",
                "boolean",
                _l("Whether the final text changed it (empty until it is published)."),
            ),
        ),
        opendata.consultation_rows,
    ),
)


def licence_of(settings: ReportSettings) -> dict:
    """The licence as a data package names it: its SPDX key, its text's address, its title."""
    title, path = LICENCES.get(settings.licence, LICENCES["ODbL-1.0"])
    return {"name": settings.licence, "path": path, "title": title}


def descriptor(group: Group, settings: ReportSettings, today: date) -> dict:
    """The `datapackage.json` of the group's export (Frictionless Data Package v1)."""
    description = _(
        "Anonymised open data of %(group)s, exported on %(day)s: no name, contact or place;"
        " free text only where the public already reads it; counts of fewer than 5 people"
        " left empty.",
        group=group.name,
        day=today.isoformat(),
    )
    if settings.no_resale:
        description += " " + str(NO_RESALE)
    return {
        "profile": "tabular-data-package",
        "name": f"assemblee-{group.slug}",
        "title": _("Open data of %(group)s", group=group.name),
        "description": description,
        "created": utcnow().replace(microsecond=0).isoformat() + "Z",
        "licenses": [licence_of(settings)],
        "resources": [
            {
                "name": table.name,
                "title": str(table.title),
                "description": str(table.description),
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ";"},
                "schema": {
                    "fields": [
                        {"name": f.name, "type": f.type, "description": str(f.description)}
                        for f in table.fields
                    ]
                },
            }
            for table in TABLES
        ],
    }


def write_archive(group: Group, settings: ReportSettings, today: date):
    """The export as a zip, in a temporary file rewound for reading (the caller sends it)."""
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (sent, then closed)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for table in TABLES:
            with zipped.open(table.path, "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                write_csv(text, [f.name for f in table.fields], table.rows(group, today))
                text.flush()
                text.detach()
        package = json.dumps(descriptor(group, settings, today), ensure_ascii=False, indent=2)
        zipped.writestr("datapackage.json", package)
    archive.seek(0)
    return archive


def read_out(archive, size: int = 64 * 1024):
    """The archive's bytes, a block at a time, then the file closed."""
    try:
        while block := archive.read(size):
            yield block
    finally:
        archive.close()

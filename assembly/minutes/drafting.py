"""The draft of the minutes, written by the app from what the meeting recorded.

People appear by name only when they agreed to (`named_in_minutes`); everyone else
is counted. Decisions give counts, never voters. The text is Markdown in the
language of whoever asks for the draft (French by default), from the template
templates/minutes/draft.md.html.
"""

import re
from dataclasses import dataclass, field

from flask import render_template
from flask_babel import lazy_gettext as _l

from assembly.decisions.models import Decision, DecisionOutcome
from assembly.extensions import db
from assembly.meetings.models import Answer, Attendance, Meeting, Rsvp
from assembly.meetings.operations.report import observer_report
from assembly.tasks.operations import followed_up_at, tasks_of_meeting

# The outcome as a sentence of the minutes (the decision pages say it shorter: `.label`).
OUTCOME_SENTENCES = {
    DecisionOutcome.ADOPTED: _l("Adopted."),
    DecisionOutcome.REJECTED: _l("Not adopted."),
    DecisionOutcome.CHOSEN: _l("An option was chosen."),
    DecisionOutcome.TIED: _l("Tied: nothing was decided."),
    DecisionOutcome.TO_VOTE: _l("Sent to a vote."),
    DecisionOutcome.VOID: _l("Nobody voted."),
}


@dataclass
class Named:
    """People counted, with the names of those who agreed to appear."""

    count: int = 0
    names: list[str] = field(default_factory=list)

    @property
    def others(self) -> int:
        return self.count - len(self.names)


def _named(people: list[tuple[str, bool]]) -> Named:
    """Count everyone; keep the names of those who agreed to appear."""
    names = sorted((name for name, agreed in people if agreed), key=str.casefold)
    return Named(count=len(people), names=names)


def presence(meeting: Meeting) -> Named:
    """Everyone signed in (two residents may share a first name: each row is a person),
    but for the duplicates the team struck."""
    rows = db.session.scalars(
        db.select(Attendance).filter_by(meeting_id=meeting.id).where(Attendance.counted())
    )
    return _named([(a.name.strip(), a.named_in_minutes) for a in rows])


def apologies(meeting: Meeting) -> Named:
    """Who answered "no", once each (by account, else by name), unless they came after all."""
    present = list(db.session.scalars(db.select(Attendance).filter_by(meeting_id=meeting.id)))
    came = {a.user_id for a in present if a.user_id} | {a.name.strip().casefold() for a in present}
    answers = db.session.scalars(
        db.select(Rsvp).filter_by(meeting_id=meeting.id, answer=Answer.NO).order_by(Rsvp.id)
    )
    excused: dict[object, tuple[str, bool]] = {}
    for rsvp in answers:
        key = rsvp.user_id or rsvp.name.strip().casefold()
        if key not in came:
            name, agreed = excused.get(key, (rsvp.name.strip(), False))
            excused[key] = (name, agreed or rsvp.named_in_minutes)
    return _named(list(excused.values()))


def decisions_by_item(meeting: Meeting) -> tuple[dict[int | None, list[Decision]], int]:
    """The meeting's decisions under their agenda item (None holds those of no item), and
    how many were left out: members-only decisions stay out of a public meeting's minutes."""
    item_ids = {item.id for item in meeting.items}
    found: dict[int | None, list[Decision]] = {}
    left_out = 0
    query = db.select(Decision).filter_by(meeting_id=meeting.id).order_by(Decision.id)
    for decision in db.session.scalars(query):
        if meeting.public and not decision.public:
            left_out += 1
            continue
        key = decision.item_id if decision.item_id in item_ids else None
        found.setdefault(key, []).append(decision)
    return found, left_out


def draft_minutes(meeting: Meeting) -> str:
    """The minutes as the app drafts them (Markdown). Reads only; writes nothing."""
    decisions, left_out = decisions_by_item(meeting)
    text = render_template(
        "minutes/draft.md.html",
        meeting=meeting,
        present=presence(meeting),
        excused=apologies(meeting),
        follow_up=followed_up_at(meeting),
        decisions=decisions,
        members_only_decisions=left_out,
        tasks=tasks_of_meeting(meeting),
        report=observer_report(meeting),
        outcomes=OUTCOME_SENTENCES,
    )
    lines = [line if line.strip() else "" for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"

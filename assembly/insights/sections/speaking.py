"""The report's section: speaking — who took the floor across the period's meetings.

How much each speaker spoke (turns, minutes), how concentrated speaking time was
(the top 10 %'s share and the Gini coefficient, from 5 speakers on), and the shares
of presence, turns and time of first-timers and regulars, by self-described gender and
by age bracket — computed by the meetings' own `shares`, as each meeting's observer's
report is. A line that stands for fewer than 5 people present is hidden whole (its
shares too), and so is the next smallest when it would be the only one hidden.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights import presence
from assembly.insights.figures import SMALL, gini, median, suppress, top_share
from assembly.insights.period import Period
from assembly.insights.report import section
from assembly.meetings.models import AgeBracket, Attendance, Gender, Meeting, SpeakerTurn
from assembly.meetings.operations.report import shares, spoken_seconds, turns_until, who

NEWNESS = ("first", "regular", "unknown")
# How long people spoke in the period, in minutes: [from, to) bands of speakers.
BANDS = ((0, 1), (1, 5), (5, 15), (15, None))


def turns(group: Group, period: Period) -> list[Any]:
    """The turns given in the period's held meetings, with the speaker's self-description
    and their meeting's end (a turn left running counts until then)."""
    return db.session.execute(
        db.select(
            Attendance.id,
            Attendance.person_id,
            Attendance.user_id,
            Attendance.gender,
            Attendance.age_bracket,
            SpeakerTurn.started_at,
            SpeakerTurn.ended_at.label("turn_ended_at"),
            Meeting.state,
            Meeting.ended_at,
        )
        .join(Attendance, Attendance.id == SpeakerTurn.attendance_id)
        .join(Meeting, Meeting.id == SpeakerTurn.meeting_id)
        .where(
            presence.held(group),
            presence.in_period(period),
            SpeakerTurn.started_at.is_not(None),
        )
    ).all()


def breakdown(keys: Iterable[str], present, spoken) -> list[dict]:
    """The meetings' shares for `keys`, each line hidden when it stands for 1–4 people."""
    lines = shares(keys, present, spoken)
    cells = suppress({line.key: (line.people, line.people) for line in lines})
    return [
        {
            "key": line.key,
            "people": cells[line.key].as_dict()["value"],
            **{
                name: getattr(line, name) if cells[line.key].shown else None
                for name in ("present", "turns", "time")
            },
        }
        for line in lines
    ]


def bands(minutes: list[float]) -> list[dict]:
    """How many speakers spoke how long, each band a cell of people."""
    counts = {
        low: sum(1 for m in minutes if m >= low and (high is None or m < high))
        for low, high in BANDS
    }
    cells = suppress({low: (count, count) for low, count in counts.items()})
    return [
        {"low": low, "high": high, "value": cells[low].as_dict()["value"]} for low, high in BANDS
    ]


@section("speaking", "insights/_speaking.html", order=40)
def speaking(group: Group, period: Period) -> dict:
    now = utcnow()
    attended = presence.attendances(group)
    newness = presence.newness(attended)
    attended = [row for row in attended if period.contains(row.starts_at)]
    given = turns(group, period)
    seconds = [spoken_seconds(t.started_at, t.turn_ended_at, turns_until(t, now)) for t in given]
    per_speaker: dict[Hashable, list[int]] = defaultdict(lambda: [0, 0])
    for turn, length in zip(given, seconds, strict=True):
        per_speaker[who(turn)][0] += length
        per_speaker[who(turn)][1] += 1
    minutes = [spoke / 60 for spoke, _ in per_speaker.values()]
    enough = len(per_speaker) >= SMALL

    def gender(row) -> str:
        return row.gender or "unknown"

    def age(row) -> str:
        return row.age_bracket or "unknown"

    def new(row) -> str:
        return newness.get(row.id, "unknown")

    def by(key, keys) -> list[dict]:
        present = [(key(row), who(row)) for row in attended]
        return breakdown(keys, present, [(key(t), s) for t, s in zip(given, seconds, strict=True)])

    return {
        "speakers": len(per_speaker) if enough or not per_speaker else None,
        "turns": len(given),
        "minutes": round(sum(seconds) / 60, 1),
        "median_minutes": round(median(minutes), 1) if enough else None,
        "turns_per_speaker": round(len(given) / len(per_speaker), 1) if enough else None,
        "top10_share": top_share(minutes, 0.10) if enough else None,
        "gini": gini(minutes) if enough else None,
        "bands": bands(minutes),
        "by_newness": by(new, NEWNESS),
        "by_gender": by(gender, (*[g.value for g in Gender], "unknown")),
        "by_age": by(age, (*[a.value for a in AgeBracket], "unknown")),
    }

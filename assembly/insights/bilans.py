"""The bilan's text: written from the report's figures, then the team's to edit.

`generated_text` turns a period's figures into a few sentences in the reader's language
("Entre janvier et juin 2026, 214 personnes ont contribué, dont 61 % pour la première
fois…"). A sentence whose figure is hidden (fewer than five people) or zero is left out,
and so is one whose section the report does not hold. The team may save its own text for
the period (`save_bilan`), which the page and the ODT then read instead; a saved bilan
is the team's document about the figures, not a contribution: it keeps who saved it and
when, and writes nothing to the journal.
"""

from babel.lists import format_list
from flask_babel import format_date, format_number, format_percent, get_locale, ngettext
from flask_babel import gettext as _

from assembly.auth.models import User
from assembly.database import hold
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.insights.models import Bilan
from assembly.insights.period import Period


def _when(period: Period) -> str:
    """The period in words, to open a sentence: "Between January and June 2026" (the year
    once when both months are in the same year), or "In March 2026" for a single month."""
    end = format_date(period.end, "MMMM y")
    if (period.start.year, period.start.month) == (period.end.year, period.end.month):
        return _("In %(month)s", month=end)
    same_year = period.start.year == period.end.year
    start = format_date(period.start, "MMMM" if same_year else "MMMM y")
    return _("Between %(start)s and %(end)s", start=start, end=end)


def _contributors(figures: dict, period: Period) -> list[str]:
    people = figures.get("contributors", {})
    total = figures.get("contributions", {}).get("total")
    distinct, new_share = people.get("distinct"), people.get("new_share")
    when = _when(period)
    sentences = []
    if distinct and new_share:
        sentences.append(
            ngettext(
                "%(when)s, %(count)s person contributed, %(share)s of them for the first time.",
                "%(when)s, %(count)s people contributed, %(share)s of them for the first time.",
                distinct,
                count=format_number(distinct),
                share=format_percent(new_share),
                when=when,
            )
        )
    elif distinct:
        sentences.append(
            ngettext(
                "%(when)s, %(count)s person contributed.",
                "%(when)s, %(count)s people contributed.",
                distinct,
                count=format_number(distinct),
                when=when,
            )
        )
    if total and sentences:
        sentences.append(
            ngettext(
                "The group received %(count)s contribution.",
                "The group received %(count)s contributions.",
                total,
                count=format_number(total),
            )
        )
    elif total:
        sentences.append(
            ngettext(
                "%(when)s, the group received %(count)s contribution.",
                "%(when)s, the group received %(count)s contributions.",
                total,
                count=format_number(total),
                when=when,
            )
        )
    if not sentences:
        sentences.append(_("%(when)s: no figure to tell yet.", when=when))
    if people.get("top10_share"):
        sentences.append(
            _(
                "The most active tenth of the contributors made %(share)s of the contributions.",
                share=format_percent(people["top10_share"]),
            )
        )
    return sentences


def _meetings(figures: dict) -> list[str]:
    found, sentences = figures.get("meetings", {}), []
    if found.get("meetings"):
        sentences.append(
            ngettext(
                "The group held %(count)s meeting.",
                "The group held %(count)s meetings.",
                found["meetings"],
                count=format_number(found["meetings"]),
            )
        )
    if found.get("distinct") and found.get("first_timers"):
        sentences.append(
            ngettext(
                "%(count)s person came to them, %(first)s of them for the first time.",
                "%(count)s people came to them, %(first)s of them for the first time.",
                found["distinct"],
                count=format_number(found["distinct"]),
                first=format_number(found["first_timers"]),
            )
        )
    elif found.get("distinct"):
        sentences.append(
            ngettext(
                "%(count)s person came to them.",
                "%(count)s people came to them.",
                found["distinct"],
                count=format_number(found["distinct"]),
            )
        )
    if found.get("came_back_share"):
        sentences.append(
            _(
                "%(share)s of the newcomers came back.",
                share=format_percent(found["came_back_share"]),
            )
        )
    speaking = figures.get("speaking", {})
    if speaking.get("speakers"):
        sentences.append(
            ngettext(
                "%(count)s person took the floor.",
                "%(count)s people took the floor.",
                speaking["speakers"],
                count=format_number(speaking["speakers"]),
            )
        )
    if speaking.get("top10_share"):
        sentences.append(
            _(
                "The tenth who spoke most had %(share)s of the speaking time.",
                share=format_percent(speaking["top10_share"]),
            )
        )
    return sentences


def _funnel(figures: dict) -> list[str]:
    found = figures.get("funnel", {})
    raised = found.get("raised")
    if not raised:
        return []
    clauses = {
        "discussed": lambda num: ngettext(
            "%(count)s was discussed at a meeting",
            "%(count)s were discussed at a meeting",
            num,
            count=format_number(num),
        ),
        "decided": lambda num: ngettext(
            "%(count)s was decided on", "%(count)s were decided on", num, count=format_number(num)
        ),
        "acted": lambda num: ngettext(
            "%(count)s was acted on", "%(count)s were acted on", num, count=format_number(num)
        ),
        "resolved": lambda num: ngettext(
            "%(count)s was resolved", "%(count)s were resolved", num, count=format_number(num)
        ),
    }
    told = [clause(found[stage]) for stage, clause in clauses.items() if found.get(stage)]
    opening = ngettext(
        "%(count)s need was raised",
        "%(count)s needs were raised",
        raised,
        count=format_number(raised),
    )
    sentences = [
        _("%(raised)s; %(what)s.", raised=opening, what=format_list(told, locale=get_locale()))
        if told
        else _("%(raised)s.", raised=opening)
    ]
    if found.get("median_days") is not None and found.get("resolved"):
        days = round(found["median_days"])
        sentences.append(
            ngettext(
                "Half of the resolved needs were resolved within %(count)s day.",
                "Half of the resolved needs were resolved within %(count)s days.",
                days,
                count=format_number(days),
            )
        )
    return sentences


def _campaigns(figures: dict) -> list[str]:
    found, sentences = figures.get("campaigns", {}), []
    if found.get("campaigns"):
        sentences.append(
            ngettext(
                "%(count)s campaign was under way.",
                "%(count)s campaigns were under way.",
                found["campaigns"],
                count=format_number(found["campaigns"]),
            )
        )
    if found.get("won") or found.get("partly_won"):
        won = (found.get("won") or 0) + (found.get("partly_won") or 0)
        sentences.append(
            ngettext(
                "%(count)s was won, fully or in part.",
                "%(count)s were won, fully or in part.",
                won,
                count=format_number(won),
            )
        )
    if found.get("commitments"):
        sentences.append(
            ngettext(
                "The targets made %(count)s commitment.",
                "The targets made %(count)s commitments.",
                found["commitments"],
                count=format_number(found["commitments"]),
            )
        )
        kept = found.get("kept") or 0
        sentences.append(
            ngettext(
                "%(count)s is kept so far.",
                "%(count)s are kept so far.",
                kept,
                count=format_number(kept),
            )
            if kept
            else _("None is kept yet.")
        )
    return sentences


def generated_text(figures: dict, period: Period) -> str:
    """The bilan's opening text from the period's figures, one paragraph per part."""
    parts = [
        _contributors(figures, period),
        _meetings(figures),
        _funnel(figures),
        _campaigns(figures),
    ]
    return "\n\n".join(" ".join(sentences) for sentences in parts if sentences)


def saved_bilan(group: Group, period: Period) -> Bilan | None:
    """The team's text for exactly this period, if it saved one."""
    return db.session.scalar(
        db.select(Bilan).filter_by(group_id=group.id, starts_on=period.start, ends_on=period.end)
    )


def save_bilan(group: Group, period: Period, text: str, *, by: User) -> Bilan:
    """Keep the team's text for the period (the last save wins)."""
    hold(Group, group.id)  # two saves at once: one after the other, not two rows
    bilan = saved_bilan(group, period)
    if bilan is None:
        bilan = Bilan(group_id=group.id, starts_on=period.start, ends_on=period.end)
        db.session.add(bilan)
    bilan.text, bilan.updated_by_id = text.strip(), by.id
    db.session.commit()
    return bilan


def forget_bilan(group: Group, period: Period) -> None:
    """Drop the team's text: the page goes back to the generated one."""
    db.session.execute(
        db.delete(Bilan).where(
            Bilan.group_id == group.id,
            Bilan.starts_on == period.start,
            Bilan.ends_on == period.end,
        )
    )
    db.session.commit()


def _count(value) -> str:
    return "< 5" if value is None else format_number(value)


def _rate(value) -> str:
    return "–" if value is None else format_percent(value)


def key_figures(figures: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The bilan's tables, for its page and its ODT alike: (title, [(label, value)]) per
    part the report holds, each figure formatted ("< 5" when hidden)."""
    people, meetings = figures.get("contributors", {}), figures.get("meetings", {})
    funnel, campaigns = figures.get("funnel", {}), figures.get("campaigns", {})
    rates = funnel.get("rates", {})
    tables = [
        (
            _("Participation"),
            [
                (_("Contributions"), _count, figures.get("contributions", {}).get("total", ...)),
                (_("People who contributed"), _count, people.get("distinct", ...)),
                (_("Of them, for the first time"), _rate, people.get("new_share", ...)),
                (_("Share of the most active tenth"), _rate, people.get("top10_share", ...)),
                (_("Meetings"), _count, meetings.get("meetings", ...)),
                (_("People at meetings"), _count, meetings.get("distinct", ...)),
                (_("First-timers at meetings"), _count, meetings.get("first_timers", ...)),
            ],
        ),
        (
            _("What became of the needs"),
            [
                (_("Needs raised"), _count, funnel.get("raised", ...)),
                (_("Discussed at a meeting"), _count, funnel.get("discussed", ...)),
                (_("Decided"), _count, funnel.get("decided", ...)),
                (_("Acted on"), _count, funnel.get("acted", ...)),
                (_("Resolved"), _count, funnel.get("resolved", ...)),
                (_("Share resolved"), _rate, rates.get("resolved", ...)),
                (_("Grouped with another need"), _count, funnel.get("merged", ...)),
                (_("Declined"), _count, funnel.get("declined", ...)),
            ],
        ),
        (
            _("Campaigns"),
            [
                (_("Campaigns under way or ended"), _count, campaigns.get("campaigns", ...)),
                (_("Won"), _count, campaigns.get("won", ...)),
                (_("Partly won"), _count, campaigns.get("partly_won", ...)),
                (_("Lost"), _count, campaigns.get("lost", ...)),
                (_("Demands made"), _count, campaigns.get("demands", ...)),
                (_("Commitments obtained"), _count, campaigns.get("commitments", ...)),
                (_("Commitments kept"), _count, campaigns.get("kept", ...)),
                (_("Commitments late"), _count, campaigns.get("late", ...)),
                (_("Commitments broken"), _count, campaigns.get("broken", ...)),
            ],
        ),
    ]
    # `...`: the section is not in the report (not written, or left out): no row at all.
    found = []
    for title, rows in tables:
        shown = [(label, show(value)) for label, show, value in rows if value is not ...]
        if shown:
            found.append((title, shown))
    return found

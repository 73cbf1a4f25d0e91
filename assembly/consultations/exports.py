"""The consultation leaving the site: the document to print or hand over (the text, then
what was said of it and answered), and the contributions as a spreadsheet for the team.

The document is the final text once the team has published it, else the text put to the
residents, titled so: a final text still being written is the team's draft, nobody's
to print. Printed from the site it comes in pages that each stay light on a basic phone
(`pages`); the ODT holds it whole.
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import format_date, format_percent, to_user_timezone
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from assembly.consultations import synthesis
from assembly.consultations.models import (
    Consultation,
    Contribution,
    ContributionType,
    Endorsement,
    Paragraph,
)
from assembly.consultations.synthesis import Outcome, Rate
from assembly.extensions import db
from assembly.groups.models import Group
from assembly.web.spreadsheet import BATCH

# What one printed page of the site holds at most, in characters of text, markup and
# labels counted in as a fixed cost per piece: 24,000 characters of French prose weigh
# about 9 KB once compressed, 11 KB with the page's frame, under the 14 KB budget.
PAGE_WEIGHT = 24_000
PIECE_COST = 120  # a paragraph's markup and title
CONTRIBUTION_COST = 260  # a contribution's markup and labels


@dataclass(frozen=True)
class Document:
    """What the print page and the ODT say, in order."""

    consultation: Consultation
    final: bool  # the final text (published), else the text put to the residents
    text: list[Paragraph]  # its headings and paragraphs, those the team took out left out
    said: list[Outcome]  # the paragraphs with something to tell, each after its heading
    rate: Rate | None  # the share of contributions that changed the text, once final


def document(consultation: Consultation) -> Document:
    """The consultation's document: its text, then paragraph by paragraph what was said
    of it, answered and changed."""
    final = consultation.published_final is not None  # never the team's draft
    if final:
        outcomes = synthesis.outcomes(consultation)
        text = [o.final for o in outcomes if not o.final.removed]
    else:
        said = synthesis.said_on(consultation)
        text = consultation.consulted.paragraphs
        outcomes = [Outcome(p, None, said.get(p.id, [])) for p in text]
    return Document(
        consultation=consultation,
        final=final,
        text=text,
        said=told(outcomes),
        rate=synthesis.rate(consultation) if final else None,
    )


def told(outcomes: list[Outcome]) -> list[Outcome]:
    """The paragraphs that were discussed or changed, each section's heading before the
    first of them; the others need no word in the account."""
    shown: list[Outcome] = []
    heading: Outcome | None = None
    for outcome in outcomes:
        if outcome.heading:
            heading = outcome
        elif outcome.contributions or outcome.changed:
            if heading is not None:
                shown.append(heading)
                heading = None
            shown.append(outcome)
    return shown


def shown_heading(outcome: Outcome) -> Paragraph:
    """A section's heading in the account: the final one, else the one consulted."""
    if outcome.final is not None and not outcome.final.removed:
        return outcome.final
    return outcome.original


def status(outcome: Outcome) -> str:
    """What became of a paragraph: "added", "removed", "changed" or "same" in the final
    text; "" before it."""
    if outcome.final is None:
        return ""
    if outcome.original is None:
        return "added"
    if outcome.final.removed:
        return "removed"
    return "changed" if outcome.changed else "same"


def about(group: Group, doc: Document) -> list[str]:
    """The lines under the title: who consulted, when, and which text this is."""
    consultation = doc.consultation
    lines = [
        group.name,
        _(
            "Consultation from %(start)s to %(end)s",
            start=format_date(consultation.opens_on, "long"),
            end=format_date(consultation.closes_on, "long"),
        ),
    ]
    if doc.final and consultation.final_at:
        on = format_date(to_user_timezone(consultation.final_at).date(), "long")
        lines.append(_("Final text published on %(date)s.", date=on))
    elif not doc.final:
        lines.append(_("The final text is not out yet: this is the text put to the residents."))
    return lines


def rate_sentence(doc: Document) -> str:
    """How many contributions changed the text, out of all of them (before the final
    text: how many there are)."""
    if doc.rate is None:
        count = sum(len(o.contributions) for o in doc.said)
        return _("Contributions so far: %(count)s.", count=count)
    if doc.rate.share is None:
        return _("No contribution was made.")
    return _(
        "Contributions that changed the text: %(changed)s of %(total)s (%(share)s).",
        changed=doc.rate.changed,
        total=doc.rate.total,
        share=format_percent(doc.rate.share),
    )


def paragraph_title(state: str, number: int | None) -> str:
    if state == "added":
        return _("A paragraph added to the final text")
    if state == "removed":
        return _("§%(number)s, taken out of the final text", number=number)
    if state == "changed":
        return _("§%(number)s, changed", number=number)
    if state == "same":
        return _("§%(number)s, unchanged", number=number)
    return _("§%(number)s", number=number)


def named(contributions: list[Contribution]) -> str:
    """Contributions named in a line: each one's kind, who signed it and its paragraph."""
    return ", ".join(
        f"{c.kind.label}{f' — {c.author}' if c.author else ''} (§{c.paragraph.position})"
        for c in contributions
    )


@dataclass(frozen=True)
class Told:
    """A paragraph's story on a printed page: its title and text (`first`), and those of
    its contributions the page has room for (a long discussion goes on over pages)."""

    outcome: Outcome
    contributions: list[Contribution]
    first: bool = True


@dataclass(frozen=True)
class Page:
    """One printed page of the document: its pieces in order, ("text", Paragraph),
    ("account", None) where the account opens, and ("said", Told)."""

    number: int
    pieces: list[tuple[str, Paragraph | Told | None]]

    @property
    def goes_on(self) -> str | None:
        """What a page that does not open the document goes on with: "text" or "said";
        None when it opens a part itself."""
        kind = self.pieces[0][0]
        return None if self.number == 1 or kind == "account" else kind


def pages(doc: Document, weight: int = PAGE_WEIGHT) -> list[Page]:
    """The document cut into pages of at most `weight`: whole paragraphs, a heading never
    last on a page, a paragraph's contributions over several pages when they are many
    (only a single paragraph heavier than `weight` makes a heavier page)."""
    pieces = [("text", p) for p in doc.text] + [("account", None)]
    for outcome in doc.said:
        pieces += [("said", told) for told in _stories(outcome, weight)]
    found: list[list] = []
    current: list = []
    load = 0
    for index, piece in enumerate(pieces):
        cost = _weight(piece)
        if _heading(piece) and index + 1 < len(pieces):
            cost += _weight(pieces[index + 1])  # with what follows it, or on the next page
        if current and load + cost > weight:
            found.append(current)
            current, load = [], 0
        current.append(piece)
        load += _weight(piece)
    if current:
        found.append(current)
    return [Page(number, items) for number, items in enumerate(found, start=1)]


def _stories(outcome: Outcome, weight: int) -> list[Told]:
    """The paragraph's story in pieces that each fit in `weight`."""
    found: list[Told] = []
    current: list[Contribution] = []
    load = _told_cost(outcome)
    for c in outcome.contributions:
        cost = _contribution_cost(outcome, c)
        if current and load + cost > weight:
            found.append(Told(outcome, current, first=not found))
            current, load = [], PIECE_COST
        current.append(c)
        load += cost
    found.append(Told(outcome, current, first=not found))
    return found


def _heading(piece: tuple) -> bool:
    kind, item = piece
    if kind == "said":
        return item.outcome.heading
    return kind == "text" and item.heading


def _weight(piece: tuple) -> int:
    kind, item = piece
    if kind == "text":
        return PIECE_COST + len(item.body)
    if kind == "account":
        return 2 * PIECE_COST
    cost = _told_cost(item.outcome) if item.first else PIECE_COST
    return cost + sum(_contribution_cost(item.outcome, c) for c in item.contributions)


def _told_cost(outcome: Outcome) -> int:
    original = outcome.original.body if outcome.original else ""
    final = outcome.final.body if outcome.final else ""
    return PIECE_COST + len(original) + len(final)


def _contribution_cost(outcome: Outcome, c: Contribution) -> int:
    cost = CONTRIBUTION_COST + len(c.text) + len(c.answer_reason) + len(c.author)
    if c.rewrite is not None:  # shown as a difference with the original
        cost += len(outcome.original.body if outcome.original else "") + len(c.rewrite)
    return cost


COLUMNS = (
    "number",
    "date",
    "paragraph",
    "kind",
    "text",
    "rewrite",
    "author_name",
    "channel",
    "moderation",
    "answer",
    "answer_reason",
    "supports",
)


def csv_rows(consultation: Consultation):
    """One row per contribution, approved or not, oldest first: what it says, the name it
    is signed with, how it came and the team's answer. Never a contact, an account or a
    browser's key."""
    endorsed = Counter(
        db.session.scalars(
            db.select(Endorsement.contribution_id)
            .join(Contribution, Contribution.id == Endorsement.contribution_id)
            .where(Contribution.consultation_id == consultation.id)
        )
    )
    rows = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.consultation_id == consultation.id)
        .order_by(Contribution.id)
        .options(selectinload(Contribution.paragraph), selectinload(Contribution.user))
        .execution_options(yield_per=BATCH)  # streamed a batch at a time (`csv_response`)
    )
    for c in rows:
        amendment = c.kind == ContributionType.AMENDMENT
        yield [
            c.id,
            to_user_timezone(c.created_at).date().isoformat(),
            c.paragraph.position,
            c.kind.label,
            c.text,
            c.rewrite or "",
            c.author,
            c.channel.label,
            c.moderation.label,
            c.answer.label if c.answer else "",
            c.answer_reason,
            endorsed[c.id] if amendment else "",
        ]

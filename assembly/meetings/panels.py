"""What other features show on a meeting's pages, without meetings importing them.

Meetings knows the room: the agenda, who came, who speaks. A feature that adds to
its live pages (decisions: the vote under way) registers a `LivePanel` when its
blueprint is registered; the phone, projector, conduct and agenda-item views ask
every panel for its data, and their templates render the panel's macros:

- ``on_phone(group, data)``, ``on_projector(data)``: what a phone and the wall show;
- ``on_item(group, meeting, item, data, back)``: the item's part on the conduct and
  agenda-item pages (``back`` is where its forms return to);
- ``on_agenda(group, data)``: the same data, in the item's line of the meeting's page;
- ``on_item_poll(data)`` (optional): what the conduct page's poll of the speaking list
  carries of the item's part, out of band (decisions: how many have voted).

The item's data is for whoever looks at the page: a panel filters it by `g.viewer`.

A panel also gives its part of the projector's ETag (`marker`: decisions, how many
ballots are in), so the wall fetches its page again when the panel changes and only
then. What a panel shows on every phone changes with the meeting (`Meeting.touch`);
what it shows on one phone only (decisions: whether this person voted) touches that
phone's attendance (`operations.live.touch_phone`). A panel may also say what keeps the meeting
from ending (`blocks_end`: a translated reason, or None; decisions: a vote still open).

A feature that holds some meetings for itself (campaigns: its actions) registers a
`PagePanel`: the meeting's page renders its ``on_meeting(group, meeting, data)`` macro
under the description, when its data is not None (filtered by `g.viewer` too).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from assembly.meetings.models import AgendaItem, Attendance, Meeting

EXTENSION = "assembly.meeting_panels"
PAGE_EXTENSION = "assembly.meeting_page_panels"


@dataclass(frozen=True)
class LivePanel:
    """One feature's part of a meeting's pages: its macros and the data they show."""

    template: str  # holds the macros on_phone, on_projector, on_item
    phone: Callable[[Meeting, Attendance], Any]
    projector: Callable[[Meeting], Any]
    item: Callable[[AgendaItem | None], Any]
    marker: Callable[[Meeting], str]
    blocks_end: Callable[[Meeting], str | None] = lambda meeting: None
    # `item` for many items at once, by item id: a meeting's page asks for all its
    # agenda in a few statements rather than a few per item.
    items: Callable[[list[AgendaItem]], dict[int, Any]] | None = None


def register_panel(app: Flask, panel: LivePanel) -> None:
    """Add `panel` to the meeting pages of `app` (call it from a blueprint's `record_once`)."""
    app.extensions.setdefault(EXTENSION, []).append(panel)


def _panels() -> list[LivePanel]:
    return current_app.extensions.get(EXTENSION, [])


def on_phone(meeting: Meeting, attendance: Attendance) -> list[tuple[str, Any]]:
    """(template, data) of every panel, for a participant's phone."""
    return [(panel.template, panel.phone(meeting, attendance)) for panel in _panels()]


def on_projector(meeting: Meeting) -> list[tuple[str, Any]]:
    """(template, data) of every panel, for the wall."""
    return [(panel.template, panel.projector(meeting)) for panel in _panels()]


def on_item(item: AgendaItem | None) -> list[tuple[str, Any]]:
    """(template, data) of every panel, for an agenda item's part of a page."""
    return [(panel.template, panel.item(item)) for panel in _panels()]


def on_items(items: list[AgendaItem]) -> dict[int, list[tuple[str, Any]]]:
    """`on_item` of each item, by item id, each panel asked once for all of them."""
    found: dict[int, list[tuple[str, Any]]] = {item.id: [] for item in items}
    for panel in _panels():
        data = panel.items(items) if panel.items else {item.id: panel.item(item) for item in items}
        for item in items:
            found[item.id].append((panel.template, data[item.id]))
    return found


def marker(meeting: Meeting) -> str:
    """Every panel's part of the projector's ETag."""
    return "-".join(panel.marker(meeting) for panel in _panels())


def end_blockers(meeting: Meeting) -> list[str]:
    """Why the meeting cannot end now, one translated reason per panel that objects."""
    return [reason for panel in _panels() if (reason := panel.blocks_end(meeting))]


@dataclass(frozen=True)
class PagePanel:
    """One feature's part of a meeting's page: its macro and the data it shows."""

    template: str  # holds the macro on_meeting(group, meeting, data)
    data: Callable[[Meeting], Any]  # None: nothing to show for this meeting or visitor


def register_page_panel(app: Flask, panel: PagePanel) -> None:
    """Add `panel` to the meeting's page of `app` (from a blueprint's `record_once`)."""
    app.extensions.setdefault(PAGE_EXTENSION, []).append(panel)


def on_page(meeting: Meeting) -> list[tuple[str, Any]]:
    """(template, data) of every page panel that has something to show on `meeting`."""
    registered = current_app.extensions.get(PAGE_EXTENSION, [])
    found = ((panel.template, panel.data(meeting)) for panel in registered)
    return [(template, data) for template, data in found if data is not None]

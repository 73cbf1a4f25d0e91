"""Decision pages: at a meeting (hands, ballots, consent, judgment), online, the register."""

from flask import Blueprint, g, url_for

from assembly.decisions.about import decision_abouts
from assembly.decisions.operations import meeting as live
from assembly.meetings.models import AgendaItem
from assembly.meetings.panels import LivePanel, register_panel
from assembly.web.render import render

bp = Blueprint("decisions", __name__)
# What other features say a decision is about (decisions/about.py).
bp.add_app_template_global(decision_abouts)


def item_decisions(item: AgendaItem | None) -> list:
    """The decisions of an agenda item that the visitor may see (`Decision.visible_to`)."""
    return [decision for decision in live.decisions_of_item(item) if decision.visible_to(g.viewer)]


def items_decisions(items: list[AgendaItem]) -> dict[int, list]:
    """`item_decisions` of each item, by item id, in one statement."""
    found = {item.id: [] for item in items}
    for decision in live.decisions_of_items(items):
        if decision.visible_to(g.viewer):
            found[decision.item_id].append(decision)
    return found


def item_panel(group, item: AgendaItem, status: int = 200, **shown):
    """The item's decisions as the conduct page shows them, for htmx to swap in place.

    `shown`: a form that failed (`quick_form`, `prepare_form`, or `hands_form` with
    `hands_for`, the decision's id), the empty `prepare_form` asked for, a `message`
    saying what was done, or a `problem` (a refusal).
    """
    response = render(
        "decisions/_item_panel.html",
        status=status,
        group=group,
        meeting=item.meeting,
        item=item,
        decisions=item_decisions(item),
        back=url_for("meetings.conduct", slug=group.slug, meeting_id=item.meeting_id),
        shown=shown,
    )
    response.vary.add("HX-Request")  # the same address answers a whole page without htmx
    return response


# The vote under way on phones and the projector, and each agenda item's decisions on
# the conduct and item pages: meetings renders them without knowing decisions.
# A vote still open keeps the meeting from ending.
bp.record_once(
    lambda state: register_panel(
        state.app,
        LivePanel(
            template="decisions/_macros.html",
            phone=live.live_decisions,
            projector=live.live_decisions,
            item=item_decisions,
            items=items_decisions,
            marker=live.ballots_marker,
            blocks_end=live.blocks_end,
        ),
    )
)

import assembly.decisions.activity  # noqa: E402, F401  (what the contact book shows of a person)
from assembly.decisions.views import meeting, online, preparing, register  # noqa: E402, F401  (they add routes to bp)

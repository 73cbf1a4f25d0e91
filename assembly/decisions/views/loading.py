"""Loading a decision, with who may see it, run it and vote on it."""

from flask import abort, g

from assembly.decisions.models import Decision, Voters
from assembly.extensions import db
from assembly.groups.access import load_in_group
from assembly.groups.models import Group
from assembly.meetings.attending import runs_meeting
from assembly.meetings.models import Meeting


def load_decision(group: Group, decision_id: int) -> Decision:
    """A decision of `group` the visitor may see (`Decision.visible_to`), or 404."""
    decision = load_in_group(Decision, decision_id, group)
    if not decision.visible_to(g.viewer):
        abort(404)
    return decision


def may_run(decision: Decision) -> bool:
    """The team runs decisions; a meeting's own facilitator runs that meeting's."""
    if decision.meeting_id is None:
        return g.viewer.is_team
    return runs_meeting(db.session.get(Meeting, decision.meeting_id))


def load_run(group: Group, decision_id: int) -> Decision:
    """A decision, for those who run it (see `may_run`): 404, or 403."""
    decision = load_decision(group, decision_id)
    if not may_run(decision):
        abort(403)
    return decision


def meeting_of(decision: Decision) -> Meeting | None:
    return db.session.get(Meeting, decision.meeting_id) if decision.meeting_id else None


def members_vote(decision: Decision) -> bool:
    return decision.voters == Voters.MEMBERS

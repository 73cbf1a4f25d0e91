"""Who may open what: every route of the app, for every kind of visitor.

The test enumerates `app.url_map`, so a new route without a line in MATRIX fails
`test_every_route_is_in_the_matrix`. A line says which visitors are let through;
everyone else must be stopped: anonymous visitors are sent to /login, signed-in
ones get 403.
"""

import re
from datetime import date

import pytest

from tests.helpers import post

VISITORS = (
    "anonymous",
    "member",
    "facilitator",
    "organizer",
    "admin",
    "observer",
    "outsider",
    "instance_admin",
)
EVERYONE = set(VISITORS)
SIGNED_IN = EVERYONE - {"anonymous"}
GROUP_ADMINS = {"admin", "instance_admin"}
ORGANIZERS = {"organizer"} | GROUP_ADMINS
TEAM = {"facilitator"} | ORGANIZERS
MEMBERS = {"member"} | TEAM
INSTANCE_ADMINS = {"instance_admin"}
# The report, its words, its bilan and its open data: members and observers (researchers),
# everyone when the group publishes them (test_insights_access holds that case).
REPORT_READERS = MEMBERS | {"observer"}
# The issue-choice grid's criteria (assembly.campaigns.models.Criterion), for its form.
CRITERIA = (
    *("improvement", "own_power", "power_relations", "worthwhile", "winnable", "widely_felt"),
    *("deeply_felt", "easy", "clear_target", "time_frame", "non_divisive", "leadership"),
    *("next_campaign", "pocketbook", "money", "values"),
)

# (endpoint, method) → who is let through
MATRIX = {
    ("static", "GET"): EVERYONE,
    ("web.healthz", "GET"): EVERYONE,
    ("web.data", "GET"): EVERYONE,
    ("web.accessibility", "GET"): EVERYONE,
    ("auth.login", "GET"): EVERYONE,
    ("auth.login", "POST"): EVERYONE,
    ("auth.logout", "POST"): SIGNED_IN,
    ("auth.account", "GET"): SIGNED_IN,
    ("auth.account", "POST"): SIGNED_IN,
    ("auth.password", "GET"): SIGNED_IN,
    ("auth.password", "POST"): SIGNED_IN,
    ("auth.language", "POST"): EVERYONE,
    ("auth.users", "GET"): INSTANCE_ADMINS,
    ("auth.set_active", "POST"): INSTANCE_ADMINS,
    ("auth.make_reset_link", "POST"): INSTANCE_ADMINS,
    # The reset link of url_args() is good: anyone holding it may choose the password.
    ("auth.reset", "GET"): EVERYONE,
    ("auth.reset", "POST"): EVERYONE,
    # The way out of messages: the signed link of a message is enough, no account.
    ("messages.unsubscribe", "GET"): EVERYONE,
    ("messages.unsubscribe", "POST"): EVERYONE,
    # The phone's webhook: its signature is its proof, not a session. Called signed (SIGNED),
    # whoever is signed in gets through; unsigned, everyone gets 403 (test below).
    ("messages.gateway_webhook", "POST"): EVERYONE,
    # messages: the team's outbox, settings and calls to action (Message.visible_to)
    ("messages.outbox", "GET"): ORGANIZERS,
    ("messages.retry", "POST"): ORGANIZERS,  # the message of messages_args() was sent: 302
    ("messages.dismiss", "POST"): ORGANIZERS,
    ("messages.settings", "GET"): ORGANIZERS,
    ("messages.settings", "POST"): ORGANIZERS,
    ("messages.new", "GET"): ORGANIZERS,
    ("messages.new", "POST"): ORGANIZERS,  # a preview: nothing is written
    # The forgotten password: anyone may ask (the matrix's app sends no e-mail: it says so).
    ("messages.forgot", "GET"): EVERYONE,
    ("messages.forgot", "POST"): EVERYONE,
    # What a member receives from the group, and where: their own choice.
    ("messages.mine", "GET"): MEMBERS,
    ("messages.mine", "POST"): MEMBERS,
    # insights: the report (retour d'expérience)
    ("insights.report", "GET"): REPORT_READERS,
    ("insights.refresh", "POST"): TEAM,
    ("insights.words", "GET"): REPORT_READERS,
    ("insights.term", "GET"): REPORT_READERS,
    ("insights.bilan", "GET"): REPORT_READERS,
    ("insights.save_bilan", "POST"): TEAM,
    ("insights.bilan_odt", "GET"): REPORT_READERS,
    ("insights.data", "GET"): REPORT_READERS,
    ("insights.data_zip", "GET"): REPORT_READERS,
    ("insights.settings", "GET"): ORGANIZERS,
    ("insights.settings", "POST"): ORGANIZERS,
    # consultations (Consultation.shown_to: the consultation of url_args() is open and public)
    ("consultations.index", "GET"): EVERYONE,
    ("consultations.new", "GET"): ORGANIZERS,
    ("consultations.new", "POST"): ORGANIZERS,
    ("consultations.show", "GET"): EVERYONE,
    ("consultations.edit", "GET"): ORGANIZERS,
    ("consultations.edit", "POST"): ORGANIZERS,
    ("consultations.publish", "POST"): ORGANIZERS,
    ("consultations.part", "GET"): EVERYONE,
    ("consultations.paragraph", "GET"): EVERYONE,
    # consultations: taking part (Consultation.open_to; an amendment is not one's own to
    # support: the matrix's has no author)
    ("consultations.position", "POST"): EVERYONE,
    ("consultations.comment", "POST"): EVERYONE,
    ("consultations.amend", "GET"): EVERYONE,
    ("consultations.amend", "POST"): EVERYONE,
    ("consultations.endorse", "POST"): EVERYONE,
    ("consultations.moderation", "GET"): TEAM,
    ("consultations.moderate", "POST"): TEAM,
    # consultations: answers and the final text (the final text of url_args() is not begun:
    # its pages send the team to begin it; "what we kept" says "not yet" to the public)
    ("consultations.answers", "GET"): TEAM,
    ("consultations.answer", "POST"): TEAM,
    ("consultations.final", "GET"): TEAM,
    ("consultations.begin_final", "POST"): TEAM,
    ("consultations.final_paragraph", "GET"): TEAM,
    ("consultations.final_paragraph", "POST"): TEAM,
    ("consultations.add_paragraph", "POST"): TEAM,
    ("consultations.publish_final", "POST"): ORGANIZERS,
    ("consultations.kept", "GET"): EVERYONE,
    # consultations: summary and exports (add lines here)
    ("consultations.print_", "GET"): EVERYONE,  # as the consultation (Consultation.shown_to)
    ("consultations.odt", "GET"): EVERYONE,
    ("consultations.contributions_csv", "GET"): TEAM,  # it names the contributions' authors
    ("consultations.summary", "GET"): EVERYONE,
    ("groups.index", "GET"): EVERYONE,
    ("groups.home", "GET"): EVERYONE,
    ("groups.members", "GET"): GROUP_ADMINS,
    ("groups.change_role", "POST"): GROUP_ADMINS,
    ("groups.remove_member", "POST"): GROUP_ADMINS,
    ("groups.set_contact", "POST"): GROUP_ADMINS,
    ("groups.invites", "GET"): GROUP_ADMINS,
    ("groups.invites", "POST"): GROUP_ADMINS,
    ("groups.revoke_invite", "POST"): GROUP_ADMINS,
    ("groups.reset_links", "GET"): ORGANIZERS,
    ("groups.make_reset_link", "POST"): ORGANIZERS,  # for the member of url_args()
    ("groups.join", "GET"): EVERYONE,
    ("groups.join", "POST"): EVERYONE,
    ("groups.new_group", "GET"): INSTANCE_ADMINS,
    ("groups.new_group", "POST"): INSTANCE_ADMINS,
    ("needs.index", "GET"): EVERYONE,
    ("needs.short", "GET"): EVERYONE,
    ("needs.new", "GET"): EVERYONE,
    ("needs.new", "POST"): EVERYONE,
    ("needs.receipt", "GET"): EVERYONE,
    ("needs.show", "GET"): EVERYONE,
    ("needs.support", "POST"): EVERYONE,
    ("needs.withdraw", "POST"): EVERYONE,  # one's own "moi aussi" only, by its operation
    ("needs.poster", "GET"): EVERYONE,
    ("needs.poster_qr", "GET"): EVERYONE,
    ("needs.export_csv", "GET"): MEMBERS,
    ("needs.moderation", "GET"): TEAM,
    ("needs.moderate", "POST"): TEAM,
    ("needs.set_status", "POST"): TEAM,
    ("needs.merge", "POST"): TEAM,
    ("needs.counted", "POST"): TEAM,
    ("needs.review_held", "POST"): TEAM,
    ("needs.edit", "GET"): TEAM,
    ("needs.edit", "POST"): TEAM,
    ("needs.themes", "GET"): ORGANIZERS,
    ("needs.themes", "POST"): ORGANIZERS,
    ("needs.delete_theme", "POST"): ORGANIZERS,
    ("needs.settings", "GET"): ORGANIZERS,
    ("needs.settings", "POST"): ORGANIZERS,
    # meetings: planning (add lines here)
    ("meetings.index", "GET"): EVERYONE,
    ("meetings.calendar", "GET"): EVERYONE,
    ("meetings.new", "GET"): TEAM,
    ("meetings.new", "POST"): TEAM,
    ("meetings.show", "GET"): EVERYONE,
    ("meetings.meeting_calendar", "GET"): EVERYONE,
    ("meetings.rsvp", "POST"): EVERYONE,
    ("meetings.edit", "GET"): TEAM,
    ("meetings.edit", "POST"): TEAM,
    ("meetings.new_item", "GET"): TEAM,
    ("meetings.new_item", "POST"): TEAM,
    ("meetings.edit_item", "GET"): TEAM,
    ("meetings.edit_item", "POST"): TEAM,
    ("meetings.delete_item", "POST"): TEAM,
    ("meetings.reorder_item", "POST"): TEAM,
    ("meetings.agenda_need", "POST"): TEAM,
    ("meetings.sheet", "GET"): TEAM,
    # The invitation to the whole group costs SMS: organizers decide it.
    ("meetings.invite", "GET"): ORGANIZERS,
    ("meetings.send_invitation", "POST"): ORGANIZERS,
    # cancelling a planned meeting, and planning it again (the world's is not cancelled: 302)
    ("meetings.cancel", "GET"): ORGANIZERS,
    ("meetings.confirm_cancel", "POST"): ORGANIZERS,
    ("meetings.replan", "POST"): ORGANIZERS,
    # meetings: live (add lines here)
    ("meetings.join", "GET"): EVERYONE,
    ("meetings.join", "POST"): EVERYONE,
    ("meetings.join_code", "GET"): EVERYONE,
    # The phone belongs to whoever signed in there with the code; others go to /j.
    ("meetings.phone", "GET"): EVERYONE,
    ("meetings.ask", "POST"): EVERYONE,
    ("meetings.withdraw", "POST"): EVERYONE,
    # The meeting of meeting_args() has no facilitator of its own: only the team runs it.
    ("meetings.conduct", "GET"): TEAM,
    ("meetings.set_state", "POST"): TEAM,
    ("meetings.change_item", "POST"): TEAM,
    ("meetings.clock", "POST"): TEAM,
    ("meetings.turn_time", "POST"): TEAM,
    ("meetings.save_notes", "POST"): TEAM,
    ("meetings.add_attendee", "POST"): TEAM,
    ("meetings.strike_attendance", "POST"): TEAM,
    ("meetings.add_speaker", "POST"): TEAM,
    ("meetings.next_speaker", "POST"): TEAM,
    ("meetings.start_turn", "POST"): TEAM,
    ("meetings.end_turn", "POST"): TEAM,
    ("meetings.remove_turn", "POST"): TEAM,
    ("meetings.projector", "GET"): TEAM,
    ("meetings.report", "GET"): MEMBERS,
    # decisions: at meetings (add lines here)
    ("decisions.edit", "GET"): TEAM,
    ("decisions.edit", "POST"): TEAM,
    ("decisions.delete", "POST"): TEAM,
    # The decision of decision_args() is public; its meeting has no facilitator of its own.
    ("decisions.show", "GET"): EVERYONE,
    ("decisions.new_for_item", "GET"): TEAM,
    ("decisions.new_for_item", "POST"): TEAM,
    # Anyone reaches the ballot; who is no voter (here: nobody joined) is told how to take part.
    ("decisions.ballot", "GET"): EVERYONE,
    ("decisions.ballot", "POST"): EVERYONE,
    ("decisions.open", "POST"): TEAM,
    ("decisions.close", "POST"): TEAM,
    ("decisions.hands", "POST"): TEAM,
    ("decisions.objection", "POST"): TEAM,
    ("decisions.resolve", "POST"): TEAM,
    ("decisions.to_vote", "POST"): TEAM,
    # decisions: online and the register (add lines here)
    ("decisions.register", "GET"): EVERYONE,
    ("decisions.export_csv", "GET"): MEMBERS,
    ("decisions.new", "GET"): TEAM,
    ("decisions.new", "POST"): TEAM,
    # On the online decision of more_args(), taking votes: members post an argument.
    ("decisions.argue", "POST"): MEMBERS,
    ("decisions.summarize_argument", "POST"): TEAM,
    # tasks (add lines here)
    ("tasks.index", "GET"): MEMBERS,
    ("tasks.new", "GET"): TEAM,
    ("tasks.new", "POST"): TEAM,
    ("tasks.toggle", "POST"): MEMBERS,
    # minutes (add lines here)
    # Not published yet: readers of the meeting are told so; a draft is for its writers.
    ("minutes.show", "GET"): EVERYONE,
    ("minutes.odt", "GET"): EVERYONE,  # of the meeting of more_args(), whose minutes are out
    # The meeting of meeting_args() has no note-taker: only the team writes its minutes.
    ("minutes.edit", "GET"): TEAM,
    ("minutes.edit", "POST"): TEAM,
    ("minutes.redraft", "POST"): TEAM,
    ("minutes.publish", "POST"): TEAM,
    # campaigns (Campaign.visible_to: the campaign of url_args() is under way and public)
    ("campaigns.index", "GET"): EVERYONE,
    ("campaigns.new", "GET"): ORGANIZERS,
    ("campaigns.new", "POST"): ORGANIZERS,
    ("campaigns.show", "GET"): EVERYONE,
    ("campaigns.edit", "GET"): ORGANIZERS,
    ("campaigns.edit", "POST"): ORGANIZERS,
    ("campaigns.chart", "GET"): ORGANIZERS,
    ("campaigns.chart", "POST"): ORGANIZERS,
    # campaigns: actions (organizers plan, change and debrief them; members read their page)
    ("campaigns.new_action", "GET"): ORGANIZERS,
    ("campaigns.new_action", "POST"): ORGANIZERS,
    ("campaigns.action", "GET"): MEMBERS,
    ("campaigns.edit_action", "GET"): ORGANIZERS,
    ("campaigns.edit_action", "POST"): ORGANIZERS,
    ("campaigns.debrief_action", "GET"): ORGANIZERS,
    ("campaigns.debrief_action", "POST"): ORGANIZERS,
    # campaigns: the petition (signing is public where the campaign is; the open one of
    # url_args() takes signatures; the team counts, prints, types in and checks)
    ("campaigns.sign", "GET"): EVERYONE,
    ("campaigns.sign", "POST"): EVERYONE,
    ("campaigns.signed", "GET"): EVERYONE,
    ("campaigns.new_petition", "GET"): ORGANIZERS,
    ("campaigns.new_petition", "POST"): ORGANIZERS,
    ("campaigns.edit_petition", "GET"): ORGANIZERS,
    ("campaigns.edit_petition", "POST"): ORGANIZERS,
    ("campaigns.petition_state", "POST"): ORGANIZERS,
    ("campaigns.petition", "GET"): TEAM,
    ("campaigns.petition_sheet", "GET"): TEAM,
    ("campaigns.petition_batch", "GET"): TEAM,
    ("campaigns.petition_batch", "POST"): TEAM,
    ("campaigns.petition_review", "GET"): TEAM,
    ("campaigns.review_signature", "POST"): TEAM,
    ("campaigns.review_held", "POST"): TEAM,
    ("campaigns.deliver_petition", "GET"): ORGANIZERS,
    ("campaigns.deliver_petition", "POST"): ORGANIZERS,
    ("campaigns.petition_list", "GET"): TEAM,
    # campaigns: demands, negotiation and commitments (members read the plan, organizers write)
    ("campaigns.demands", "GET"): MEMBERS,
    ("campaigns.new_demand", "GET"): ORGANIZERS,
    ("campaigns.new_demand", "POST"): ORGANIZERS,
    ("campaigns.demand", "GET"): MEMBERS,
    ("campaigns.edit_demand", "GET"): ORGANIZERS,
    ("campaigns.edit_demand", "POST"): ORGANIZERS,
    ("campaigns.delete_demand", "POST"): ORGANIZERS,
    ("campaigns.demand_letter", "GET"): MEMBERS,
    ("campaigns.demand_odt", "GET"): MEMBERS,
    ("campaigns.new_exchange", "GET"): ORGANIZERS,
    ("campaigns.new_exchange", "POST"): ORGANIZERS,
    ("campaigns.edit_exchange", "GET"): ORGANIZERS,
    ("campaigns.edit_exchange", "POST"): ORGANIZERS,
    ("campaigns.delete_exchange", "POST"): ORGANIZERS,
    ("campaigns.new_commitment", "GET"): ORGANIZERS,
    ("campaigns.new_commitment", "POST"): ORGANIZERS,
    ("campaigns.edit_commitment", "GET"): ORGANIZERS,
    ("campaigns.edit_commitment", "POST"): ORGANIZERS,
    ("campaigns.mark_commitment", "POST"): ORGANIZERS,
    ("campaigns.delete_commitment", "POST"): ORGANIZERS,
    # campaigns: from needs to an issue (the words quoted, the grid, the group's choice)
    ("campaigns.quotes", "GET"): TEAM,
    ("campaigns.quotes", "POST"): TEAM,
    ("campaigns.grid", "GET"): TEAM,
    ("campaigns.grid", "POST"): TEAM,
    ("campaigns.compare", "GET"): TEAM,
    ("campaigns.choose", "GET"): ORGANIZERS,
    ("campaigns.choose", "POST"): ORGANIZERS,  # one candidate alone: 400, nothing put
    # campaigns: the people around it (targets, stakeholders, the power map for the team)
    ("campaigns.people", "GET"): MEMBERS,
    ("campaigns.new_target", "GET"): ORGANIZERS,
    ("campaigns.new_target", "POST"): ORGANIZERS,
    ("campaigns.edit_target", "GET"): ORGANIZERS,
    ("campaigns.edit_target", "POST"): ORGANIZERS,
    ("campaigns.remove_target", "POST"): ORGANIZERS,
    ("campaigns.new_stakeholder", "GET"): ORGANIZERS,
    ("campaigns.new_stakeholder", "POST"): ORGANIZERS,
    ("campaigns.edit_stakeholder", "GET"): ORGANIZERS,
    ("campaigns.edit_stakeholder", "POST"): ORGANIZERS,
    ("campaigns.remove_stakeholder", "POST"): ORGANIZERS,
    # campaigns: the outcome (ending, reopening: the campaign of url_args() is under way,
    # so reopening it only says so) and the public timeline of victories
    ("campaigns.end", "GET"): ORGANIZERS,
    ("campaigns.confirm_end", "POST"): ORGANIZERS,
    ("campaigns.reopen", "POST"): ORGANIZERS,
    ("campaigns.victories", "GET"): EVERYONE,
    ("canvassing.index", "GET"): MEMBERS,
    ("canvassing.new", "GET"): ORGANIZERS,
    ("canvassing.new", "POST"): ORGANIZERS,
    ("canvassing.show", "GET"): MEMBERS,
    ("canvassing.edit", "GET"): ORGANIZERS,
    ("canvassing.edit", "POST"): ORGANIZERS,
    # The canvass of url_args() has nobody in its team: only organizers log its doors.
    ("canvassing.visit", "GET"): ORGANIZERS,
    ("canvassing.visit", "POST"): ORGANIZERS,
    ("canvassing.summarize", "POST"): ORGANIZERS,
    # people: the contact book (add lines here). Facilitators see names and attendance only.
    ("people.index", "GET"): ORGANIZERS,
    ("people.names", "GET"): TEAM,
    ("people.call_list", "GET"): ORGANIZERS,
    ("people.export_csv", "GET"): ORGANIZERS,
    ("people.new", "GET"): ORGANIZERS,
    ("people.new", "POST"): ORGANIZERS,
    ("people.show", "GET"): ORGANIZERS,
    ("people.edit", "GET"): ORGANIZERS,
    ("people.edit", "POST"): ORGANIZERS,
    ("people.give_consent", "POST"): ORGANIZERS,
    ("people.withdraw_consent", "POST"): ORGANIZERS,
    ("people.duplicates", "GET"): ORGANIZERS,
    # Posted without choosing the card that stays: 400 for those let through.
    ("people.merge", "POST"): ORGANIZERS,
    # people: one-to-ones, the ladder, asks and the follow-up list (add lines here)
    ("people.follow_up", "GET"): ORGANIZERS,
    ("people.ladder", "GET"): ORGANIZERS,
    ("people.ladder", "POST"): ORGANIZERS,
    ("people.set_level", "POST"): ORGANIZERS,
    ("people.one_to_ones", "GET"): ORGANIZERS,
    ("people.new_one_to_one", "GET"): ORGANIZERS,
    ("people.new_one_to_one", "POST"): ORGANIZERS,
    # The one-to-one of people_args() is the organizer's: they and the admins correct it.
    ("people.edit_one_to_one", "GET"): ORGANIZERS,
    ("people.edit_one_to_one", "POST"): ORGANIZERS,
    ("people.delete_one_to_one", "POST"): ORGANIZERS,
    ("people.asks", "GET"): ORGANIZERS,
    ("people.asks", "POST"): ORGANIZERS,
    ("people.answer_ask", "POST"): ORGANIZERS,
    # people: residents' rights (add lines here)
    ("people.export_person", "POST"): ORGANIZERS,
    ("people.confirm_erase", "GET"): ORGANIZERS,
    ("people.erase_person", "POST"): ORGANIZERS,
    ("people.group_data", "GET"): EVERYONE,
    ("people.export_account", "POST"): SIGNED_IN,
}


def routes(app):
    """Every (endpoint, method) the app answers, HEAD and OPTIONS aside."""
    found = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return found


def test_every_route_is_in_the_matrix(app):
    assert routes(app) == set(MATRIX)


def url_args(app, group, people):
    """Values for every URL variable, pointing at records of the test group."""
    from assembly.auth.models import User
    from assembly.auth.operations import create_reset_link
    from assembly.canvassing.models import VisitOutcome
    from assembly.canvassing.operations import log_visit, open_canvass
    from assembly.extensions import db
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import create_invite
    from assembly.needs.operations import add_theme, submit_need
    from assembly.web.contact import Contact

    with app.app_context():
        admin = db.session.get(User, people["admin"].id)
        group_row = db.session.get(Group, group.id)
        invite = create_invite(group_row, role=Role.MEMBER, single_use=False, days=1, by=admin)
        reset_token = create_reset_link(db.session.get(User, people["member"].id), by=admin)
        theme = add_theme(group_row, "Logement")
        need = submit_need(group_row, title="Ascenseur en panne", trusted=True)
        submit_need(group_row, title="Le même ascenseur", trusted=True)
        canvass = open_canvass(
            group_row,
            name="Écoute des Glycines",
            starts_on=date(2026, 3, 14),
            ends_on=date(2026, 4, 4),
            places="Bâtiment A\nBâtiment B",
            team=[],
            by=admin,
        )
        visit = log_visit(
            canvass,
            by=admin,
            building="Bâtiment A",
            outcome=VisitOutcome.TALKED,
            words="Les charges ont doublé.",
            contact=Contact(phone="+33612345678"),
            wording="La personne accepte (test).",
            need_title="Charges trop élevées",
        )
        db.session.commit()
        return {
            "slug": group.slug,
            "membership_id": group.memberships["member"],
            "invite_id": invite.id,
            "token": invite.token,
            "reset_token": reset_token,
            "user_id": people["member"].id,
            "filename": "style.css",
            **(meeting := meeting_args(db, group_row)),
            **decision_args(db, group_row, meeting),
            **more_args(db, group_row, admin),
            **(known := people_args(db, group_row, people)),
            **messages_args(db, group_row, known),
            **campaign_args(db, group_row, need, admin),
            **consultation_args(db, group_row, admin),
            "number": need.number,
            "theme_id": theme.id,
            "canvass_id": canvass.id,
            "visit_id": visit.id,
            "term": "charges",  # the report's words: a term of the need above
        }


def meeting_args(db, group_row) -> dict:
    """A planned meeting with one agenda item, one person present and one waiting request."""
    from datetime import datetime

    from assembly.meetings.models import AgendaItem, Attendance, Meeting, SpeakerTurn

    meeting = Meeting(
        group_id=group_row.id, title="Assemblée de mars", starts_at=datetime(2026, 3, 5, 17)
    )
    db.session.add(meeting)
    db.session.flush()
    item = AgendaItem(meeting_id=meeting.id, title="Les charges", position=1)
    present = Attendance(meeting_id=meeting.id, name="Fatou")
    db.session.add_all([item, present])
    db.session.flush()
    turn = SpeakerTurn(
        meeting_id=meeting.id, attendance_id=present.id, asked_at=datetime(2026, 3, 5, 17, 5)
    )
    db.session.add(turn)
    db.session.commit()
    return {
        "meeting_id": meeting.id,
        "item_id": item.id,
        "attendance_id": present.id,
        "turn_id": turn.id,
        "code": meeting.join_code,
    }


def decision_args(db, group_row, meeting: dict) -> dict:
    """A majority judgment prepared on the meeting's item, with one objection; a task."""
    from assembly.decisions.models import Decision, DecisionStatus, Method, Objection, Option
    from assembly.tasks.models import Task

    decision = Decision(
        group_id=group_row.id,
        meeting_id=meeting["meeting_id"],
        item_id=meeting["item_id"],
        question="Quelle fête cet été ?",
        method=Method.JUDGMENT,
        status=DecisionStatus.DRAFT,  # a prepared one: every page of it, its editor too, opens
        public=True,
        options=[Option(position=0, label="Pique-nique"), Option(position=1, label="Concert")],
    )
    db.session.add(decision)
    db.session.flush()
    objection = Objection(decision_id=decision.id, name="Fatou", reason="Trop cher.")
    task = Task(group_id=group_row.id, title="Écrire au bailleur", assignee_name="Fatou")
    db.session.add_all([objection, task])
    db.session.commit()
    return {"decision_id": decision.id, "objection_id": objection.id, "task_id": task.id}


def more_args(db, group_row, admin) -> dict:
    """Records some routes need instead of those above (see ROUTE_ARGS): an online decision
    taking votes, and an earlier meeting with published minutes."""
    from datetime import datetime, timedelta

    from assembly.clock import utcnow
    from assembly.decisions.models import Method, Side
    from assembly.decisions.operations.online import add_argument, create_online_decision
    from assembly.meetings.models import Meeting
    from assembly.minutes.operations import publish_minutes, save_minutes

    online = create_online_decision(
        group_row,
        question="Demande-t-on un rendez-vous au bailleur ?",
        method=Method.BALLOT,
        by=admin,
        closes_at=utcnow() + timedelta(days=7),
    )
    argument = add_argument(
        online, user=admin, side=Side.FOR, body="Il faut agir vite.", language="ar"
    )
    earlier = Meeting(
        group_id=group_row.id, title="Assemblée de février", starts_at=datetime(2026, 2, 5, 17)
    )
    db.session.add(earlier)
    db.session.commit()
    publish_minutes(
        save_minutes(earlier, "# Compte rendu\n\nTour de table.", by=admin), True, by=admin
    )
    return {
        "online_decision_id": online.id,
        "argument_id": argument.id,
        "published_meeting_id": earlier.id,
    }


def people_args(db, group_row, people) -> dict:
    """A person of the group with a consent to be contacted, a one-to-one the organizer had
    with them and an ask; and a second card of theirs, met again at the door (a duplicate)."""
    from assembly.auth.models import User
    from assembly.people.models import Ask, ConsentPurpose, ConsentSource, OneToOne, Person
    from assembly.people.operations import give_consent

    person = Person(
        group_id=group_row.id, name="Awa Traoré", building="Bâtiment A", phone="+33612345678"
    )
    again = Person(group_id=group_row.id, name="awa traoré", building="Bâtiment A")
    db.session.add_all([person, again])
    db.session.flush()
    consent = give_consent(
        person,
        ConsentPurpose.GROUP_ACTIONS,
        "Être contactée",
        ConsentSource.PAPER,
        recorded_by=db.session.get(User, people["admin"].id),
    )
    one_to_one = OneToOne(
        person_id=person.id,
        met_on=date(2026, 3, 14),
        met_by_id=people["organizer"].id,
        self_interest="Les charges qui montent.",
        next_step="L'inviter à l'assemblée",
        next_step_on=date(2026, 3, 28),
    )
    ask = Ask(person_id=person.id, what="Venir avec trois voisins ?", asked_on=date(2026, 3, 14))
    db.session.add_all([one_to_one, ask])
    db.session.commit()
    return {
        "person_id": person.id,
        "other_id": again.id,
        "consent_id": consent.id,
        "one_to_one_id": one_to_one.id,
        "ask_id": ask.id,
    }


def messages_args(db, group_row, known) -> dict:
    """A message sent to the person of the contact book, under their consent."""
    from datetime import datetime

    from assembly.messages.links import unsubscribe_token
    from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
    from assembly.people.models import ConsentPurpose

    message = Message(
        group_id=group_row.id,
        person_id=known["person_id"],
        consent_id=known["consent_id"],
        kind=MessageKind.CALL_TO_ACTION,
        purpose=ConsentPurpose.GROUP_ACTIONS,
        channel=MessageChannel.SMS,
        address="+33612345678",
        language="fr",
        body="Assemblée jeudi à 18 h.",
        dedup_key="matrix:1",
        status=MessageStatus.SENT,
        send_after=datetime(2026, 3, 14, 9),
    )
    db.session.add(message)
    db.session.commit()
    return {"message_id": message.id, "unsubscribe_token": unsubscribe_token(message)}


def campaign_args(db, group_row, need, admin) -> dict:
    """A public campaign under way with one of each part of its chart: a target, a
    stakeholder, a demand, an answer, a commitment, an action (held as a meeting), and a
    petition with a batch of paper signatures."""
    from datetime import datetime

    from assembly.campaigns.models import (
        Action,
        ActionKind,
        Campaign,
        Commitment,
        Demand,
        Exchange,
        ExchangeKind,
        Petition,
        Signature,
        SignatureBatch,
        SignedVia,
        Stage,
        Stakeholder,
        StakeholderKind,
        Target,
    )
    from assembly.meetings.models import Kind, Meeting

    campaign = Campaign(
        group_id=group_row.id,
        title="Des ascenseurs qui marchent",
        stage=Stage.ACTIVE,
        needs=[need],
        created_by_id=admin.id,
    )
    db.session.add(campaign)
    db.session.flush()
    target = Target(campaign_id=campaign.id, role="Directrice d'agence", name="Mme Durand")
    stakeholder = Stakeholder(
        campaign_id=campaign.id, kind=StakeholderKind.ALLY, name="Amicale des locataires"
    )
    petition = Petition(
        campaign_id=campaign.id,
        title="Réparez nos ascenseurs",
        text="Nous demandons la réparation des ascenseurs.",
        opened_at=datetime(2026, 3, 1),
    )
    meeting = Meeting(
        group_id=group_row.id,
        title="Rassemblement devant l'agence",
        kind=Kind.ACTION,
        starts_at=datetime(2026, 4, 9, 16),
    )
    db.session.add_all([target, stakeholder, petition, meeting])
    db.session.flush()
    demand = Demand(campaign_id=campaign.id, target_id=target.id, what="Réparer les ascenseurs.")
    batch = SignatureBatch(petition_id=petition.id, sheet="Feuille 1", count=1)
    action = Action(
        campaign_id=campaign.id, meeting_id=meeting.id, kind=ActionKind.RALLY, target_id=target.id
    )
    db.session.add_all([demand, batch, action])
    db.session.flush()
    exchange = Exchange(
        campaign_id=campaign.id,
        target_id=target.id,
        demand_id=demand.id,
        kind=ExchangeKind.ANSWER,
        happened_on=date(2026, 3, 20),
    )
    signature = Signature(
        petition_id=petition.id,
        name="Awa Traoré",
        place="Bâtiment A",
        via=SignedVia.PAPER,
        batch_id=batch.id,
    )
    db.session.add_all([exchange, signature])
    db.session.flush()
    commitment = Commitment(
        campaign_id=campaign.id,
        target_id=target.id,
        demand_id=demand.id,
        exchange_id=exchange.id,
        what="Réparer l'ascenseur du bâtiment A.",
        due_on=date(2026, 5, 1),
    )
    db.session.add(commitment)
    db.session.commit()
    return {
        "campaign_id": campaign.id,
        "target_id": target.id,
        "stakeholder_id": stakeholder.id,
        "demand_id": demand.id,
        "exchange_id": exchange.id,
        "commitment_id": commitment.id,
        "action_id": action.id,
        "action_meeting_id": meeting.id,
        "petition_id": petition.id,
        "batch_id": batch.id,
        "signature_id": signature.id,
    }


def consultation_args(db, group_row, admin) -> dict:
    """An open, public consultation on a short text, with an amendment on its paragraph."""
    from assembly.consultations.models import Contribution, ContributionType
    from assembly.consultations.operations.text import create_consultation, open_consultation

    consultation = create_consultation(
        group_row,
        title="Notre lettre au bailleur",
        text="# Les ascenseurs\n\nNous demandons la réparation des ascenseurs.",
        opens_on=date(2026, 1, 1),
        closes_on=date(2099, 12, 31),
        by=admin,
    )
    open_consultation(consultation)
    paragraph = consultation.consulted.paragraphs[1]
    amendment = Contribution(
        consultation_id=consultation.id,
        paragraph_id=paragraph.id,
        kind=ContributionType.AMENDMENT,
        rewrite="Nous demandons la réparation des ascenseurs sous huit jours.",
        text="Un délai.",
    )
    db.session.add(amendment)
    db.session.commit()
    return {
        "consultation_number": consultation.number,
        "paragraph_id": paragraph.id,
        "contribution_id": amendment.id,
    }


# Routes whose URL variables point at other records than the common ones, so that those
# let through get a real page (never a 404): variable → key of url_args().
ROUTE_ARGS = {
    "decisions.argue": {"decision_id": "online_decision_id"},
    "decisions.summarize_argument": {"decision_id": "online_decision_id"},
    "minutes.odt": {"meeting_id": "published_meeting_id"},
    "auth.reset": {"token": "reset_token"},
    "messages.unsubscribe": {"token": "unsubscribe_token"},
}
# The same for every route of a blueprint: a consultation's number is not a need's.
BLUEPRINT_ARGS = {"consultations": {"number": "consultation_number"}}


def build_url(app, endpoint, args):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    renamed = BLUEPRINT_ARGS.get(endpoint.split(".")[0], {}) | ROUTE_ARGS.get(endpoint, {})
    args = args | {name: args[key] for name, key in renamed.items()}
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: args[name] for name in rule.arguments})


# Form data that passes validation where a POST needs some, so "let through" is visible.
FORM_DATA = {
    "groups.change_role": {"role": "facilitator"},
    "groups.set_contact": {"contact": "bureau@glycines.example"},
    "groups.invites": {"role": "member", "days": "7", "single_use": "y"},
    "auth.set_active": {"active": "0"},
    "auth.language": {"lang": "en"},
    "auth.reset": {"password": "les glycines en fleur", "confirm": "les glycines en fleur"},
    "messages.forgot": {"email": "awa@example.org"},
    "messages.mine": {"email": "awa@example.org", "group_actions": "y"},
    "needs.new": {"title": "Plus d'eau chaude"},
    "needs.moderate": {"decision": "approved"},
    "needs.set_status": {"status": "acknowledged"},
    "needs.merge": {"target": "B-2"},
    "needs.counted": {"count": "3", "channel": "meeting"},
    "needs.review_held": {"decision": "count", "through": "1"},
    "needs.edit": {"title": "Ascenseur en panne"},
    "needs.themes": {"name": "Propreté"},
    "needs.settings": {"premoderation": "y"},
    "meetings.join": {"code": "XXXX", "name": "Awa"},
    "meetings.set_state": {"state": "live"},
    "meetings.save_notes": {"notes": "Tour de table."},
    "meetings.add_attendee": {"name": "Awa", "source": "paper"},
    "meetings.strike_attendance": {"confirm": "yes"},
    "meetings.clock": {"action": "extend"},
    "meetings.turn_time": {"minutes": "2"},
    # meetings: planning
    "meetings.new": {
        "title": "Assemblée d'avril",
        "kind": "assembly",
        "date": "2026-04-02",
        "time": "18:30",
        "duration": "120",
        "order_rule": "first_come",
        "public": "y",
    },
    "meetings.edit": {
        "title": "Assemblée de mars",
        "kind": "assembly",
        "date": "2026-03-05",
        "time": "18:00",
        "duration": "90",
        "order_rule": "alternate",
    },
    "meetings.rsvp": {"name": "Mireille", "answer": "yes"},
    "meetings.new_item": {"title": "Le chauffage", "timebox": "20", "method": "go_round"},
    "meetings.edit_item": {"title": "Les charges", "timebox": "25", "method": "vote"},
    "meetings.reorder_item": {"direction": "down"},
    "meetings.agenda_need": {"need": "1"},
    "meetings.send_invitation": {"confirm": "yes"},
    "meetings.confirm_cancel": {"confirm": "yes", "reason": "La salle est prise."},
    "meetings.replan": {"confirm": "yes"},
    # decisions: at meetings
    "decisions.new_for_item": {"question": "Fait-on la fête en juin ?", "method": "hands"},
    "decisions.ballot": {"choice": "yes"},
    "decisions.hands": {"yes": "12", "no": "3", "abstain": "1"},
    "decisions.objection": {"name": "Awa", "reason": "Trop tôt dans l'année."},
    "decisions.resolve": {"resolution": "On attend septembre."},
    "decisions.to_vote": {"method": "ballot"},
    # decisions: online
    "decisions.new": {
        "question": "Demande-t-on un rendez-vous au bailleur ?",
        "method": "ballot",
        "closes_date": date.fromordinal(date.today().toordinal() + 7).isoformat(),
        "closes_time": "20:00",
    },
    "decisions.argue": {"side": "for", "body": "Il faut agir avant l'hiver."},
    "decisions.summarize_argument": {"french_summary": "Agir vite."},
    "canvassing.summarize": {"french_summary": "Les charges ont doublé."},
    # tasks
    "tasks.new": {"title": "Écrire au bailleur", "assignee_name": "Fatou"},
    "tasks.toggle": {"done": "1"},
    # minutes
    "minutes.edit": {"body": "# Compte rendu\n\nTour de table."},
    "minutes.publish": {"publish": "1"},
    # campaigns
    "campaigns.new": {"title": "Des caves propres", "need_refs": "B-2"},
    "campaigns.edit": {"title": "Des ascenseurs qui marchent", "need_refs": "B-1", "public": "y"},
    "campaigns.chart": {"victory": "Les deux ascenseurs marchent tout l'hiver."},
    **dict.fromkeys(
        ("campaigns.new_action", "campaigns.edit_action"),
        {
            "kind": "rally",
            "title": "Rassemblement devant l'agence",
            "date": "2026-04-09",
            "time": "17:00",
            "duration": "60",
            "escalation": "2",
            "public": "y",
        },
    ),
    "campaigns.debrief_action": {"worked": "Trente personnes.", "next_step": "Rappeler."},
    # campaigns: the petition
    "campaigns.sign": {"name": "Mireille Petit", "place": "Bâtiment B", "lives_here": "yes"},
    "campaigns.new_petition": {"title": "Des caves propres", "text": "Nettoyez les caves."},
    "campaigns.edit_petition": {"title": "Réparez nos ascenseurs", "text": "Sous 48 heures."},
    "campaigns.petition_state": {"state": "closed"},
    "campaigns.petition_batch": {"sheet": "Feuille 2", "rows-0-name": "Awa Traoré"},
    "campaigns.review_signature": {"decision": "distinct"},
    "campaigns.review_held": {"decision": "count", "through": "1"},
    "campaigns.deliver_petition": {
        "title": "Remise de la pétition",
        "date": "2026-04-16",
        "time": "17:00",
    },
    # campaigns: demands, negotiation and commitments
    "campaigns.new_demand": {
        "what": "Un contrat d'entretien.",
        "sent_how": "letter",
        "sent_on": "2026-03-02",
        "letter": "Madame,\n\nNous demandons…",
    },
    "campaigns.edit_demand": {"what": "Réparer les ascenseurs.", "target": "1"},
    "campaigns.delete_demand": {"confirm": "yes"},
    "campaigns.new_exchange": {
        "kind": "meeting",
        "happened_on": "2026-03-25",
        "who_went": "Awa, Karim",
        "said": "Elle promet.",
    },
    "campaigns.edit_exchange": {"kind": "answer", "happened_on": "2026-03-20"},
    "campaigns.delete_exchange": {"confirm": "yes"},
    "campaigns.new_commitment": {"what": "Réparer le bâtiment C.", "due_on": "2026-05-15"},
    "campaigns.edit_commitment": {"what": "Réparer le bâtiment A.", "due_on": "2026-05-01"},
    "campaigns.mark_commitment": {"state": "kept", "note": "Réparé lundi."},
    "campaigns.delete_commitment": {"confirm": "yes"},
    "campaigns.grid": {
        **{f"score_{c}": "partly" for c in CRITERIA},
        "note_winnable": "Le bailleur a déjà cédé une fois.",
    },
    # campaigns: people
    "campaigns.new_target": {"primary": "1", "role": "Directeur général"},
    "campaigns.edit_target": {"primary": "1", "role": "Directrice d'agence"},
    "campaigns.remove_target": {"confirm": "yes"},
    "campaigns.new_stakeholder": {
        "kind": "ally",
        "name": "Le centre social",
        "influence": "2",
        "stance": "1",
    },
    "campaigns.edit_stakeholder": {
        "kind": "ally",
        "name": "Amicale",
        "influence": "3",
        "stance": "2",
    },
    "campaigns.remove_stakeholder": {"confirm": "yes"},
    # campaigns: outcome
    "campaigns.confirm_end": {"confirm": "yes", "stage": "won", "outcome": "Réparés."},
    "campaigns.reopen": {"confirm": "yes"},
    "canvassing.new": {
        "name": "Écoute du printemps",
        "starts_on": "2026-03-14",
        "ends_on": "2026-04-04",
        "places": "Bâtiment C",
    },
    "canvassing.edit": {
        "name": "Écoute des Glycines",
        "starts_on": "2026-03-14",
        "ends_on": "2026-04-11",
        "places": "Bâtiment A\nBâtiment B",
    },
    "canvassing.visit": {"building": "Bâtiment B", "outcome": "absent"},
    # consultations
    "consultations.new": {
        "title": "Notre charte",
        "opens_on": "2026-03-01",
        "closes_on": "2026-03-31",
        "audience": "public",
        "text": "Nous, habitantes et habitants des Glycines.",
    },
    "consultations.edit": {
        "title": "Notre lettre au bailleur",
        "opens_on": "2026-01-01",
        "closes_on": "2099-12-31",
        "audience": "public",
    },
    # consultations: taking part
    "consultations.position": {"position": "support"},
    "consultations.comment": {"kind": "question", "text": "Sous combien de jours ?"},
    "consultations.amend": {"rewrite": "Nous demandons la réparation sous huit jours."},
    "consultations.moderate": {"decision": "approved"},
    # consultations: answers and the final text
    "consultations.answer": {"answer": "not_kept", "reason": "Hors de notre demande."},
    "consultations.final_paragraph": {"body": "Nous demandons la réparation sous huit jours."},
    "consultations.add_paragraph": {"added": "Nous demandons un contrat d'entretien."},
    "consultations.publish_final": {"confirm": "yes"},
    # people: the contact book
    "people.new": {"name": "Moussa Camara", "phone": "06 98 76 54 32"},
    "people.edit": {"name": "Awa Traoré", "building": "Bâtiment A"},
    "people.give_consent": {"purpose": "sms_reminders", "source": "phone"},
    # people (a one-to-one's `met_by` is a member's id, unknown here: its forms answer 400)
    "people.ladder": {"levels": "contacté·e\nparticipant·e\nactif·ve"},
    "people.set_level": {"rank": "1"},
    "people.new_one_to_one": {"met_on": "2026-03-14", "self_interest": "Les charges."},
    "people.edit_one_to_one": {"met_on": "2026-03-14", "self_interest": "Les charges."},
    "people.delete_one_to_one": {"confirm": "yes"},
    "people.asks": {"what": "Venir avec trois voisins ?", "asked_on": "2026-03-14"},
    "people.answer_ask": {"outcome": "accepted"},
    # people: residents' rights
    "people.erase_person": {"confirm": "yes"},
    # messages
    "messages.settings": {
        "kinds": "call_to_action",
        "reminder_hours": "48 3",
        "quiet_from": "21",
        "quiet_until": "8",
    },
    "messages.new": {"subject": "Assemblée", "text": "Bonjour {prénom} !", "once": "k" * 22},
}


def signed_by_the_phone(app, client, url):
    """A call of the gateway phone, signed with the key the app is given here."""
    from tests.messaging import MESSAGING, signed_webhook

    app.config["SMS_WEBHOOK_KEY"] = MESSAGING["SMS_WEBHOOK_KEY"]
    body, headers = signed_webhook({"event": "system:ping", "payload": {}})
    return client.post(url, data=body, headers=headers)


# Routes whose caller proves itself by a signature instead of a session: the matrix calls
# them as their caller does, signed; test_signed_routes_refuse_unsigned_calls holds the rest.
SIGNED = {("messages.gateway_webhook", "POST"): signed_by_the_phone}


# What a GET may write: derived data only, which changes nothing anyone sees but the time a
# page takes (assembly.insights.models.Snapshot: figures kept a while).
CACHES = {"report_snapshots"}
WRITTEN_TABLE = re.compile(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.I)


def changes(statements: list[str]) -> list[str]:
    """The statements that change the group's data: writes to caches aside."""
    return [
        statement
        for statement in statements
        if not ((match := WRITTEN_TABLE.match(statement)) and match.group(1) in CACHES)
    ]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("endpoint", "method"), sorted(MATRIX))
def test_access(app, client, sign_in, world, visitor, endpoint, method):
    """The visitor is let through, or stopped as the matrix says; a GET changes nothing in
    the database, whoever asks (house rule: no state change on GET)."""
    sign_in(visitor)
    url = build_url(app, endpoint, world.args)
    before = len(world.writes)
    if (endpoint, method) in SIGNED:
        response = SIGNED[(endpoint, method)](app, client, url)
    elif method == "GET":
        response = client.get(url)
    else:
        response = post(client, url, FORM_DATA.get(endpoint, {}))
    response.close()  # static files answer with an open file
    if method == "GET":
        assert changes(world.writes[before:]) == [], f"GET {url} as {visitor} changed data"
    location = response.headers.get("Location", "")
    stopped = response.status_code == 403 or location.startswith("/login")
    if visitor in MATRIX[(endpoint, method)]:
        assert not stopped, f"{visitor} was stopped at {method} {url}: {response.status_code}"
        # A 404 would let a wrong URL pass for an open door: point the URL at a real record.
        assert response.status_code != 404, f"{visitor} got 404 at {method} {url}"
        assert response.status_code < 500
    elif visitor == "anonymous":
        assert response.status_code == 302 and location.startswith("/login"), response.status_code
    else:
        assert response.status_code == 403, (
            f"{visitor} got {response.status_code} at {method} {url}"
        )


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("endpoint", "method"), sorted(SIGNED))
def test_signed_routes_refuse_unsigned_calls(
    app, client, sign_in, world, visitor, endpoint, method
):
    """A session opens nothing there: unsigned, every visitor gets 403, anonymous ones too
    (no detour by /login, where signing in would not help)."""
    from tests.messaging import MESSAGING

    app.config["SMS_WEBHOOK_KEY"] = MESSAGING["SMS_WEBHOOK_KEY"]
    sign_in(visitor)
    response = post(client, build_url(app, endpoint, world.args), {})
    assert response.status_code == 403

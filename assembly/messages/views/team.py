"""The team's side of messages (organizers and administrators): the outbox, trying a
failed message again or letting it go, and the group's settings.

Who may read the outbox is `Message.visible_to`: the routes ask for the organizer's
role (the same rule), the queries and templates ask the method.
"""

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

import assembly.messages.activity  # noqa: F401  (what the contact book shows of a person)
import assembly.messages.digest  # noqa: F401  (the team's daily digest, written by the sender)
from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view, load_in_group
from assembly.groups.models import Group, Role
from assembly.messages import team
from assembly.messages.forms import SettingsForm
from assembly.messages.models import (
    OPTIONAL_KINDS,
    Broadcast,
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
)
from assembly.messages.outbox import configured_channels, settings_of
from assembly.messages.views import bp
from assembly.people import book
from assembly.people.models import Person
from assembly.web.inputs import asked_page, page_count
from assembly.web.render import form_status, render

bp.add_app_template_global(Message, "Message")
bp.add_app_template_global(configured_channels)


def load_message(group: Group, message_id: int) -> Message:
    """The group's message `message_id` (404 if not the group's), if `g.viewer` may read
    the outbox (403)."""
    message = load_in_group(Message, message_id, group)
    if not Message.visible_to(g.viewer):
        abort(403)
    return message


@bp.get("/g/<slug>/messages")
@group_view(Role.ORGANIZER)
def outbox(group: Group):
    """Every message the group wrote, newest first, 50 a page, with what waits, what
    went this month and what it cost, and what failed."""
    filters = team.OutboxFilters.read(request.args)
    number = asked_page()
    query = team.outbox(group, g.viewer, filters)
    total = book.count(query)
    messages = book.page(query.options(selectinload(Message.person)), number, team.PAGE_SIZE)
    broadcast = db.session.get(Broadcast, int(filters.broadcast)) if filters.broadcast else None
    person = db.session.get(Person, int(filters.person)) if filters.person else None
    return render(
        "messages/outbox.html",
        group=group,
        filters=filters,
        messages=messages,
        total=total,
        page=number,
        pages=page_count(total, team.PAGE_SIZE),
        totals=team.totals(group),
        broadcast=broadcast if broadcast and broadcast.group_id == group.id else None,
        person=person if person and person.group_id == group.id else None,
        now=utcnow(),
        in_words=team.in_words,
        may_retry=team.may_retry,
        MessageStatus=MessageStatus,
        MessageKind=MessageKind,
        MessageChannel=MessageChannel,
        WAITING=team.WAITING,
    )


def _back(group: Group) -> str:
    """Back to the failures, where the buttons are."""
    return url_for("messages.outbox", slug=group.slug, status=MessageStatus.FAILED.value)


@bp.post("/g/<slug>/messages/<int:message_id>/retry")
@group_view(Role.ORGANIZER)
def retry(group: Group, message_id: int):
    """Put a failed message back in the queue (journaled)."""
    message = load_message(group, message_id)
    if team.retry(message, by=current_user._get_current_object()):
        flash(_("The message will be tried again at the next sending."))
    else:
        flash(_("This message can no longer be tried again."))
    return redirect(_back(group))


@bp.post("/g/<slug>/messages/<int:message_id>/dismiss")
@group_view(Role.ORGANIZER)
def dismiss(group: Group, message_id: int):
    """Let a failed message go: it leaves the failures (journaled)."""
    message = load_message(group, message_id)
    if team.dismiss(message, by=current_user._get_current_object()):
        flash(_("The message was let go: it will not be sent."))
    return redirect(_back(group))


@bp.route("/g/<slug>/messages/settings", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def settings(group: Group):
    """Which messages the group sends, reminder hours, quiet hours, the sender's name."""
    current = settings_of(group.id)
    form = SettingsForm(
        data={
            "kinds": [kind.value for kind in OPTIONAL_KINDS if current.sends(kind)],
            "reminder_hours": current.reminder_hours,
            "quiet_from": current.quiet_from,
            "quiet_until": current.quiet_until,
            "sender_name": current.sender_name,
        }
    )
    form.sender_name.render_kw = {"placeholder": group.name}
    if form.validate_on_submit():
        team.save_settings(
            group,
            turned_on=form.turned_on(),
            reminder_hours=form.hours(),
            quiet_from=form.quiet_from.data,
            quiet_until=form.quiet_until.data,
            sender_name=form.sender_name.data or "",
            by=current_user._get_current_object(),
        )
        flash(_("Settings saved."))
        return redirect(url_for("messages.settings", slug=group.slug))
    return render("messages/settings.html", group=group, form=form, status=form_status(form))

"""A member's own messages from a group: what they receive, and on which phone or e-mail.

Each box ticked records a consent in the words of the box (the member's language, and
for the team the daily digest named); each box left unticked withdraws its consent.
"""

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Membership, Role
from assembly.messages.forms import CHOICES, OwnMessagesForm
from assembly.messages.models import MessageChannel
from assembly.messages.operations import choose_messages
from assembly.messages.outbox import configured_channels
from assembly.messages.views import bp
from assembly.people.operations import person_of_user
from assembly.web.contact import shown_phone
from assembly.web.render import form_status, render


@bp.app_template_global()
def message_groups() -> list[Group]:
    """The groups the signed-in account is a member of, for the account page's links
    (an observer receives nothing from a group)."""
    if not current_user.is_authenticated:
        return []
    query = (
        db.select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == current_user.id, Membership.of_member)
        .order_by(Group.name)
    )
    return list(db.session.scalars(query))


def _as_saved(group: Group) -> dict:
    """The form as the member last left it: their person's contact and consents, else
    their account's phone and e-mail."""
    user = current_user
    person = person_of_user(group, user)
    data = {
        "phone": shown_phone(person.phone) if person and person.phone else (user.phone or ""),
        "email": person.email if person and person.email else (user.email or ""),
    }
    for name, purpose in CHOICES:
        data[name] = bool(person and person.may(purpose))
    return data


@bp.route("/g/<slug>/messages/mine", methods=["GET", "POST"])
@group_view(Role.MEMBER)
def mine(group: Group):
    """Choose what this group sends me, and where."""
    form = OwnMessagesForm(team=g.viewer.is_team, data=_as_saved(group))
    if form.validate_on_submit():
        user = current_user._get_current_object()
        choose_messages(group, user, contact=form.contact(), wanted=form.wanted())
        db.session.commit()
        flash(_("Your choices are saved."))
        return redirect(url_for("messages.mine", slug=group.slug))
    channels = configured_channels()
    return render(
        "messages/mine.html",
        group=group,
        form=form,
        no_sms=MessageChannel.SMS not in channels,
        no_email=MessageChannel.EMAIL not in channels,
        status=form_status(form),
    )

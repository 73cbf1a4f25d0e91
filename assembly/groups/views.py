"""Group pages: the list of groups, a group's home, members, invites, new groups."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from assembly.auth.links import reset_link_page
from assembly.auth.models import User
from assembly.auth.operations import create_reset_link, start_session
from assembly.extensions import db, htmx
from assembly.groups import operations
from assembly.groups.access import (
    NOBODY,
    group_view,
    load_in_group,
    may_make_reset_link,
    may_make_reset_links,
)
from assembly.groups.forms import ContactForm, GroupForm, InviteForm, JoinForm, RoleForm
from assembly.groups.models import Group, Invite, Membership, Role
from assembly.web.access import instance_admin, public
from assembly.web.inputs import asked_page
from assembly.web.render import form_status, render
from assembly.web.visitor import limit_public_form

bp = Blueprint("groups", __name__)


@bp.before_app_request
def nobody_yet() -> None:
    """Every page starts with an anonymous viewer; `group_view` says who it really is."""
    g.viewer = NOBODY


def load_invite(token: str) -> Invite:
    """Return the invite behind a link, or 404; the view answers 410 when it is spent."""
    invite = db.session.scalar(db.select(Invite).filter_by(token=token))
    if invite is None:
        abort(404)
    return invite


@bp.get("/")
@public
def index():
    """Go straight to the group when the instance hosts only one; else list them."""
    groups = list(db.session.scalars(db.select(Group).order_by(Group.name)))
    if len(groups) == 1:
        return redirect(url_for("groups.home", slug=groups[0].slug))
    return render("groups/index.html", groups=groups)


@bp.get("/g/<slug>/")
@group_view()
def home(group: Group):
    """The group's description; later features fill the next meeting and recent needs."""
    return render("groups/home.html", group=group)


PER_PAGE = 30  # members on one page: a group of thousands stays a light page


def memberships_of(group: Group, *, page: int, members: bool = True) -> list[Membership]:
    """One page of the group's memberships (its members, or else its observers) by name,
    their accounts loaded with them: PER_PAGE + 1 rows, the last one telling there is a
    next page."""
    return list(
        db.session.scalars(
            db.select(Membership)
            .filter_by(group_id=group.id)
            .where(Membership.of_member if members else ~Membership.of_member)
            .join(Membership.user)
            .options(contains_eager(Membership.user))
            .order_by(db.func.lower(User.display_name), Membership.id)
            .limit(PER_PAGE + 1)
            .offset((page - 1) * PER_PAGE)
        )
    )


def members_page(group: Group, status: int = 200, contact_form: ContactForm | None = None):
    """The members, a page at a time, then the observers apart: they hold a place here but
    are no members (`Membership.of_member`), and are not counted as such."""
    page = asked_page()
    memberships = memberships_of(group, page=page)
    count = db.session.scalar(
        db.select(db.func.count(Membership.id))
        .filter_by(group_id=group.id)
        .where(Membership.of_member)
    )
    return render(
        "groups/members.html",
        block="members",
        status=status,
        group=group,
        memberships=memberships[:PER_PAGE],
        count=count,
        page=page,
        has_next=len(memberships) > PER_PAGE,
        observers=memberships_of(group, page=1, members=False)[:PER_PAGE],
        contact_form=contact_form or ContactForm(contact=group.contact),
    )


@bp.get("/g/<slug>/members")
@group_view(Role.ADMIN)
def members(group: Group):
    """Everyone in the group and their role, for the group's administrators."""
    return members_page(group)


@bp.post("/g/<slug>/contact")
@group_view(Role.ADMIN)
def set_contact(group: Group):
    """Say whom residents ask about their data."""
    form = ContactForm()
    if not form.validate_on_submit():
        return members_page(group, status=form_status(form), contact_form=form)
    operations.set_contact(group, form.contact.data or "")
    flash(_("The contact for personal data is saved."))
    return redirect(url_for("groups.members", slug=group.slug, _anchor="contact"))


@bp.post("/g/<slug>/members/<int:membership_id>/role")
@group_view(Role.ADMIN)
def change_role(group: Group, membership_id: int):
    """Give a member another role (htmx swaps the list in place)."""
    membership = load_in_group(Membership, membership_id, group)
    form = RoleForm()
    if not form.validate_on_submit():
        return members_page(group, status=400)
    try:
        operations.change_role(membership, Role(form.role.data))
    except operations.LastAdminError:
        flash(_("A group needs at least one administrator."))
        return members_page(group, status=400)
    flash(
        _(
            "%(name)s is now %(role)s.",
            name=membership.user.display_name,
            role=Role(form.role.data).label,
        )
    )
    if htmx:
        return members_page(group)
    return redirect(url_for("groups.members", slug=group.slug))


@bp.post("/g/<slug>/members/<int:membership_id>/remove")
@group_view(Role.ADMIN)
def remove_member(group: Group, membership_id: int):
    """Take someone out of the group; their account and what they wrote stay."""
    membership = load_in_group(Membership, membership_id, group)
    name = membership.user.display_name
    try:
        operations.remove_member(membership)
    except operations.LastAdminError:
        flash(_("A group needs at least one administrator."))
    else:
        flash(_("%(name)s is no longer a member.", name=name))
    return redirect(url_for("groups.members", slug=group.slug))


def load_resettable(group: Group, membership_id: int) -> Membership:
    """Return the membership whose account the visitor may make a reset link for.

    404 for a membership of another group; 403 when its account holds a higher role
    than the visitor's, here or in another group (`may_make_reset_link`).
    """
    membership = load_in_group(Membership, membership_id, group)
    if not may_make_reset_link(current_user, group, membership.user):
        abort(403)
    return membership


@bp.get("/g/<slug>/reset-links")
@group_view(Role.ORGANIZER)
def reset_links(group: Group):
    """The members whose account the visitor may help back into, with a button for each,
    a page at a time."""
    page = asked_page()
    memberships = db.session.scalars(
        db.select(Membership)
        .filter_by(group_id=group.id)
        .join(Membership.user)
        .options(contains_eager(Membership.user))
        .order_by(db.func.lower(User.display_name), Membership.id)
        .limit(PER_PAGE + 1)
        .offset((page - 1) * PER_PAGE)
    ).all()
    allowed = may_make_reset_links(current_user, group, [m.user for m in memberships])
    rows = [(m, allowed[m.user_id]) for m in memberships[:PER_PAGE]]
    return render(
        "groups/reset_links.html",
        group=group,
        rows=rows,
        page=page,
        has_next=len(memberships) > PER_PAGE,
    )


@bp.post("/g/<slug>/members/<int:membership_id>/reset")
@group_view(Role.ORGANIZER)
def make_reset_link(group: Group, membership_id: int):
    """Make a one-time reset link for a member and show it once, with its QR code."""
    membership = load_resettable(group, membership_id)
    token = create_reset_link(membership.user, by=current_user, group_id=group.id)
    return reset_link_page(
        membership.user, token, back=url_for("groups.reset_links", slug=group.slug)
    )


@bp.route("/g/<slug>/invites", methods=["GET", "POST"])
@group_view(Role.ADMIN)
def invites(group: Group):
    """Make invite links and see the ones still open."""
    form = InviteForm()
    if form.validate_on_submit():
        invite = operations.create_invite(
            group,
            role=Role(form.role.data),
            single_use=form.single_use.data,
            days=form.days.data,
            by=current_user,
        )
        flash(_("The new link is at the top of the list."))
        return redirect(url_for("groups.invites", slug=group.slug, _anchor=f"invite-{invite.id}"))
    open_invites = db.session.scalars(
        db.select(Invite)
        .filter_by(group_id=group.id)
        .order_by(Invite.created_at.desc(), Invite.id.desc())
    )
    return render(
        "groups/invites.html",
        group=group,
        form=form,
        invites=[i for i in open_invites if i.usable],
        status=form_status(form),
    )


@bp.post("/g/<slug>/invites/<int:invite_id>/revoke")
@group_view(Role.ADMIN)
def revoke_invite(group: Group, invite_id: int):
    operations.revoke_invite(load_in_group(Invite, invite_id, group))
    flash(_("The link no longer works."))
    return redirect(url_for("groups.invites", slug=group.slug))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
@limit_public_form
def join(token: str):
    """Join a group through an invite link: signed in in one tap, else name and password."""
    invite = load_invite(token)
    group = invite.group
    if not invite.usable:
        return render("groups/invite_gone.html", group=group, status=410)
    if current_user.is_authenticated:
        if request.method == "POST":  # CSRFProtect has checked the token
            if operations.accept_invite(invite, current_user) is None:
                return render("groups/invite_gone.html", group=group, status=410)
            flash(_("Welcome to %(group)s!", group=group.name))
            return redirect(url_for("groups.home", slug=group.slug))
        return render("groups/join.html", group=group, invite=invite, form=None)
    form = JoinForm(group)
    if form.validate_on_submit():
        user = operations.join_with_invite(
            invite,
            display_name=form.display_name.data,
            username=form.username.data,
            password=form.password.data,
        )
        if user is None:  # the last use went to someone else a moment ago
            return render("groups/invite_gone.html", group=group, status=410)
        start_session(user)
        flash(
            _(
                "Welcome! To sign in again, your username is %(username)s: write it down.",
                username=user.username,
            )
        )
        return redirect(url_for("groups.home", slug=group.slug))
    return render(
        "groups/join.html", group=group, invite=invite, form=form, status=form_status(form)
    )


@bp.route("/admin/groups/new", methods=["GET", "POST"])
@instance_admin
def new_group():
    """Create a group; its creator becomes its first administrator."""
    form = GroupForm()
    if form.validate_on_submit():
        group = operations.create_group(
            form.name.data, form.slug.data, form.description.data or "", admin=current_user
        )
        flash(_("The group is created. Invite its members."))
        return redirect(url_for("groups.home", slug=group.slug))
    return render("groups/new.html", form=form, status=form_status(form))


# Every template may name a role: `Role(value).label`, or `membership.role.label`.
bp.add_app_template_global(Role, "Role")

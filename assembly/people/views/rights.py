"""Residents' rights: a person's data for the team to hand over or erase (organizers and
administrators, from the person's page), one's own data from the account page, and each
group's page about what it keeps."""

from flask import Response, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.people import rights as ops
from assembly.people.models import Person
from assembly.people.views import bp, load_person
from assembly.web.access import signed_in
from assembly.web.forms import confirmed
from assembly.web.personal_data import declarations
from assembly.web.render import render


def zip_download(data: bytes, filename: str) -> Response:
    """A zip to save, never kept by a cache (it is personal data)."""
    return Response(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/g/<slug>/people/<int:person_id>/export")
@group_view(Role.MEMBER)
def export_person(group: Group, person_id: int):
    """Everything the group holds about the person, as JSON and CSV in a zip. A POST: the
    journal notes who made it."""
    person = load_person(group, person_id)
    return zip_download(
        ops.export_person(person, by=current_user), f"{group.slug}-person-{person.id}.zip"
    )


def erase_page(group: Group, person: Person, status: int = 200):
    """The confirmation page: what erasing would delete, what it keeps without the name."""
    return render(
        "people/erase.html",
        status=status,
        group=group,
        person=person,
        member=ops.still_member(person),
        plan=ops.erasure_plan(person),
        titles={d.feature: d.title for d in declarations()},
    )


@bp.get("/g/<slug>/people/<int:person_id>/erase")
@group_view(Role.MEMBER)
def confirm_erase(group: Group, person_id: int):
    """Ask before erasing: nothing changes until the form below is sent."""
    return erase_page(group, load_person(group, person_id))


@bp.post("/g/<slug>/people/<int:person_id>/erase")
@group_view(Role.MEMBER)
def erase_person(group: Group, person_id: int):
    """Erase the person once confirmed (a member of the group: refused, 400)."""
    person = load_person(group, person_id)
    if ops.still_member(person):
        return erase_page(group, person, status=400)
    if not confirmed():
        flash(_("Nothing was changed: confirm first."))
        return redirect(url_for(".confirm_erase", slug=group.slug, person_id=person.id))
    ops.erase_person(person, by=current_user)
    flash(_("The person was erased. The journal keeps that it was done, not who it was."))
    return redirect(url_for("people.index", slug=group.slug))


@bp.get("/g/<slug>/data")
@group_view()
def group_data(group: Group):
    """What the group keeps about people, why, how long (its own retention period), who
    sees it, and whom to ask: the same declarations as /data."""
    return render(
        "people/data.html",
        group=group,
        declarations=declarations(),
        host_contact=current_app.config.get("HOST_CONTACT", ""),
    )


@bp.post("/account/data")
@signed_in
def export_account():
    """Everything the site holds about the signed-in account, as JSON and CSV in a zip."""
    user = current_user._get_current_object()
    return zip_download(ops.export_account(user), f"assemblee-account-{user.id}.zip")

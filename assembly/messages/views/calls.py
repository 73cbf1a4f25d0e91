"""A call to action (organizers and administrators): write one message to a selection of
the contact book, see it as it will read and what it costs, then send it.

Two steps, no JavaScript: "Preview" posts the form and shows it back with the preview
and its fingerprint (what the text and selection were); "Send" writes the messages
only when the fingerprint still matches — a text changed since is previewed again. The
form's one-time key makes a second sending (double tap, back button) write nothing.
"""

import hashlib

from flask import flash, g, redirect, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from assembly.clock import utcnow
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.messages import calls
from assembly.messages.forms import CallForm
from assembly.messages.outbox import quiet_until, settings_of
from assembly.messages.views import bp
from assembly.people import book
from assembly.people.operations import ladder
from assembly.web.i18n import LANGUAGE_NAMES
from assembly.web.once import first_result, remember_result
from assembly.web.render import render

SEND = "send"


def fingerprint(form: CallForm) -> str:
    """What the preview showed, in short: the same text to the same selection."""
    said = "\x1f".join([form.subject.data or "", form.text.data or "", repr(form.selection())])
    return hashlib.sha256(said.encode()).hexdigest()[:16]


def _page(group: Group, form: CallForm, choices: dict, status: int = 200, **context):
    return render(
        "messages/call.html",
        group=group,
        form=form,
        status=status,
        most=format_number(calls.MOST_RECIPIENTS),
        first_name=calls.FIRST_NAME,
        reasons={
            calls.NO_CONSENT: _("no consent to hear about the group's actions"),
            calls.NO_CONTACT: _("no phone or e-mail"),
            calls.NO_CHANNEL: _("only a contact this server cannot write to"),
        },
        **choices,
        **context,
    )


@bp.route("/g/<slug>/messages/new", methods=["GET", "POST"])
@group_view(Role.ORGANIZER)
def new(group: Group):
    """The call's form; posted, its preview; posted again with "Send", the messages."""
    names = ladder(group)
    occasions = book.occasions(group)
    languages = {code: LANGUAGE_NAMES.get(code, code) for code in book.languages(group)}
    choices = {"ladder": names, "occasions": occasions, "languages": languages}
    # Arriving from the contact book, its building and level are the selection.
    form = CallForm(data={name: request.args.get(name, "") for name in ("building", "level")})
    form.offer(names, languages, occasions)
    if not form.validate_on_submit():
        return _page(group, form, choices, status=400 if form.is_submitted() else 200)
    selection = form.selection()
    planned = calls.plan(group, g.viewer, selection, form.subject.data, form.text.data)
    seen = fingerprint(form)
    changed = form.checked.data != seen
    preview = {
        "plan": planned,
        "selection": selection.words(names, occasions, languages),
        "quiet_until": _quiet(group),
    }
    if request.form.get("step") != SEND or changed:
        form.checked.data = seen
        if request.form.get("step") == SEND:
            flash(_("The text or the selection changed since the preview: check it, then send."))
        return _page(group, form, choices, **preview)
    if not planned.sendable:
        form.checked.data = seen
        return _page(group, form, choices, status=400, **preview)
    outbox = url_for("messages.outbox", slug=group.slug)
    if done := first_result(form, fallback=outbox):
        return redirect(done)  # sent before: the back button, a double tap
    broadcast = calls.send(
        group,
        planned,
        subject=form.subject.data,
        text=form.text.data,
        selection=preview["selection"],
        batch=calls.batch_of(form.once.data),
        by=current_user._get_current_object(),
    )
    flash(
        _(
            "Call to action written: %(sms)s by SMS, %(email)s by e-mail. They leave shortly.",
            sms=broadcast.by_sms,
            email=broadcast.by_email,
        )
    )
    page = url_for("messages.outbox", slug=group.slug, broadcast=broadcast.id)
    return redirect(remember_result(form, page))


def _quiet(group: Group):
    """When SMS written now will go, if quiet hours hold them (else None)."""
    now = utcnow()
    wake = quiet_until(now, settings_of(group.id))
    return wake if wake > now else None

"""The forgotten password: a link by e-mail to each account that carries the address typed.

The page answers the same, after the same time (FORGOT_ANSWER_SECONDS), whether or
not an account has that address (see messages.recovery); it is rate-limited per
internet address here, and per account in `send_recovery_links`. Without SMTP (or
PUBLIC_URL) it says to ask an organizer.
"""

import time

from flask import current_app, redirect, request, url_for

from assembly.extensions import limiter
from assembly.messages.forms import ForgotForm
from assembly.messages.recovery import recovery_available, send_recovery_links
from assembly.messages.views import bp
from assembly.web.access import public
from assembly.web.render import form_status, render


def forgot_limit() -> str:
    return current_app.config["FORGOT_RATE_LIMIT"]


@bp.route("/forgot", methods=["GET", "POST"])
@public
@limiter.limit(forgot_limit, methods=["POST"])
def forgot():
    """Ask for a link to choose a new password; then the same answer, whoever asked."""
    if not recovery_available():
        return render("messages/forgot.html", form=None)
    form = ForgotForm()
    if form.validate_on_submit():
        started = time.monotonic()
        send_recovery_links(form.email.parsed)
        # Known or not, the answer comes after the same time: writing the links and their
        # e-mails (milliseconds) would otherwise tell an address that has an account.
        floor = current_app.config["FORGOT_ANSWER_SECONDS"]
        time.sleep(max(0.0, floor - (time.monotonic() - started)))
        return redirect(url_for("messages.forgot", sent=1))
    sent = request.method == "GET" and request.args.get("sent") == "1"
    return render("messages/forgot.html", form=form, sent=sent, status=form_status(form))

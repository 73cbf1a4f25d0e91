"""The way out of messages: a signed link in every e-mail, no account, no JavaScript.

GET shows what the link stops and asks; POST stops it. Mail programs' one-click button
(RFC 8058) posts `List-Unsubscribe=One-Click` with no form token: the signed link is
what proves the request comes from the message, so that one POST needs no CSRF token.
"""

from flask import abort, request
from flask_babel import gettext as _

from assembly.extensions import csrf, db
from assembly.messages.links import message_of
from assembly.messages.operations import stop_everything, stop_messages
from assembly.messages.views import bp
from assembly.web.access import public
from assembly.web.render import render

EVERYTHING = "everything"


@bp.route("/u/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def unsubscribe(token: str):
    message = message_of(token)
    if message is None or message.person is None or message.purpose is None:
        abort(404)
    person = message.person
    if request.method == "GET":
        return _page(message)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if one_click or request.form.get("what") != EVERYTHING:
        stop_messages(person, [message.purpose], how="link")
        done = _("You will no longer receive these messages.")
    else:
        stop_everything(person, how="link")
        done = _("You will no longer receive any message from this group.")
    db.session.commit()
    return _page(message, done=done)


def _page(message, done: str = ""):
    response = render(
        "messages/unsubscribe.html", message=message, done=done, everything=EVERYTHING
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

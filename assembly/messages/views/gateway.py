"""The webhook of the association's phone: delivery reports and incoming SMS (STOP).

The phone is no visitor with a session: its signature (see `messages.webhook`) is its
proof, so there is no CSRF token and no login, and nothing changes without it.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request

from assembly.extensions import csrf, db
from assembly.messages.views import bp
from assembly.messages.webhook import BadEvent, handle, signature_valid
from assembly.web.access import declare
from assembly.web.inputs import takes_json

# An event is a few hundred bytes: nobody gets to make us read more before the signature.
MAX_BODY = 64 * 1024


def signed_by_the_phone(view: Callable) -> Callable:
    """Only calls signed with SMS_WEBHOOK_KEY. 404 while the key is empty: the webhook is
    off, as if it were not there. 403 for a missing or wrong signature, or a timestamp
    more than five minutes away (a replay)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = current_app.config["SMS_WEBHOOK_KEY"]
        if not key:
            abort(404)
        request.max_content_length = MAX_BODY
        body = request.get_data(cache=True)
        timestamp = request.headers.get("X-Timestamp", "")
        if not signature_valid(key, body, timestamp, request.headers.get("X-Signature", "")):
            current_app.logger.warning("SMS gateway webhook: call refused (signature or time)")
            abort(403)
        return view(*args, **kwargs)

    return declare(wrapped, "signed:sms_gateway")


@bp.route("/sms/webhook", methods=["POST"])
@takes_json
@csrf.exempt
@signed_by_the_phone
def gateway_webhook():
    try:
        handle(request.get_json(silent=True))
    except BadEvent:
        abort(400)
    db.session.commit()
    return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}

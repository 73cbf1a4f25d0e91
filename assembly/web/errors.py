"""Translated error pages."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The form could not be read. Go back, reload the page and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account does not give access to this page.")),
    404: (
        _l("Page not found"),
        _l("This address leads nowhere. Check it, or start again from the home page."),
    ),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    410: (_l("No longer available"), _l("This link has expired or has already been used.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes before trying again.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Try again in a moment.")),
}


def render_error(code: int, detail=None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def handle_http_error(error: HTTPException):
    if error.code not in MESSAGES:
        return error
    return render_error(error.code)


def handle_csrf_error(_error: CSRFError):
    return render_error(
        400, _l("The form had expired or came from elsewhere. Reload the page and send it again.")
    )


def handle_unexpected(error: Exception):
    """Log and show the 500 page; in debug mode let Werkzeug's debugger show it."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    from flask import current_app

    current_app.logger.exception("Unhandled error")
    return render_error(500)


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.debug:
        app.register_error_handler(Exception, handle_unexpected)

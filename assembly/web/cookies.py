"""The session cookie only where a page needs one, and never refreshed by a 304.

Flask answers every page that so much as looked into the session (who is signed in? a
flash message?) with `Vary: Cookie`, and Flask-WTF's token in a page starts a session:
no cache could share a public page, and a visitor got a cookie on her first view. Here
a request that came without a session cookie and left its session empty gets neither;
a page whose form needs a CSRF token (or a flash, a joined meeting…) still starts one.
"""

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionWhenNeeded(SecureCookieSessionInterface):
    """Flask's signed-cookie session, quiet when there is nothing to keep."""

    kept: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made again only when the keys change: Flask makes one for
        every request (and another to write the cookie), a twentieth of a cheap request."""
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, serializer = self.kept
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            self.kept = (keys, serializer)  # one assignment: safe across threads
        return serializer

    def save_session(self, app: Flask, session, response: Response) -> None:
        if not session and self.get_cookie_name(app) not in request.cookies:
            # Looked into, found empty, left empty: the page is the same for every visitor
            # without a cookie, and there is nothing to send.
            return
        if response.status_code == 304 and not session.modified:
            # A poll that changed nothing: the last 200 refreshed the cookie, the next one
            # will. Vary stays, as a 304 must repeat it (RFC 9110, 15.4.5).
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def csrf_token_started() -> bool:
    """Whether a page may print a CSRF token without starting a session for it alone.

    True when one of its forms printed one already (Flask-WTF keeps it in `g`) or the
    visitor has a session. The layout asks before printing its own (htmx's header, the
    language switcher), which a reading page needs for no form of its own.
    """
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return field in g or current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def sent_from_our_pages() -> bool:
    """Whether the browser says this POST was sent by one of this site's pages.

    The language switcher's proof when it carries no token (a visitor without a
    session). Sec-Fetch-Site where the browser sends it; else Origin, which browsers
    send with a POST; else the Referer of older ones (our pages send it to themselves,
    Referrer-Policy: same-origin). No word at all from the browser is no proof.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    return bool(origin) and urlsplit(origin).netloc == request.host


def init_cookies(app: Flask) -> None:
    app.session_interface = SessionWhenNeeded()
    app.add_template_global(csrf_token_started)

"""The page that shows a new reset link once: groups and the instance's admins both use it."""

from flask import url_for

from assembly.auth.models import RESET_LIFETIME, User
from assembly.web.render import render


def reset_link_page(user: User, token: str, back: str):
    """Show the link and its QR code to hand over or read out; `back` is where to go next.

    The token exists only in this response (the database keeps its hash), so the page
    answers the POST that made it instead of redirecting, and no cache may keep it.
    """
    import segno  # loaded when a QR code is first drawn, not at start (memory)

    url = url_for("auth.reset", token=token, _external=True)
    response = render(
        "auth/reset_link.html",
        user=user,
        url=url,
        qr=segno.make(url, error="m").svg_data_uri(),
        hours=int(RESET_LIFETIME.total_seconds() // 3600),
        back=back,
    )
    response.headers["Cache-Control"] = "no-store"
    return response

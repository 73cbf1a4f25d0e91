"""Fingerprinted static URLs, so browsers may keep each file for a year; the stylesheet
inlined on the pages people arrive at from outside.

On a slow phone each request waits a full round trip (2 s on a bad mobile link) before
its first byte: a page whose stylesheet is a second request paints after two. The pages
a resident opens first (a QR code, a poster, a link in a message) carry the stylesheet in
the page itself, compacted, and ask the browser to fetch the file when idle, so the next
pages find it in the cache. Every other page links it.
"""

import base64
import hashlib
import re
from functools import cache

from flask import Flask, Response, current_app, request, url_for
from markupsafe import Markup

from assembly.paths import STATIC

YEAR = 60 * 60 * 24 * 365


@cache
def _fingerprint(filename: str) -> str:
    """The first 10 hex digits of the file's SHA-256 (computed once per process)."""
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """URL of a static file with its content hash, e.g. /static/style.css?v=3f2a…"""
    version = "dev" if current_app.debug else (_fingerprint_or_none(filename) or "missing")
    return url_for("static", filename=filename, v=version)


def cache_fingerprinted(response: Response) -> Response:
    """Let browsers keep a fingerprinted static file for a year without asking again.

    The file is read whole (our few files are small), so the compression that runs after
    this hook compresses it and the file is closed as it should be.
    """
    if request.endpoint == "static" and response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
        filename = request.view_args.get("filename", "")
        if request.args.get("v") == _fingerprint_or_none(filename):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
    return response


def _fingerprint_or_none(filename: str) -> str | None:
    try:
        return _fingerprint(filename)
    except OSError:
        return None


# The pages people arrive at from outside: the join form and its QR code, the poster's
# address and the need form, the group's home, the sign-in page, the list of groups.
ENTRY_PAGES = {
    "meetings.join",
    "meetings.join_code",
    "needs.short",
    "needs.new",
    "groups.home",
    "groups.index",
    "auth.login",
}
_STRING = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def compact_css(css: str) -> str:
    """The stylesheet without comments and needless spaces; quoted strings untouched."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    parts = _STRING.split(css)
    for i in range(0, len(parts), 2):  # the even parts are outside strings
        part = re.sub(r"\s+", " ", parts[i])
        parts[i] = re.sub(r"\s*([{};,])\s*", r"\1", part)
    return "".join(parts).strip()


@cache
def inline_stylesheet() -> Markup:
    css = compact_css((STATIC / "style.css").read_text(encoding="utf-8"))
    if "</" in css:  # it would close the <style> element
        raise ValueError("style.css holds '</': it cannot be inlined")
    return Markup(css)  # noqa: S704  # nosec B704: our own stylesheet, from the package


@cache
def inline_style_source() -> str:
    """The CSP source that allows the inlined stylesheet, and only it."""
    digest = hashlib.sha256(str(inline_stylesheet()).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def stylesheet_inlined() -> bool:
    """Whether this page carries the stylesheet itself (an entry page)."""
    return request.endpoint in ENTRY_PAGES


def init_assets(app: Flask) -> None:
    if not (STATIC / "vendor" / "htmx.min.js").exists():
        # Pages still work without it (no JavaScript needed), only less smoothly.
        app.logger.warning("static/vendor/htmx.min.js is missing: run `make assets`.")
    app.add_template_global(asset_url)
    app.add_template_global(inline_stylesheet)
    app.add_template_global(stylesheet_inlined)
    app.after_request(cache_fingerprinted)

"""Fingerprinted static URLs, so browsers may keep each file for a year."""

import hashlib
from functools import cache

from flask import Flask, Response, current_app, request, url_for

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
    """Let browsers keep a fingerprinted static file for a year without asking again."""
    if request.endpoint == "static" and response.status_code == 200:
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


def init_assets(app: Flask) -> None:
    if not (STATIC / "vendor" / "htmx.min.js").exists():
        # Pages still work without it (no JavaScript needed), only less smoothly.
        app.logger.warning("static/vendor/htmx.min.js is missing: run `make assets`.")
    app.add_template_global(asset_url)
    app.after_request(cache_fingerprinted)

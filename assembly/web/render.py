"""Rendering pages and their htmx fragments from the same template."""

from flask import make_response, render_template
from flask_wtf import FlaskForm
from jinja2_fragments.flask import render_block

from assembly.extensions import htmx


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render the whole page, or only `block` when htmx asked for it.

    Responses that can be fragments say so with ``Vary: HX-Request``, so a cache
    never serves a fragment as a page or the other way round.
    """
    if block and htmx:
        response = make_response(render_block(template, block, **context), status)
    else:
        response = make_response(render_template(template, **context), status)
    if block:
        response.vary.add("HX-Request")
    return response


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form failed validation, else 200."""
    return 400 if form.is_submitted() and form.errors else 200

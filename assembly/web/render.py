"""Rendering pages and their htmx fragments from the same template."""

from functools import wraps

from flask import current_app, make_response, render_template
from flask_babel import force_locale
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


def in_site_language(view):
    """Decorate a view whose page or file is printed for the whole group: the poster, the
    sign-in and petition sheets, the demand letter. It speaks the site's language (the one
    the group writes in: the room reads it, the landlord receives it), whatever the language
    of whoever prints it; its error pages stay in the reader's.

    The mark `view.in_site_language` lets the tests find every such page."""

    @wraps(view)
    def speaking_the_site_language(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return view(*args, **kwargs)

    speaking_the_site_language.in_site_language = True
    return speaking_the_site_language

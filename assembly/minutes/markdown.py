"""Markdown for the minutes: rendered by markdown-it-py with HTML off, then sanitized by nh3.

This is the one place where user text becomes markup marked safe: `render_markdown`
returns it only after nh3 has cleaned it.
"""

import re
from functools import cache

from markupsafe import Markup

TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
    *("ul", "ol", "li", "em", "strong", "code", "pre", "a"),
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Characters that would turn a name or a title into markup once inside the draft.
INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>#|])")


@cache
def parser():
    """markdown-it, loaded when minutes are first shown or exported (not by every process).

    Raw HTML in the text stays text; images become links (nothing loads from another
    host). A single line break stays one (`breaks`): note-takers write a line per point.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")


def render_markdown(text: str) -> Markup:
    """The minutes' Markdown as safe HTML: no raw HTML, no scripts, links that open nothing."""
    import nh3  # loaded when minutes are first shown, not by every process (memory)

    cleaned = nh3.clean(
        parser().render(text or ""),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 just above)  # nosec B704


def inline(value: object) -> str:
    """One line of plain text (a name, a title) written into Markdown so it reads as typed."""
    return INLINE_MARKUP.sub(r"\\\1", " ".join(str(value or "").split()))

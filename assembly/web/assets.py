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
from dataclasses import dataclass
from functools import cache, lru_cache

from flask import Flask, Response, current_app, g, request, url_for
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
def _stylesheet_rules() -> tuple["_Rule", ...]:
    """The stylesheet, compacted, as rules that know which pages they can apply to."""
    import tinycss2  # only the entry pages need it

    css = compact_css((STATIC / "style.css").read_text(encoding="utf-8"))
    if "</" in css:  # it would close the <style> element
        raise ValueError("style.css holds '</': it cannot be inlined")
    return _rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


@dataclass(frozen=True)
class _Rule:
    """A rule of the stylesheet and what a page must hold for any of its selectors to
    match: each alternative is the classes and the element names of one selector.
    No alternative (an at-rule, a selector on attributes only): it always applies."""

    text: str
    alternatives: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    inner: tuple["_Rule", ...] | None = None  # a @media block's rules

    def applies(self, classes: frozenset[str], tags: frozenset[str]) -> bool:
        return not self.alternatives or any(
            needed_classes <= classes and needed_tags <= tags
            for needed_classes, needed_tags in self.alternatives
        )


def _rules(nodes) -> tuple[_Rule, ...]:
    import tinycss2

    rules = []
    for node in nodes:
        if node.type == "qualified-rule":
            alternatives = tuple(_needs(selector) for selector in _split(node.prelude))
            rules.append(_Rule(tinycss2.serialize([node]), alternatives))
        elif node.type == "at-rule" and node.lower_at_keyword == "media":
            inner = tinycss2.parse_rule_list(node.content, skip_whitespace=True)
            rules.append(_Rule(f"@media{tinycss2.serialize(node.prelude)}", inner=_rules(inner)))
        elif node.type == "at-rule":  # @page and the like: small, kept as they are
            rules.append(_Rule(tinycss2.serialize([node])))
    return tuple(rules)


def _split(prelude) -> list[list]:
    """A selector list's selectors (as token lists), split at its top-level commas."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _needs(selector) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and element names one selector requires of a page. What sits inside
    brackets or a function (`:not(…)`, `:has(…)`) requires nothing: the rule is kept."""
    classes, tags = set(), set()
    previous = None
    for token in selector:
        if token.type == "ident":
            if previous == ".":
                classes.add(token.value)
            elif previous != ":":
                tags.add(token.value.lower())
        previous = token.value if token.type == "literal" else None
    return frozenset(classes), frozenset(tags)


_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
# Classes htmx gives elements while it works: a page that loads htmx may need their rules.
_HTMX_CLASSES = frozenset({"htmx-request", "htmx-added", "htmx-settling", "htmx-swapping"})


def inline_stylesheet(html: str, with_htmx: bool = False) -> Markup:
    """The stylesheet's rules that can apply to the page `html` (its body), compacted:
    what an entry page carries in a `<style>` of its own. A phone on a slow link gets
    only these (some 3 KB compressed instead of 9) before its first paint; the whole file
    comes later, fetched when the browser is idle, for the next pages. The CSP allows
    exactly this text (`inline_style_source`)."""
    classes = frozenset(
        name for value in _CLASS_ATTRIBUTE.findall(html) for name in value.split()
    ) | (_HTMX_CLASSES if with_htmx else frozenset())
    tags = frozenset(tag.lower() for tag in _START_TAG.findall(html)) | {"html", "head", "body"}
    css = _stylesheet_for(classes, tags)
    g.inline_style = css
    return Markup(css)  # noqa: S704  # nosec B704: our own stylesheet's rules, from the package


@lru_cache(maxsize=64)
def _stylesheet_for(classes: frozenset[str], tags: frozenset[str]) -> str:
    def kept(rules: tuple[_Rule, ...]) -> str:
        parts = []
        for rule in rules:
            if rule.inner is not None:
                inside = kept(rule.inner)
                if inside:
                    parts.append(f"{rule.text}{{{inside}}}")
            elif rule.applies(classes, tags):
                parts.append(rule.text)
        return "".join(parts)

    return kept(_stylesheet_rules())


@lru_cache(maxsize=64)
def inline_style_source(css: str) -> str:
    """The CSP source that allows the inlined stylesheet `css`, and only it."""
    digest = hashlib.sha256(css.encode()).digest()
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

"""The minutes as an OpenDocument text (.odt) for LibreOffice, built with odfdo.

The Markdown is parsed by the same markdown-it-py parser the page uses, and its
tokens are walked: headings become headings (with LibreOffice's heading styles, so
the navigator and a table of contents find them), paragraphs paragraphs, lists
lists. Emphasis is kept as plain text; a link keeps its address in brackets.
"""

from markdown_it.token import Token
from odfdo import Element, Header, List, ListItem, Paragraph

from assembly.minutes.markdown import parser
from assembly.web.odt import BODY, blank_document, odt_bytes, unnumbered_headings

CODE, BULLETS = "Preformatted_20_Text", "List_20_1"


def minutes_odt(title: str, markdown: str) -> bytes:
    """The document as bytes: `title` in its properties, `markdown` as its text."""
    document = blank_document(title)
    unnumbered_headings(document)  # the minutes carry their own numbers
    _write(document.body, parser().parse(markdown or ""))
    return odt_bytes(document)


def _write(body: Element, tokens: list[Token]) -> None:
    """Append the blocks the tokens describe; lists nest inside list items."""
    where: list[Element] = [body]  # the innermost container: the body, a list, a list item
    numbers: list[int | None] = []  # per open list: the next number, or None for bullets
    heading = 0
    prefix = ""  # "3. " before the first paragraph of an ordered list's item
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "inline":
            text = prefix + inline_text(token)
            prefix = ""
            if heading:
                header = Header(heading, text)
                header.style = f"Heading_20_{heading}"  # Header() leaves its `style` argument out
                where[-1].append(header)
            else:
                where[-1].append(Paragraph(text, style=BODY))
        elif kind == "heading_close":
            heading = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            listing = List(style=None if ordered else BULLETS)
            where[-1].append(listing)
            where.append(listing)
            numbers.append(int(token.attrGet("start") or 1) if ordered else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            where.pop()
            numbers.pop()
        elif kind == "list_item_open":
            item = ListItem()
            where[-1].append_item(item)
            where.append(item)
            if numbers[-1] is not None:
                prefix, numbers[-1] = f"{numbers[-1]}. ", numbers[-1] + 1
        elif kind == "list_item_close":
            where.pop()
        elif kind in ("fence", "code_block"):
            where[-1].append(Paragraph(token.content.rstrip("\n"), style=CODE))


def inline_text(token: Token) -> str:
    """A paragraph's or heading's text: emphasis dropped, hard breaks kept, links spelled out."""
    parts = []
    href = None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):  # a line break is kept, as on the page
            parts.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            start = len(parts)
        elif child.type == "link_close" and href:
            if "".join(parts[start:]) != href and not href.startswith("mailto:"):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)

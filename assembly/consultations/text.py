"""A text pasted as Markdown, cut into headings and paragraphs; and read in parts.

Blocks are separated by blank lines; a block whose first line starts with `#`, `##` or
`###` is a heading (the rest of the block, if any, a paragraph of its own). A list or
lines without a blank between them stay one paragraph, line breaks kept. The text is
shown as written (no Markdown rendering): what people amend is what they read.
"""

import re
from dataclasses import dataclass

HEADING = re.compile(r"^(#{1,3})\s+(.*\S)\s*$")
PART_SIZE = 15  # paragraphs per page at most: a part stays light on a basic phone


@dataclass(frozen=True)
class Block:
    level: int  # 0: a paragraph; 1–3: a heading
    body: str


def split(markdown: str) -> list[Block]:
    """The text's headings and paragraphs, in order."""
    blocks: list[Block] = []
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        if heading := HEADING.match(lines[0]):
            blocks.append(Block(len(heading.group(1)), heading.group(2).strip()))
            lines = lines[1:]
        body = "\n".join(lines).strip()
        if body:
            blocks.append(Block(0, body))
    return blocks


def join(blocks) -> str:
    """The Markdown of headings and paragraphs (anything with `level` and `body`)."""
    parts = [f"{'#' * b.level} {b.body}" if b.level else b.body for b in blocks if b.body]
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Part:
    """A page of the text: from a heading (or the start) to the next one, at most
    PART_SIZE paragraphs."""

    number: int  # 1, 2, 3…
    title: str  # its heading's text, "" for a part before any heading
    items: list  # the paragraphs and headings it shows, in order


def parts(paragraphs, size: int = PART_SIZE) -> list[Part]:
    """The text cut into pages: a new one at each heading that follows a paragraph, and
    every `size` paragraphs. A part is titled by its first heading, else the one it goes on."""
    found: list[Part] = []
    current: list = []
    running = ""  # the last heading met: a part cut in the middle of a section goes on with it
    count = 0
    for item in paragraphs:
        if count and (item.level > 0 or count == size):
            found.append(_part(len(found) + 1, current, running))
            current, count = [], 0
        if item.level > 0:
            running = item.body
        else:
            count += 1
        current.append(item)
    if current:
        found.append(_part(len(found) + 1, current, running))
    return found


def _part(number: int, items: list, running: str) -> Part:
    first = next((item.body for item in items if item.level > 0), None)
    return Part(number, first if first is not None else running, items)


def part_of(paragraphs, paragraph_id: int, size: int = PART_SIZE) -> int:
    """The number of the part that shows `paragraph_id` (1 if none)."""
    for part in parts(paragraphs, size):
        if any(item.id == paragraph_id for item in part.items):
            return part.number
    return 1
